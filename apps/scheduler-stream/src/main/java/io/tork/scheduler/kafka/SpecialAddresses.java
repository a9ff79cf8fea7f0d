package io.tork.scheduler.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a webhook must not reach unless an operator allows them: every block of IANA's IPv4
 * and IPv6 special-purpose registries that is not globally reachable (this host, its networks, the
 * cloud's metadata service, the carrier's NAT), multicast, and the reserved rest. IPv6 forms that
 * carry an IPv4 address (mapped, NAT64, 6to4) are judged by the IPv4 address they lead to. One
 * table, read top to bottom; the first block that holds an address names it. See ADR 48.
 */
final class SpecialAddresses {
  private SpecialAddresses() {}

  /** A block and what it is. */
  private record Block(Cidr cidr, String kind) {
    Block(String cidr, String kind) {
      this(Cidr.parse(cidr), kind);
    }
  }

  private static final List<Block> IPV4 =
      List.of(
          new Block("0.0.0.0/8", "an unspecified ('this network') address"),
          new Block("10.0.0.0/8", "a private address"),
          new Block("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
          new Block("127.0.0.0/8", "a loopback address"),
          new Block("169.254.0.0/16", "a link-local address (cloud metadata services live here)"),
          new Block("172.16.0.0/12", "a private address"),
          new Block("192.0.0.0/24", "an IETF protocol assignment"),
          new Block("192.0.2.0/24", "a documentation address (TEST-NET-1)"),
          new Block("192.88.99.0/24", "a 6to4 relay anycast address"),
          new Block("192.168.0.0/16", "a private address"),
          new Block("198.18.0.0/15", "a benchmarking address"),
          new Block("198.51.100.0/24", "a documentation address (TEST-NET-2)"),
          new Block("203.0.113.0/24", "a documentation address (TEST-NET-3)"),
          new Block("224.0.0.0/4", "a multicast address"),
          new Block("240.0.0.0/4", "a reserved address (or the broadcast address)"));

  /** IPv6 forms of an IPv4 address: judged by it (the 4 bytes at {@code offset}). */
  private record Embedding(Cidr cidr, String kind, int offset) {}

  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding(Cidr.parse("::ffff:0:0/96"), "an IPv4-mapped address", 12),
          new Embedding(Cidr.parse("64:ff9b::/96"), "a NAT64 address", 12),
          new Embedding(Cidr.parse("2002::/16"), "a 6to4 address", 2));

  private static final List<Block> IPV6 =
      List.of(
          new Block("::/128", "an unspecified address"),
          new Block("::1/128", "a loopback address"),
          new Block("::/96", "an IPv4-compatible address (deprecated)"),
          new Block("64:ff9b:1::/48", "a local-use NAT64 address"),
          new Block("100::/64", "a discard-only address"),
          new Block("2001::/32", "a Teredo address"),
          new Block("2001:2::/48", "a benchmarking address"),
          new Block("2001:10::/28", "an ORCHID address (deprecated)"),
          new Block("2001:db8::/32", "a documentation address"),
          new Block("3fff::/20", "a documentation address"),
          new Block("5f00::/16", "a segment routing (SRv6) address"),
          new Block("fc00::/7", "a unique local (private) address"),
          new Block("fe80::/10", "a link-local address"),
          new Block("fec0::/10", "a site-local address (deprecated)"),
          new Block("ff00::/8", "a multicast address"));

  /** Where every globally reachable IPv6 address is (the rest is special or unassigned). */
  private static final Block GLOBAL_UNICAST = new Block("2000::/3", "global unicast");

  /**
   * Why {@code address} is special, e.g. {@code 127.0.0.1 is a loopback address (127.0.0.0/8)};
   * empty when it is globally reachable.
   */
  static Optional<String> of(InetAddress address) {
    String shown = shown(address);
    if (address.getAddress().length == 4) {
      return kind(IPV4, address).map(kind -> shown + " is " + kind);
    }
    for (Embedding embedding : EMBEDDINGS) {
      if (embedding.cidr().contains(address)) {
        InetAddress v4 = ipv4(address.getAddress(), embedding.offset());
        String form = embedding.kind() + " (" + embedding.cidr() + ") of " + v4.getHostAddress();
        return kind(IPV4, v4).map(kind -> shown + " is " + form + ", " + kind);
      }
    }
    Optional<String> kind = kind(IPV6, address);
    if (kind.isEmpty() && !GLOBAL_UNICAST.cidr().contains(address)) {
      kind = Optional.of("not a global unicast address (" + GLOBAL_UNICAST.cidr() + ")");
    }
    return kind.map(k -> shown + " is " + k);
  }

  /** An address as people write it: IPv6 with its longest run of zero groups as {@code ::}. */
  static String shown(InetAddress address) {
    String text = address.getHostAddress();
    if (address.getAddress().length == 4) {
      return text;
    }
    int scope = text.indexOf('%');
    String[] groups = (scope < 0 ? text : text.substring(0, scope)).split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  private static Optional<String> kind(List<Block> blocks, InetAddress address) {
    return blocks.stream()
        .filter(block -> block.cidr().contains(address))
        .findFirst()
        .map(block -> block.kind() + " (" + block.cidr() + ")");
  }

  /** The IPv4 address an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) stands for. */
  static Optional<InetAddress> unmapped(InetAddress address) {
    return EMBEDDINGS.getFirst().cidr().contains(address)
        ? Optional.of(ipv4(address.getAddress(), 12))
        : Optional.empty();
  }

  private static InetAddress ipv4(byte[] bytes, int offset) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are an IPv4 address", e);
    }
  }
}

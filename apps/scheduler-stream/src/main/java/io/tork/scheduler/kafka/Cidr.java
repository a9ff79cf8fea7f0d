package io.tork.scheduler.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses, {@code 10.0.0.0/8} or {@code fc00::/7}; a single address
 * without a prefix is a block of one. Parsed without any DNS lookup. An IPv4 block holds IPv4
 * addresses only: an IPv6 form of one (mapped, NAT64) is judged by {@link SpecialAddresses}.
 */
final class Cidr {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not an address or a block
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    byte[] bytes =
        literal(address)
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address"));
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > bits) {
        throw new IllegalArgumentException(
            "'" + text + "' has no prefix length between 0 and " + bits);
      }
      prefix = Integer.parseInt(digits);
    }
    byte[] network = mask(bytes, prefix);
    if (!Arrays.equals(network, bytes)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has bits set past its prefix (did you mean "
              + show(network, prefix)
              + "?)");
    }
    return new Cidr(network, prefix, text);
  }

  /** Whether {@code text} looks like an IP address or block rather than a host name. */
  static boolean looksLikeAddress(String text) {
    String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    return address.contains(":") || address.startsWith("[") || address.matches("[\\d.]+");
  }

  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
  }

  @Override
  public String toString() {
    return text;
  }

  /** The address's bytes, when {@code text} is an IPv4 dotted quad or an IPv6 literal. */
  private static java.util.Optional<byte[]> literal(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = text.contains(":") && IPV6.matcher(text).matches();
    if (!v4 && !v6) {
      return java.util.Optional.empty();
    }
    try {
      // A literal of either kind is parsed, never looked up; an IPv4-mapped IPv6 literal comes
      // back as IPv4: keep the 16 bytes it was written as.
      byte[] bytes = InetAddress.getByName(text).getAddress();
      return java.util.Optional.of(v6 && bytes.length == 4 ? mapped(bytes) : bytes);
    } catch (UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  private static byte[] mapped(byte[] v4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xff;
    out[11] = (byte) 0xff;
    System.arraycopy(v4, 0, out, 12, 4);
    return out;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.clamp(prefix - i * 8L, 0, 8);
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  private static String show(byte[] network, int prefix) {
    try {
      // Inet6Address keeps an IPv4-mapped address in its IPv6 form.
      String address =
          network.length == 16
              ? java.net.Inet6Address.getByAddress(null, network, -1).getHostAddress()
              : InetAddress.getByAddress(network).getHostAddress();
      return prefix == network.length * 8 ? address : address + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + network.length + " bytes", e);
    }
  }
}

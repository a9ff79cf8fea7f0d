package io.tork.scheduler.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The engine's {@link WebhookTargets}: a target whose address is special ({@link SpecialAddresses}:
 * loopback, private, link-local, multicast, ...) is refused unless the operator allows it with
 * {@code --webhook-allow}: an address block ({@code 10.1.0.0/16}, {@code 127.0.0.1}, {@code
 * fd00::/8}), or a host name, trusted whatever it resolves to ({@code hooks.internal}). The name is
 * resolved once per attempt; the first of its addresses that may be reached is the one connected to
 * (special ones are skipped, so {@code localhost} with {@code --webhook-allow 127.0.0.1} reaches
 * 127.0.0.1, never {@code ::1}); with none, the call is refused. Immutable, thread-safe.
 */
public final class WebhookTargetPolicy implements WebhookTargets {
  /** Looks a name up: the system's resolver, or a test's that answers as it is told. */
  @FunctionalInterface
  public interface Resolver {
    /** Every address of {@code host}; an IP literal is its own answer, without a lookup. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** The JVM's resolver (and its cache: {@code networkaddress.cache.ttl}). */
  public static final Resolver SYSTEM = InetAddress::getAllByName;

  /** Refuses every special address; allows nothing more. */
  public static final WebhookTargetPolicy DEFAULT = allowing(List.of());

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");

  private final List<Cidr> blocks;
  private final Set<String> hosts;
  private final Resolver resolver;

  private WebhookTargetPolicy(List<Cidr> blocks, Set<String> hosts, Resolver resolver) {
    this.blocks = List.copyOf(blocks);
    this.hosts = Set.copyOf(hosts);
    this.resolver = resolver;
  }

  /**
   * Allowing {@code entries} (each an address, a block or a host name) on top of every address that
   * is not special.
   *
   * @throws IllegalArgumentException naming the first entry that is none of those
   */
  public static WebhookTargetPolicy allowing(List<String> entries) {
    List<Cidr> blocks = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (String entry : entries) {
      String text = entry.strip();
      if (Cidr.looksLikeAddress(text)) {
        blocks.add(Cidr.parse(text));
      } else {
        hosts.add(hostName(text));
      }
    }
    return new WebhookTargetPolicy(blocks, Set.copyOf(hosts), SYSTEM);
  }

  /**
   * {@code entry} checked as {@code --webhook-allow} takes it.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String check(String entry) {
    allowing(List.of(entry));
    return entry.strip();
  }

  /** The same allowances, names looked up by {@code other} (tests: a resolver that rebinds). */
  public WebhookTargetPolicy withResolver(Resolver other) {
    return new WebhookTargetPolicy(blocks, hosts, other);
  }

  @Override
  public InetAddress address(String host) throws Refused, UnknownHostException {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (name.isEmpty()) {
      throw new Refused("the URL names no host");
    }
    InetAddress[] answers = resolver.resolve(name);
    if (answers == null || answers.length == 0) {
      throw new UnknownHostException(name + ": no address");
    }
    boolean trusted = hosts.contains(normalized(name));
    String refusal = "";
    for (InetAddress answer : answers) {
      Optional<String> special = trusted ? Optional.empty() : refusal(answer);
      if (special.isEmpty()) {
        return answer;
      }
      if (refusal.isEmpty()) {
        refusal = (Cidr.looksLikeAddress(name) ? "" : name + ": ") + special.get();
      }
    }
    throw new Refused(refusal + "; --webhook-allow lets it be called");
  }

  /** Why a call must not connect to {@code address}; empty when it may. */
  Optional<String> refusal(InetAddress address) {
    if (allowed(address) || SpecialAddresses.unmapped(address).map(this::allowed).orElse(false)) {
      return Optional.empty();
    }
    return SpecialAddresses.of(address);
  }

  private boolean allowed(InetAddress address) {
    return blocks.stream().anyMatch(block -> block.contains(address));
  }

  private static String hostName(String text) {
    if (!HOST_NAME.matcher(text).matches() || text.length() > 253) {
      throw new IllegalArgumentException(
          "'" + text + "' is neither an address, a block (10.0.0.0/8, fd00::/8) nor a host name");
    }
    return normalized(text);
  }

  private static String normalized(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  @Override
  public String toString() {
    List<String> allowed = new ArrayList<>();
    blocks.forEach(block -> allowed.add(block.toString()));
    allowed.addAll(hosts.stream().sorted().toList());
    return allowed.isEmpty() ? "no special address" : String.join(", ", allowed);
  }
}

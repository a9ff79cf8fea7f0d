package io.tork.scheduler.cli;

import io.tork.scheduler.kafka.WebhookTargetPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where webhook calls may go, on the processes that make them ({@code scheduler}, {@code
 * standalone}): anywhere globally reachable, and the special addresses (loopback, private,
 * link-local, ...) only where allowed. See docs/security.md.
 */
public final class WebhookOptions {
  @Option(
      names = "--webhook-allow",
      paramLabel = "CIDR|HOST",
      split = ",",
      converter = Entry.class,
      description =
          "Let webhooks reach a special address (loopback, private, link-local, ...): an address"
              + " or block (127.0.0.1, 10.0.0.0/8, fd00::/8), or a host name trusted whatever it"
              + " resolves to; repeatable (default: none, such targets are refused).")
  List<String> allow = new ArrayList<>();

  /** The policy the dispatcher checks every call's target with. */
  public WebhookTargetPolicy targets() {
    return WebhookTargetPolicy.allowing(allow);
  }

  /** One entry, checked as it is read: a bad one is one line at once. */
  static final class Entry implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return WebhookTargetPolicy.check(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}

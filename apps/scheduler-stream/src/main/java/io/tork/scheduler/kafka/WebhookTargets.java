package io.tork.scheduler.kafka;

import java.io.Serial;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a webhook call may connect: asked before every attempt, and the attempt then connects to
 * the address it answers and to no other. Job authors choose the targets, so this is where the
 * engine refuses the ones it must not reach (this host, its private networks, the cloud's metadata
 * service: {@link WebhookTargetPolicy}). The name is looked up once per attempt, here, and the
 * check is on the address connected to: there is no second lookup for DNS to answer differently
 * (rebinding). ADR 48.
 */
@FunctionalInterface
public interface WebhookTargets {
  /**
   * The address a call to {@code host} (a name, or an IP literal as the URL writes it, IPv6 in
   * brackets) connects to.
   *
   * @throws Refused when the call must not be made: it is not retried
   * @throws UnknownHostException when the name does not resolve: the attempt failed, it is retried
   */
  InetAddress address(String host) throws Refused, UnknownHostException;

  /** A call that must not be made, and why (logged once per job and target, and counted). */
  final class Refused extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason);
    }
  }
}

package io.tork.scheduler.kafka;

import java.net.URI;
import java.util.Optional;

/**
 * Whether a webhook may be called at {@code target}: asked before every attempt. Job authors choose
 * the targets, so this is where the engine refuses the ones it must not reach (issue 18: private
 * and loopback addresses, link-local metadata services, resolved at connect time). Until then every
 * http(s) target is allowed.
 */
@FunctionalInterface
public interface WebhookTargets {
  WebhookTargets ANY = target -> Optional.empty();

  /** Why a call to {@code target} must not be made; empty when it may. */
  Optional<String> refusal(URI target);
}

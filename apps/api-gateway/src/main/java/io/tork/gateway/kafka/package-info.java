/** Kafka side of the gateway: the submission publisher and the read model. */
@NullMarked
package io.tork.gateway.kafka;

import org.jspecify.annotations.NullMarked;

/** Kafka side of the worker: queue consumers and the event publisher. */
@NullMarked
package io.tork.worker.kafka;

import org.jspecify.annotations.NullMarked;

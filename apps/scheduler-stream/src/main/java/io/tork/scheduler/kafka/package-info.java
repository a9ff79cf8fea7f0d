/** The Kafka Streams side of the scheduler: topology, processors, serdes, store names. */
@NullMarked
package io.tork.scheduler.kafka;

import org.jspecify.annotations.NullMarked;

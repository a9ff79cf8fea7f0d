/** Kafka serdes of the model's records (the model's only Kafka dependency). */
@NullMarked
package io.tork.model.kafka;

import org.jspecify.annotations.NullMarked;

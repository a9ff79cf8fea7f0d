/**
 * The gateway's ports: what its handlers read of the engine ({@link JobReads}, {@link TaskReads},
 * {@link LogReads}, {@link ScheduledJobReads}, {@link ViewCounts}, {@link NodeReads}, {@link
 * QueueReads}) and what they send it ({@link JobCommands}). The Kafka and on-disk adapters are in
 * {@code io.tork.gateway.kafka}; the in-memory ones, for handler tests, beside the tests. No Kafka,
 * Spring or Jackson type here (ADR 55).
 */
@NullMarked
package io.tork.gateway.core;

import org.jspecify.annotations.NullMarked;

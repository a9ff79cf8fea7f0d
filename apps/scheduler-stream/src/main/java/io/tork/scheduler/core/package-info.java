/**
 * The pure state machine of jobs and tasks: {@link io.tork.scheduler.core.JobMachine#decide} {@code
 * (JobInput, ids, lookup, limits) -> Decision}, the input carrying its time and a seed (what
 * templates' {@code now()} and {@code randomInt()} read). No I/O, no clock, no Kafka here.
 */
@NullMarked
package io.tork.scheduler.core;

import org.jspecify.annotations.NullMarked;

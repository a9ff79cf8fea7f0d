/**
 * The pure state machine of jobs and tasks: {@link io.tork.scheduler.core.JobMachine#decide} {@code
 * (JobInput, ids, lookup, limits) -> Decision}, the input carrying its time and a seed (what
 * templates' {@code now()} and {@code randomInt()} read), its legal changes of state declared in
 * {@link io.tork.scheduler.core.Transitions}. No clock, no Kafka here; the job's other records are
 * read through the {@link io.tork.scheduler.core.TaskLookup} port (bounded reads), and kept behind
 * the {@link io.tork.scheduler.core.JobStore} port.
 */
@NullMarked
package io.tork.scheduler.core;

import org.jspecify.annotations.NullMarked;

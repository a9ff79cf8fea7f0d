/**
 * The pure state machine of jobs and tasks: {@code (state, event, now, ids) -> Decision}. No I/O,
 * no clock, no Kafka here.
 */
@NullMarked
package io.tork.scheduler.core;

import org.jspecify.annotations.NullMarked;

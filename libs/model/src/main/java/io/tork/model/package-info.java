/** What users write (specs) and what the engine tracks (jobs, tasks, events). No I/O here. */
@NullMarked
package io.tork.model;

import org.jspecify.annotations.NullMarked;

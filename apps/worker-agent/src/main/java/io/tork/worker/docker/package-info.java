/** The Docker runtime (docker-java): one container per task, pre and post tasks, volumes. */
@NullMarked
package io.tork.worker.docker;

import org.jspecify.annotations.NullMarked;

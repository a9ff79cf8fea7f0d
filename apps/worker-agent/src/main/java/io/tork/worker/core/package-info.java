/** Task execution, independent of Kafka and Docker: the Runtime port and what drives it. */
@NullMarked
package io.tork.worker.core;

import org.jspecify.annotations.NullMarked;

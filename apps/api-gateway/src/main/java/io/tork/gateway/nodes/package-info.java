/** The cluster's routes: nodes and queues. */
@NullMarked
package io.tork.gateway.nodes;

import org.jspecify.annotations.NullMarked;

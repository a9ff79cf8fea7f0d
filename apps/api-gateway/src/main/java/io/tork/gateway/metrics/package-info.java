/** Tork's JSON summary of the engine at {@code GET /metrics}, as Tork Web's cards read it. */
@NullMarked
package io.tork.gateway.metrics;

import org.jspecify.annotations.NullMarked;

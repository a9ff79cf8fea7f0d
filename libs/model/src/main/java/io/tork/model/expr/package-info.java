/** Tork's {@code {{ expression }}} templates, evaluated with SpEL in a sandbox. */
@NullMarked
package io.tork.model.expr;

import org.jspecify.annotations.NullMarked;

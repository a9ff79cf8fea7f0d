/**
 * The Jackson mappers every codec shares, below the expressions (whose {@code fromJSON} and {@code
 * toJSON} read and print with them) and the validation that evaluates them (ADR 54).
 */
@NullMarked
package io.tork.model.codec.mapping;

import org.jspecify.annotations.NullMarked;

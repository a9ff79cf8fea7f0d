/**
 * The rules a job must meet to be accepted (above the expressions, which they check, and below the
 * codec, whose documents they validate: ADR 54).
 */
@NullMarked
package io.tork.model.validation;

import org.jspecify.annotations.NullMarked;

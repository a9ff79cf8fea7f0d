/**
 * Jackson YAML/JSON: with its mappers ({@code codec.mapping}), the only place Jackson is imported.
 */
@NullMarked
package io.tork.model.codec;

import org.jspecify.annotations.NullMarked;

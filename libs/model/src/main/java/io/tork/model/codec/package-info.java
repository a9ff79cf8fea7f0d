/** Jackson YAML/JSON: the only place Jackson is imported. */
@NullMarked
package io.tork.model.codec;

import org.jspecify.annotations.NullMarked;

/** Encryption of secret values at rest: the key ring and the AES-GCM cipher (ADR 45). */
@NullMarked
package io.tork.model.secrets;

import org.jspecify.annotations.NullMarked;

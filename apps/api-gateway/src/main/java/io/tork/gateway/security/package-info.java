/**
 * Who may call the API and what they see (ADR 42): API keys and users (HTTP Basic, bcrypt) through
 * Spring Security, the admin routes, the caller every handler filters by, the rate limit and CORS.
 */
@NullMarked
package io.tork.gateway.security;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code tork} command-line client: {@code run}, {@code jobs}, {@code logs}, {@code queues},
 * {@code nodes}, {@code health}. It speaks only the REST API, so it starts in a fraction of a
 * second and works against any gateway (ADR 22).
 */
package io.tork.client;

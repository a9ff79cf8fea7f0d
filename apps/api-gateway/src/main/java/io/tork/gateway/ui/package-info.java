/** The web UI: static files under {@code /ui/}, talking to the same REST API (ADR 20). */
@NullMarked
package io.tork.gateway.ui;

import org.jspecify.annotations.NullMarked;

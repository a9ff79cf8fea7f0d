/** The job routes: submit, read. */
@NullMarked
package io.tork.gateway.jobs;

import org.jspecify.annotations.NullMarked;

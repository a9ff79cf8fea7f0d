package io.tork.scheduler.core;

/** Where new task ids come from; passed in so that decisions stay pure and testable. */
@FunctionalInterface
public interface IdSource {
  String next();
}

package io.tork.model.expr;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a template's {@code now()} and {@code randomInt()} read. The scheduler passes the time and a
 * seed its input carries ({@link #of}), so that deciding the same input again renders the same
 * values; {@link #system()} reads the clock and a shared random source (checks, previews, tests).
 * One instance is used by one decision (one thread): its random numbers follow one another.
 */
public final class Ambient {
  private final Supplier<Instant> now;
  private final RandomGenerator random;

  private Ambient(Supplier<Instant> now, RandomGenerator random) {
    this.now = now;
    this.random = random;
  }

  /** The wall clock and a random source. */
  public static Ambient system() {
    return new Ambient(Instant::now, ThreadLocalRandom.current());
  }

  /** A fixed time, and random numbers drawn from {@code seed}: the same for the same pair. */
  public static Ambient of(Instant now, long seed) {
    return new Ambient(() -> now, new SplittableRandom(seed));
  }

  Instant now() {
    return now.get();
  }

  /** A random int in [0, bound). */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }
}

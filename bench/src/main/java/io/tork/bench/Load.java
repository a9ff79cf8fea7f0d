package io.tork.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The load generator: one-task jobs POSTed paced or as fast as the engine takes them. */
final class Load {
  private Load() {}

  static String oneTask(String name, String run) {
    return "name: "
        + name
        + "\ntasks:\n- name: only\n  image: tork-test/busybox:latest\n  run: "
        + run
        + "\n";
  }

  /**
   * Submits {@code count} one-task jobs at {@code perSecond}, each POST sent on time whatever the
   * answers to the earlier ones; their ids, and in {@code postedAt} when each was sent (nanoTime).
   */
  static List<String> paced(
      Api api, int count, int perSecond, String name, String run, Map<String, Long> postedAt)
      throws Exception {
    List<CompletableFuture<String>> posts = new ArrayList<>();
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      // Parked, not spinning: a spin loop here took a whole core from the engine it measured.
      for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long sent = System.nanoTime();
      posts.add(
          api.submit(oneTask(name, run))
              .thenApply(
                  id -> {
                    postedAt.put(id, sent);
                    return id;
                  }));
      next += interval;
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<String> post : posts) {
      ids.add(post.get(60, TimeUnit.SECONDS));
    }
    return ids;
  }

  /** Submits {@code count} one-task jobs with at most {@code inFlight} POSTs open; their ids. */
  static List<String> submitAll(Api api, int count, int inFlight, String name, String run)
      throws Exception {
    return submitAll(api, count, inFlight, oneTask(name, run));
  }

  /** Submits {@code document} {@code count} times, at most {@code inFlight} at once; the ids. */
  static List<String> submitAll(Api api, int count, int inFlight, String document)
      throws Exception {
    Semaphore open = new Semaphore(inFlight);
    List<CompletableFuture<String>> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      open.acquire();
      posts.add(api.submit(document).whenComplete((id, e) -> open.release()));
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<String> post : posts) {
      ids.add(post.get(120, TimeUnit.SECONDS));
    }
    return ids;
  }

  static void awaitEnded(Views views, List<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ids.stream().allMatch(views.endedAt::containsKey)) {
      if (System.nanoTime() > deadline) {
        long missing = ids.stream().filter(id -> !views.endedAt.containsKey(id)).count();
        throw new IllegalStateException(missing + " jobs did not end within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(5); // the views thread records the ends
    }
  }
}

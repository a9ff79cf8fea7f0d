package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.WebhookCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Endpoints apart: a stuck one holds its own calls only; one job's calls stay in order. */
class WebhookEndpointsTest {
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> made = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  private final WebhookEndpoints endpoints =
      new WebhookEndpoints(
          runners,
          call -> {
            AtomicInteger now = running.computeIfAbsent(call.url(), u -> new AtomicInteger());
            mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
              if (call.url().contains("stuck")) {
                release.await();
              }
              made.add(call.jobId() + ":" + call.payload());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              now.decrementAndGet();
            }
          });

  @AfterEach
  void stop() {
    release.countDown();
    runners.shutdownNow();
  }

  private static WebhookCall call(String url, String job, String payload) {
    return new WebhookCall(job, url, Map.of(), "job.StateChange", payload, Instant.EPOCH);
  }

  @Test
  void aStuckEndpointHoldsUpOnlyItsOwnCalls() {
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      endpoints.submit(
          new WebhookEndpoints.Work(call("http://stuck:1/x", "j" + i, "s"), done::incrementAndGet));
    }
    for (int i = 0; i < 20; i++) {
      endpoints.submit(
          new WebhookEndpoints.Work(call("http://fine:2/x", "k" + i, "f"), done::incrementAndGet));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 20);
    assertThat(made).hasSize(20).allMatch(m -> m.endsWith(":f"));
    assertThat(running.get("http://stuck:1/x").get()).isEqualTo(WebhookEndpoints.LANES);
    assertThat(endpoints.queued()).isEqualTo(50);
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 70);
    assertThat(mostAtOnce.get()).isLessThanOrEqualTo(WebhookEndpoints.LANES);
  }

  @Test
  void oneJobsCallsToOneEndpointAreMadeInOrder() {
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      endpoints.submit(
          new WebhookEndpoints.Work(
              call("http://h:1/x", "j" + (i % 3), "" + i), done::incrementAndGet));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 200);
    for (String job : List.of("j0", "j1", "j2")) {
      List<Integer> order =
          made.stream()
              .filter(m -> m.startsWith(job + ":"))
              .map(m -> Integer.parseInt(m.substring(m.indexOf(':') + 1)))
              .toList();
      assertThat(order).isSorted();
    }
  }

  @Test
  void callsOverTheWaitingLimitOfAnEndpointAreDroppedNotHeld() {
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < WebhookEndpoints.MAX_WAITING + 10; i++) {
      endpoints.submit(
          new WebhookEndpoints.Work(call("http://stuck:1/x", "j" + i, "s"), done::incrementAndGet));
    }
    // the ten over the limit are done (dropped) at once; the others wait for the endpoint
    assertThat(done.get()).isEqualTo(10);
    assertThat(endpoints.queued()).isEqualTo(WebhookEndpoints.MAX_WAITING);
  }
}

package io.tork.scheduler.kafka;

import io.tork.model.WebhookCall;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the calls of each endpoint (scheme, host and port) apart from every other's: at most {@link
 * #LANES} at once per endpoint, in lanes chosen by job, so that one job's calls to one endpoint are
 * made in the order they were decided; at most {@link #MAX_WAITING} calls wait per endpoint (one
 * that cannot keep up loses the calls beyond, saying so once a minute). A slow or dead endpoint
 * holds up its own calls only. Thread-safe.
 */
final class WebhookEndpoints {
  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);

  /** Calls made at once to one endpoint, at most. */
  static final int LANES = 4;

  /** Calls waiting for one endpoint, at most. */
  static final int MAX_WAITING = 1000;

  /** A call to make, and what to do once it is made or given up. */
  record Work(WebhookCall call, Runnable done) {}

  private final ExecutorService runners;
  private final Consumer<WebhookCall> caller;
  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private final AtomicInteger queued = new AtomicInteger();

  /**
   * @param caller makes one call, with its retries; runs on {@code runners}
   */
  WebhookEndpoints(ExecutorService runners, Consumer<WebhookCall> caller) {
    this.runners = runners;
    this.caller = caller;
  }

  /** Calls waiting or under way, over all endpoints. */
  int queued() {
    return queued.get();
  }

  void submit(Work work) {
    String key = endpointOf(work.call().url());
    Endpoint endpoint;
    synchronized (endpoints) {
      endpoint = endpoints.computeIfAbsent(key, Endpoint::new);
    }
    endpoint.submit(work);
  }

  /** The endpoint (scheme, host and port) {@code url} is on, or the url when it is not one. */
  static String endpointOf(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return (scheme + "://" + uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return url; // the call fails as it is made, saying why
    }
  }

  /** One endpoint's lanes. */
  private final class Endpoint {
    private final String name;
    private final Lane[] lanes = new Lane[LANES];
    private int waiting;
    private int dropped;
    private long lastDropLogged;

    Endpoint(String name) {
      this.name = name;
      for (int i = 0; i < LANES; i++) {
        lanes[i] = new Lane();
      }
    }

    void submit(Work work) {
      Lane lane = lanes[Math.floorMod(work.call().jobId().hashCode(), LANES)];
      synchronized (this) {
        if (waiting >= MAX_WAITING) {
          dropped++;
          long now = System.currentTimeMillis();
          if (now - lastDropLogged > 60_000) {
            lastDropLogged = now;
            log.atWarn()
                .addKeyValue("endpoint", name)
                .addKeyValue("dropped", dropped)
                .addKeyValue("waiting", waiting)
                .log("webhook endpoint cannot keep up; calls over the waiting limit dropped");
          }
          work.done().run();
          return;
        }
        waiting++;
        queued.incrementAndGet();
        lane.queue.addLast(work);
        if (lane.busy) {
          return;
        }
        lane.busy = true;
      }
      runners.execute(() -> drain(lane));
    }

    /** Makes the lane's calls one after another until it is empty. */
    private void drain(Lane lane) {
      while (true) {
        Work next;
        synchronized (this) {
          next = lane.queue.pollFirst();
          if (next == null) {
            lane.busy = false;
            return;
          }
        }
        try {
          caller.accept(next.call());
        } catch (RuntimeException e) {
          log.atError()
              .setCause(e)
              .addKeyValue("endpoint", name)
              .addKeyValue("jobId", next.call().jobId())
              .log("webhook call failed unexpectedly; not retried");
        } finally {
          synchronized (this) {
            waiting--;
          }
          queued.decrementAndGet();
          next.done().run();
        }
      }
    }
  }

  /** Calls made one after another. */
  private static final class Lane {
    final ArrayDeque<Work> queue = new ArrayDeque<>();
    boolean busy;
  }
}

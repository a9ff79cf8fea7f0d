package io.tork.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Whether this process can reach its Kafka cluster: every few seconds it asks for the cluster's
 * brokers and controller; part "kafka" is DOWN while no broker answers or no controller is known.
 */
public final class KafkaProbe implements AutoCloseable {
  public static final String NAME = "kafka";

  private final Admin admin;
  private final RestartingLoop loop;

  /**
   * @param clients the process's, with its connection settings (bootstrap servers, security)
   */
  public KafkaProbe(KafkaClientFactory clients, Health health, Duration every) {
    this.admin = clients.admin();
    this.loop =
        RestartingLoop.start(
            "kafka-probe",
            new Health(), // the loop's own state is not the cluster's
            stopping -> {
              while (!stopping.getAsBoolean()) {
                health.report(NAME, check(every), why);
                Thread.sleep(every);
              }
            });
  }

  private volatile String why = "";

  private Health.State check(Duration timeout) {
    try {
      var cluster =
          admin.describeCluster(
              new DescribeClusterOptions().timeoutMs((int) Math.max(1000, timeout.toMillis())));
      int brokers = cluster.nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
      Node controller = cluster.controller().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (brokers == 0 || controller == null || controller.isEmpty()) {
        why = "no broker or no controller answers";
        return Health.State.DOWN;
      }
      why = "";
      return Health.State.UP;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
      return Health.State.DOWN;
    } catch (Exception e) {
      why = "cannot reach the cluster: " + e.getMessage();
      return Health.State.DOWN;
    }
  }

  @Override
  public void close() {
    loop.close();
    admin.close(Duration.ofSeconds(5));
  }
}

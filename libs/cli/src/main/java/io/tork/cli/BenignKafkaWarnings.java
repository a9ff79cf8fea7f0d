package io.tork.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the warnings Kafka writes on every clean start and stop of an engine, and on routine
 * events, that say nothing is wrong: a fresh single-node controller bootstrapping its metadata, a
 * state directory under /tmp (where tests keep theirs), a consumer's partition moving away, a
 * client closed twice on shutdown, a producer retrying a just-created topic whose leader is not
 * elected yet, a standby replica with no second scheduler to live on. Named one by one (logger and
 * the start of the message), so any other warning of the same loggers still shows. Installed by
 * {@code logback.xml}.
 */
public final class BenignKafkaWarnings extends TurboFilter {
  /** A logger (or its parent) and what its benign message contains. */
  record Benign(String logger, String message) {}

  static final List<Benign> BENIGN =
      List.of(
          new Benign(
              "org.apache.kafka.controller.QuorumController", "Performing controller activation"),
          new Benign(
              "org.apache.kafka.streams.processor.internals.StateDirectory",
              "Using an OS temp directory"),
          new Benign(
              "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils",
              "Not updating last stable offset"),
          new Benign(
              "org.apache.kafka.clients.NetworkClient",
              "Attempting to close NetworkClient that has already been closed"),
          new Benign(
              "org.apache.kafka.clients.producer.internals.Sender",
              "Error: NOT_LEADER_OR_FOLLOWER"),
          new Benign(
              "org.apache.kafka.clients.producer.internals.Sender",
              "Received invalid metadata error in produce request"),
          new Benign(
              "org.apache.kafka.clients.NetworkClient",
              "Error while fetching metadata with correlation id"),
          new Benign(
              "org.apache.kafka.streams.processor.internals.assignment", "standby tasks for task"));

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.WARN || format == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    String message = null;
    for (Benign benign : BENIGN) {
      if (name.startsWith(benign.logger())) {
        if (message == null) {
          // What is benign may sit in an argument (an error code): match the whole message.
          message = MessageFormatter.arrayFormat(format, params).getMessage();
        }
        if (message.contains(benign.message())) {
          return FilterReply.DENY;
        }
      }
    }
    return FilterReply.NEUTRAL;
  }
}

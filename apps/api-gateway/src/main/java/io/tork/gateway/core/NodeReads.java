package io.tork.gateway.core;

import io.tork.model.Heartbeat;
import java.util.List;

/** The nodes the gateway has heard from. */
public interface NodeReads {
  /** The latest heartbeat of every node heard from (in the last hour at least), in no order. */
  List<Heartbeat> all();
}

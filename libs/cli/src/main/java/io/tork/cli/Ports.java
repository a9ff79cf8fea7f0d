package io.tork.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports a process will listen on, checked before the slow part of its start. */
public final class Ports {
  private Ports() {}

  /**
   * Fails with one clear line when {@code port} cannot be bound on {@code host} (0 means any free
   * port, always fine).
   *
   * @param what what would listen there, e.g. "the REST API"
   * @param change how to choose another, e.g. "--port"
   */
  public static void requireFree(String host, int port, String what, String change) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new StartupException(
          "port " + port + " (" + what + ") is already in use on " + host + "; " + change);
    }
  }
}

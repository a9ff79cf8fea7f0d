package io.tork.standalone;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** Webhook targets for the tests: HTTP servers of this JVM, every path answered by one handler. */
final class HookServer {
  private HookServer() {}

  /** Listening on {@code host}, any free port, from now on. */
  static HttpServer start(String host, HttpHandler handler) throws IOException {
    return start(host, null, handler);
  }

  /** The same, each exchange on {@code executor} (the server's own thread when null). */
  static HttpServer start(String host, Executor executor, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 0);
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    return server;
  }

  /** {@code http://host:port} of {@code server}. */
  static String base(HttpServer server) {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }
}

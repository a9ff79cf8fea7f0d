package io.tork.scheduler.kafka;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client webhook calls are made with (Apache HttpClient 5, async: ADR 48). It never looks
 * a name up: every call names the address to connect to, the one {@link WebhookTargets} checked,
 * and its resolver refuses any lookup, should one ever be asked for. No proxy (system properties
 * are not read), no redirects followed, no retries of its own (the caller has Tork's), no cookies
 * or authentication state kept between jobs' calls. Pooled connections are per target name and
 * address, at most {@link WebhookEndpoints#LANES} each (as many as an endpoint's calls at once),
 * idle ones closed after 30 s. Header values are sent as UTF-8, as Go's client does.
 */
final class WebhookHttpClient {
  private WebhookHttpClient() {}

  /** Refuses every lookup: addresses come from {@link WebhookTargets} only. */
  private static final DnsResolver NO_LOOKUPS =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          throw new UnknownHostException(
              host + ": webhook targets are looked up and checked first");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
          throw new UnknownHostException(
              host + ": webhook targets are looked up and checked first");
        }
      };

  /** A started client whose every timeout is {@code deadline}. */
  static CloseableHttpAsyncClient start(Duration deadline) {
    Timeout timeout = Timeout.of(deadline);
    CloseableHttpAsyncClient client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDnsResolver(NO_LOOKUPS)
                    // per-route limits only: one endpoint's connections never wait for another's
                    .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                    .setMaxConnPerRoute(WebhookEndpoints.LANES)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .setTimeToLive(TimeValue.ofMinutes(5))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .setRedirectsEnabled(false)
                    .build())
            .setCharCodingConfig(
                CharCodingConfig.custom()
                    .setCharset(java.nio.charset.StandardCharsets.UTF_8)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .setUserAgent("tork-java")
            .build();
    client.start();
    return client;
  }

  /** One attempt, connected to {@code address}, whole (headers and body) by {@code end}. */
  static int post(
      CloseableHttpAsyncClient http,
      URI uri,
      InetAddress address,
      Map<String, String> headers,
      byte[] payload,
      long end)
      throws InterruptedException, ExecutionException, TimeoutException {
    AsyncRequestBuilder request =
        AsyncRequestBuilder.post(uri)
            .setHeader("Content-Type", "application/json; charset=UTF-8")
            .setEntity(AsyncEntityProducers.create(payload, ContentType.APPLICATION_JSON));
    headers.forEach(request::setHeader);
    AsyncRequestProducer producer = request.build();
    String host = uri.getHost();
    // The checked address, under the URL's name (for TLS: SNI and the certificate's name).
    HttpHost target =
        new HttpHost(
            uri.getScheme(),
            address,
            host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
            uri.getPort());
    Future<Message<HttpResponse, Void>> response =
        http.execute(
            target,
            producer,
            new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()),
            null,
            null,
            null);
    try {
      return response
          .get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)
          .getHead()
          .getCode();
    } finally {
      response.cancel(true); // closes the exchange if it is still going (no effect once done)
    }
  }
}

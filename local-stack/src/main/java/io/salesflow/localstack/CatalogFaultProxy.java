package io.salesflow.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A misbehaving HTTP proxy in front of the Iceberg REST catalog, for fault tests: point a client's
 * catalog {@code uri} at {@link #uri()} and the proxy forwards every request to the real server,
 * except when told to:
 *
 * <ul>
 *   <li>{@link #delay(Duration)}: answer every request late (a slow catalog);
 *   <li>{@link #dropCommitResponses(int)}: forward a table commit, let the server apply it, then
 *       close the connection without an answer (commit state unknown);
 *   <li>{@link #holdCommits(Hold)}: stop a table commit before it reaches the server, or after the
 *       server applied it but before the answer goes back, and wait there until {@link #release()}
 *       (then the connection is closed without an answer) — the moment to kill the client process
 *       "between the data write and the commit" or "just after the commit";
 *   <li>{@link #refuse(boolean)}: close every connection at once (an outage).
 * </ul>
 *
 * A table commit is {@code POST /v1/[prefix/]namespaces/{ns}/tables/{table}}.
 */
public final class CatalogFaultProxy implements AutoCloseable {

  /** Where {@link #holdCommits(Hold)} stops a commit. */
  public enum Hold {
    /** Nothing is held. */
    NONE,
    /** Before the commit reaches the catalog: it never lands. */
    BEFORE_FORWARDING,
    /** After the catalog applied the commit, before its answer goes back. */
    AFTER_APPLYING
  }

  private static final Pattern COMMIT =
      Pattern.compile("^/v1/(?:[^/]+/)?namespaces/[^/]+/tables/[^/]+$");
  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final URI upstream;
  private final String table;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicLong delayMillis = new AtomicLong();
  private final AtomicInteger dropsLeft = new AtomicInteger();
  private final AtomicReference<Hold> hold = new AtomicReference<>(Hold.NONE);
  private final AtomicReference<CountDownLatch> held = new AtomicReference<>(new CountDownLatch(1));
  private final AtomicReference<CountDownLatch> released =
      new AtomicReference<>(new CountDownLatch(1));
  private volatile boolean refusing;
  private final AtomicInteger commitsSeen = new AtomicInteger();
  private final AtomicInteger commitsDropped = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  private CatalogFaultProxy(URI upstream, String table) throws IOException {
    this.upstream = upstream;
    this.table = table;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  /**
   * Starts a proxy on a free loopback port in front of {@code catalogUri}.
   *
   * @param table the only table whose commits the faults touch (e.g. {@code sales_history}), or
   *     {@code null} for every table
   */
  public static CatalogFaultProxy start(URI catalogUri, String table) {
    try {
      CatalogFaultProxy proxy = new CatalogFaultProxy(catalogUri, table);
      proxy.server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the catalog fault proxy", e);
    }
  }

  /** The proxy's base URI, to use as the catalog {@code uri}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers every request {@code delay} late (zero: on time). */
  public void delay(Duration delay) {
    delayMillis.set(delay.toMillis());
  }

  /** Lets the next {@code count} commits be applied, then drops their answers. */
  public void dropCommitResponses(int count) {
    dropsLeft.set(count);
  }

  /** Holds the next commits at {@code where} until {@link #release()}. */
  public void holdCommits(Hold where) {
    held.set(new CountDownLatch(1));
    released.set(new CountDownLatch(1));
    hold.set(where);
  }

  /** Waits until a commit is held; {@code false} on timeout. */
  public boolean awaitHeldCommit(Duration timeout) throws InterruptedException {
    return held.get().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops holding: held commits get no answer (their connection is closed). */
  public void release() {
    hold.set(Hold.NONE);
    released.get().countDown();
  }

  /** While on, every connection is closed at once without an answer. */
  public void refuse(boolean on) {
    refusing = on;
  }

  /** Table commits that reached the proxy. */
  public int commitsSeen() {
    return commitsSeen.get();
  }

  /** Commits the catalog applied whose answer the proxy dropped. */
  public int commitsDropped() {
    return commitsDropped.get();
  }

  /** Requests received. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (refusing) {
        return; // closed without an answer
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      boolean commit = isCommit(exchange);
      if (commit) {
        commitsSeen.incrementAndGet();
        if (hold.get() == Hold.BEFORE_FORWARDING) {
          waitForRelease();
          return;
        }
      }
      HttpResponse<byte[]> response = forward(exchange, body);
      if (commit && hold.get() == Hold.AFTER_APPLYING) {
        waitForRelease();
        return;
      }
      if (commit && dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        commitsDropped.incrementAndGet();
        return; // applied, answer lost
      }
      sleep(delayMillis.get());
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
              });
      byte[] out = response.body();
      boolean noBody = out.length == 0 || "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
      if (!noBody) {
        exchange.getResponseBody().write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // upstream down: close without an answer, as a dead catalog would
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    URI target = upstream.resolve(exchange.getRequestURI().getRawPath());
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      target = URI.create(target + "?" + query);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(120))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private boolean isCommit(HttpExchange exchange) {
    if (!"POST".equals(exchange.getRequestMethod())) {
      return false;
    }
    String path = exchange.getRequestURI().getPath();
    return COMMIT.matcher(path).matches() && (table == null || path.endsWith("/tables/" + table));
  }

  private void waitForRelease() throws InterruptedException {
    CountDownLatch release = released.get();
    held.get().countDown();
    release.await();
  }

  private static void sleep(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "catalog-fault-proxy");
      t.setDaemon(true);
      return t;
    };
  }
}

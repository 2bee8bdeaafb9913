package io.salesflow.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the splits a query's table scans processed, from the coordinator's query info ({@code GET
 * /v1/query/<id>}): the drivers of its table-scan operators, wherever they run. (The JDBC
 * statistics only give splits per stage, and a stage that joins also counts exchange splits.)
 */
final class TrinoScanStatistics {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoScanStatistics.class);
  private static final Set<String> SCAN_OPERATORS =
      Set.of("TableScanOperator", "ScanFilterAndProjectOperator");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI server;
  private final String user;

  /** For the server of {@code jdbcUrl} ({@code jdbc:trino://host:port/...}). */
  TrinoScanStatistics(String jdbcUrl, String user) {
    URI parsed = URI.create(jdbcUrl.substring("jdbc:".length()));
    boolean tls = jdbcUrl.contains("SSL=true");
    this.server =
        URI.create((tls ? "https" : "http") + "://" + parsed.getHost() + ":" + parsed.getPort());
    this.user = user;
  }

  /** Splits processed by the table scans of {@code queryId}, or {@code null} if unknown. */
  Long scanSplits(String queryId) {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("/v1/query/" + queryId))
            .header("X-Trino-User", user)
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        LOG.debug("No query info for {}: HTTP {}", queryId, response.statusCode());
        return null;
      }
      long splits = 0;
      for (JsonNode operator :
          JSON.readTree(response.body()).path("queryStats").path("operatorSummaries")) {
        if (SCAN_OPERATORS.contains(operator.path("operatorType").asText())) {
          splits += operator.path("totalDrivers").asLong();
        }
      }
      return splits;
    } catch (IOException e) {
      LOG.debug("No query info for {}: {}", queryId, e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

package io.salesflow.localstack.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Starts its own stack and Trino (not the shared ones) because the last test stops Trino. Other
 * modules use {@link LocalTrinoExtension}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalTrinoIT {

  private static LocalStack stack;
  private static LocalTrino trino;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    trino = LocalTrino.start(LocalTrinoOptions.forStack(stack));
  }

  @AfterAll
  static void stop() {
    if (trino != null) {
      trino.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void writesAndReadsIcebergTables_throughTheRestCatalog_onS3() throws SQLException {
    try (Connection c = trino.connect(null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA iceberg.smoke WITH (location = '" + stack.warehouse() + "/smoke')");
      s.execute(
          "CREATE TABLE iceberg.smoke.t (id bigint, price decimal(10,2), year integer)"
              + " WITH (partitioning = ARRAY['year'])");
      s.execute("INSERT INTO iceberg.smoke.t VALUES (1, 10.50, 2023), (2, 20.25, 2024)");
      try (ResultSet rs = s.executeQuery("SELECT count(*), sum(price) FROM iceberg.smoke.t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(2);
        assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("30.75");
      }
    }
    List<String> keys =
        stack
            .s3Client()
            .listObjectsV2(b -> b.bucket(stack.bucket()).prefix("pricing-intelligence/smoke/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    assertThat(keys)
        .anySatisfy(k -> assertThat(k).contains("/data/year=2023/").endsWith(".parquet"))
        .anySatisfy(k -> assertThat(k).contains("/metadata/").endsWith(".metadata.json"));
  }

  @Test
  @Order(2)
  void listensOnLoopbackOnly() throws IOException {
    int port = trino.uri().getPort();
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      assertThat(loopback.isConnected()).isTrue();
    }
    List<InetAddress> external =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .toList();
    for (InetAddress address : external) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 1_000);
        throw new AssertionError("Trino answers on " + address + ":" + port);
      } catch (IOException expected) {
        assertThat(expected).isNotNull();
      }
    }
  }

  @Test
  @Order(3)
  void close_stopsTheServerProcessAndItsWrapper() {
    ProcessHandle handle = trino.processHandle().orElseThrow();
    List<ProcessHandle> tree = handle.descendants().toList();
    assertThat(tree).isNotEmpty();

    trino.close();

    assertThat(handle.isAlive()).isFalse();
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(trino.processHandle()).isEmpty();
  }
}

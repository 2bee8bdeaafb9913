package io.salesflow.localstack.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTrinoOptionsTest {

  @Test
  void fromCatalogProperties_readsCatalogAndS3() {
    Map<String, String> props = new HashMap<>();
    props.put("uri", "http://127.0.0.1:8181");
    props.put("s3.endpoint", "http://127.0.0.1:9000");
    props.put("s3.access-key-id", "key");
    props.put("s3.secret-access-key", "secret");
    props.put("client.region", "eu-west-1");

    LocalTrinoOptions options = LocalTrinoOptions.fromCatalogProperties(props).heap("768M").build();

    assertThat(options.catalogUri()).isEqualTo(URI.create("http://127.0.0.1:8181"));
    assertThat(options.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(options.accessKeyId()).isEqualTo("key");
    assertThat(options.region()).isEqualTo("eu-west-1");
    assertThat(options.heap()).isEqualTo("768M");
    assertThat(options.readyTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(options.workDir()).isEmpty();

    props.remove("s3.endpoint");
    assertThatThrownBy(() -> LocalTrinoOptions.fromCatalogProperties(props))
        .hasMessage("Invalid catalog properties for local Trino: 's3.endpoint' is missing");
  }

  @Test
  void badHeapOrTimeout_areRefused() {
    assertThatThrownBy(() -> LocalTrinoOptions.builder().heap("1 gig"))
        .hasMessage("Invalid heap: 1 gig, must be a size such as 768M or 1G");
    assertThatThrownBy(() -> LocalTrinoOptions.builder().readyTimeout(Duration.ZERO))
        .hasMessageContaining("Invalid ready timeout");
  }
}

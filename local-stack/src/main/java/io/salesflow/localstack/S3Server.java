package io.salesflow.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * S3Proxy in this JVM on 127.0.0.1, storing objects as files under a directory, so a stop and a
 * start on the same port keep the data.
 */
final class S3Server {

  private final S3Proxy proxy;

  private S3Server(S3Proxy proxy) {
    this.proxy = proxy;
  }

  static S3Server start(URI endpoint, Path dataDir, String accessKeyId, String secretAccessKey) {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
            // Clients such as Trino's send headers S3Proxy does not know.
            .ignoreUnknownHeaders(true)
            // Abrupt stop, like an outage, instead of waiting for idle keep-alive connections.
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
      return new S3Server(proxy);
    } catch (Exception e) {
      throw new LocalStackException("Cannot start S3Proxy on " + endpoint, e);
    }
  }

  void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new LocalStackException("Cannot stop S3Proxy", e);
    }
  }
}

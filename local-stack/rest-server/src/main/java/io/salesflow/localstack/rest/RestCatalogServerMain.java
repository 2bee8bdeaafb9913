package io.salesflow.localstack.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Iceberg REST catalog server for local runs: Iceberg's {@link RESTCatalogServlet} over a backend
 * catalog (by default a JdbcCatalog on SQLite with S3FileIO), served by Jetty on 127.0.0.1 only.
 *
 * <p>Usage: {@code java -jar salesflow-iceberg-rest-server.jar [--config <file.properties>]
 * [key=value ...]}; arguments override the file. See {@link RestServerConfig} for the keys. Prints
 * {@code READY port=<port>} once serving, and exits when standard input reaches end of file so that
 * it never outlives the process that started it.
 */
public final class RestCatalogServerMain {

  private static final String LOOPBACK = "127.0.0.1";

  private RestCatalogServerMain() {}

  /** Starts the server; see the class documentation for the arguments. */
  public static void main(String[] args) throws Exception {
    RestServerConfig config;
    try {
      config = RestServerConfig.from(parseArguments(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "Usage: java -jar salesflow-iceberg-rest-server.jar [--config <file>] [key=value ...]");
      System.exit(2);
      return;
    }
    if (config.exitOnStdinEof()) {
      exitOnStdinEof();
    }
    Catalog catalog =
        CatalogUtil.buildIcebergCatalog(config.catalogName(), config.catalogProperties(), null);
    RESTCatalogAdapter adapter = new RESTCatalogAdapter(catalog);
    Server server = newServer(config.port(), new RESTCatalogServlet(adapter));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, adapter), "rest-stop"));
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.println("READY port=" + port);
    System.out.flush();
    server.join();
  }

  static Map<String, String> parseArguments(String[] args) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") && i + 1 < args.length) {
        properties.putAll(readProperties(Path.of(args[++i])));
      } else if (arg.startsWith("--config=")) {
        properties.putAll(readProperties(Path.of(arg.substring("--config=".length()))));
      } else if (arg.indexOf('=') > 0) {
        properties.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("Invalid argument: " + arg + ", expected key=value");
      }
    }
    return properties;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read config file " + file, e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
    return map;
  }

  private static Server newServer(int port, RESTCatalogServlet servlet) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(LOOPBACK);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(context);
    server.setStopTimeout(0); // no graceful wait: callers stop it to simulate an outage
    return server;
  }

  /** A daemon thread that ends the JVM once stdin is closed (the parent exited or closed it). */
  private static void exitOnStdinEof() {
    Thread watcher =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try (InputStream in = System.in) {
                while (in.read(buffer) >= 0) {
                  // discard input; only end of file matters
                }
              } catch (IOException e) {
                // a broken pipe means the parent is gone as well
              }
              System.exit(0);
            },
            "stdin-eof-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void stop(Server server, RESTCatalogAdapter adapter) {
    try {
      server.stop();
      adapter.close();
    } catch (Exception e) {
      System.err.println("Cannot stop the REST catalog server cleanly: " + e);
    }
  }
}

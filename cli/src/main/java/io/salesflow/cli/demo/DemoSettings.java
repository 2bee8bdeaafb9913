package io.salesflow.cli.demo;

import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.stream.StreamOptions;
import io.salesflow.sample.SampleOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's settings, validated by the command.
 *
 * @param connection endpoints to attach to instead of starting local servers
 * @param sample what to load
 * @param writeThreads BatchWriteItem calls in flight while loading
 * @param stream event source mapping settings and handler
 * @param reportsDir where reports go
 * @param queryPhase the {@code QueryPhase} class
 * @param keep keep the servers running after the demo (until Ctrl-C)
 * @param streamTimeout longest wait for the stream to be caught up
 * @param verify compare the tables with what the sample data implies
 * @param backfill the sales exist before the stream and are backfilled by a Scan; only the modifies
 *     and deletes stream
 */
public record DemoSettings(
    ConnectionOptions connection,
    SampleOptions sample,
    int writeThreads,
    StreamOptions stream,
    Path reportsDir,
    String queryPhase,
    boolean keep,
    Duration streamTimeout,
    boolean verify,
    boolean backfill) {}

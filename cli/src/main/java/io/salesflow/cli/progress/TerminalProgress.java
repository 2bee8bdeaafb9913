package io.salesflow.cli.progress;

import io.salesflow.cli.Output;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar (me.tongfei:progressbar) on standard error. */
final class TerminalProgress implements Progress {

  private final ProgressBar bar;

  TerminalProgress(Output output, String task, long total) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(output.err()))
            .showSpeed()
            .build();
  }

  @Override
  public void stepTo(long done) {
    bar.stepTo(done);
  }

  @Override
  public void stepBy(long delta) {
    bar.stepBy(delta);
  }

  @Override
  public void close() {
    bar.close();
  }
}

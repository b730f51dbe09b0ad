package org.videosim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.videosim.hashing.IndexReport;
import org.videosim.hashing.Indexes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videosim index verify}: reads every record of an index and reports damage, changing nothing. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Reads every file of the index in DIR record by record and prints a report: videos and records",
        "held, and each piece of damage with its file and byte offset. Changes nothing and takes no lock (a writer",
        "may be adding meanwhile). Exit status: 0 intact, 1 damaged, 2 bad usage, 3 no index could be read."})
final class IndexVerifyCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
  Path indexDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    IndexReport report = Indexes.verify(indexDir);
    spec.commandLine().getOut().print(report.describe());
    spec.commandLine().getOut().flush();
    return report.damaged() ? 1 : 0;
  }
}

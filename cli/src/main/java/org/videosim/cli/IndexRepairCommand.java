package org.videosim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.videosim.hashing.IndexReport;
import org.videosim.hashing.Indexes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videosim index repair}: rebuilds a damaged index from its intact records. */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Recovers every intact record of the index in DIR (records after a damaged stretch included),",
        "writes them as a new generation and keeps a copy of every file it replaced in DIR/aside/repair-TIME/;",
        "prints how many acknowledged records were lost. An intact index is left as it is; an index of an older",
        "format is converted. Needs the writer's lock. Exit status: 0 done, 2 bad usage, 3 the index could not",
        "be read or written."})
final class IndexRepairCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
  Path indexDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    IndexReport report = Indexes.repair(indexDir);
    spec.commandLine().getOut().print(report.describe());
    spec.commandLine().getOut().flush();
    return 0;
  }
}

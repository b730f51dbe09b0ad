package org.videosim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code videosim index}: build and query a persistent index of clip codes. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Builds and queries a persistent index of clip codes (multi-index hashing over the clips of",
        "every video in a folder); verifies and repairs its files."},
    subcommands = {IndexBuildCommand.class, IndexQueryCommand.class, IndexPublishCommand.class,
        IndexVerifyCommand.class, IndexRepairCommand.class, CommandLine.HelpCommand.class})
final class IndexCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand: build, query, publish, verify or repair");
  }
}

package org.videosim.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import org.videosim.VideoSimilarityException;
import org.videosim.internal.LocalFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code videosim} command line. */
@Command(
    name = "videosim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Near-duplicate video detection: is this video a copy of that one, and where?")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order of the usage help. Only the one named first on the command line is built (picocli
   * reads every option of every command it is given: 0.34 s for all of them, 0.18-0.24 s for one, on the project's
   * 2-core VM); help, usage errors and a command line that names none get them all.
   */
  static final List<Class<?>> COMMANDS = List.of(
      CompareCommand.class,
      ScoresCommand.class,
      EditCommand.class,
      CalibrateCommand.class,
      EvaluateCommand.class,
      IndexCommand.class,
      DedupCommand.class,
      FitHeadCommand.class,
      FitBinarizerCommand.class,
      FitBackgroundCommand.class,
      FingerprintCommand.class,
      TrainCommand.class,
      CommandLine.HelpCommand.class);

  /** Exit status when a video or file could not be processed. */
  static final int EXIT_INPUT = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /**
   * Runs a command and exits with its status (0 done, 2 usage error, 3 a video could not be read).
   *
   * @param args the command line, e.g. {@code compare a.mp4 b.mp4}
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (0 ok, 2 usage error, 3 input error). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line writing to the given streams; returns the exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof VideoSimilarityException || ex instanceof java.io.IOException
          || ex instanceof java.io.UncheckedIOException) {
        line.getErr().println("videosim: " + message(ex));
        line.getErr().flush();
        return EXIT_INPUT;
      }
      throw ex;
    });
    return cl.execute(args);
  }

  /**
   * An input error in words: a file-system exception's message is the bare path ("videosim: out/fp.bin"), so the
   * path is followed by what went wrong ({@link LocalFiles#describe}: no such file or folder, permission denied, ...).
   */
  static String message(Exception ex) {
    if (ex instanceof FileSystemException f) {
      return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": "
          + LocalFiles.describe(f);
    }
    if (ex instanceof UncheckedIOException u && u.getCause() instanceof FileSystemException f) {
      return u.getMessage().equals(f.toString()) ? message(f) : u.getMessage() + ": " + LocalFiles.describe(f);
    }
    return ex.getMessage();
  }

  /**
   * The command line with the subcommand that {@code args} name first, or with every subcommand when they name none
   * (or name {@code help}).
   */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    Class<?> named = null;
    for (Class<?> c : COMMANDS) {
      if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
        named = c;
      }
    }
    for (Class<?> c : COMMANDS) {
      if (named == null || c == named) {
        cl.addSubcommand(c);
      }
    }
    return cl;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"videosim " + (v == null ? "(development build)" : v)};
    }
  }
}

package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Indexes;
import org.videosim.hashing.PersistentIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videosim index publish}: a read-only, memory-mapped copy of a persistent index. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {"Writes a read-only, memory-mapped copy of the index in DIR into the new directory OUT: its codes",
        "and inverted lists stay off the heap (about 62 bytes per 256-bit clip), so it opens in seconds at any size",
        "and every process that queries it shares one copy through the page cache ('index query --index OUT').",
        "OUT is built beside its name and renamed into place when whole; 'index verify --index OUT' checks every",
        "byte against its checksums, and a damaged copy is published again from DIR.",
        "Exit status: 0 done, 2 bad usage, 3 the index could not be read or OUT could not be written."})
final class IndexPublishCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "The persistent index to copy.")
  Path indexDir;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "The mapped index to write (must not "
      + "exist).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    int videos;
    try (PersistentIndex index = Indexes.openReadOnly(indexDir)) { // a writer may go on adding meanwhile
      videos = Indexes.writeMapped(out, index);
    }
    try (FingerprintIndex mapped = Indexes.openMapped(out)) {
      o.printf(Locale.ROOT, "published %s: %d videos, %d clips in %.1f s%n", out, videos, mapped.size(),
          (System.nanoTime() - t0) / 1e9);
    }
    o.flush();
    return 0;
  }
}

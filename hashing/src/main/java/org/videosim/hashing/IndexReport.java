package org.videosim.hashing;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Indexes#verify} or {@link Indexes#repair} found in a persistent index. Immutable.
 *
 * @param directory the index directory
 * @param formatVersion the format its manifest names, or 0 if the manifest cannot be read
 * @param generation the generation read (the current one; after a repair, the new one)
 * @param videos videos held by the intact records (after a repair: by the new generation)
 * @param clips clips of those videos
 * @param records intact records read: snapshot entries plus log records
 * @param recordsLost acknowledged records that are damaged or missing (counted by their sequence numbers; a damaged
 *     stretch whose extent cannot be told counts as one)
 * @param unacknowledgedBytes bytes after the acknowledged end of the log that do not form whole records: a write
 *     cut short by a crash, never acknowledged, which the next writer keeps aside and cuts off (not damage)
 * @param problems each piece of damage, naming the file and the byte offset; empty when the index is intact
 * @param notes other findings that are not damage
 * @param keptAside after a repair, the folder holding a copy of every file it replaced
 */
public record IndexReport(Path directory, int formatVersion, long generation, int videos, long clips, long records,
    long recordsLost, long unacknowledgedBytes, List<String> problems, List<String> notes,
    Optional<Path> keptAside) {

  /**
   * Checks the components and copies the lists.
   *
   * @throws NullPointerException if {@code directory}, a list or {@code keptAside} is null
   */
  public IndexReport {
    Objects.requireNonNull(directory, "directory");
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    Objects.requireNonNull(keptAside, "keptAside");
  }

  /** True if any acknowledged data is damaged or missing (or the files are unreadable). */
  public boolean damaged() {
    return !problems.isEmpty();
  }

  /** The report as lines of text, as {@code videosim index verify} and {@code repair} print it. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("index     ").append(directory).append(" (format ").append(formatVersion).append(", generation ")
        .append(generation).append(")\n");
    sb.append("holds     ").append(videos).append(" videos, ").append(clips).append(" clips, from ").append(records)
        .append(" intact records\n");
    for (String p : problems) {
      sb.append("DAMAGE    ").append(p).append('\n');
    }
    for (String n : notes) {
      sb.append("note      ").append(n).append('\n');
    }
    if (unacknowledgedBytes > 0) {
      sb.append("tail      ").append(unacknowledgedBytes).append(" unacknowledged bytes after the acknowledged end "
          + "of the log (a write cut short by a crash; not damage)\n");
    }
    keptAside.ifPresent(p -> sb.append("kept      the replaced files in ").append(p).append('\n'));
    sb.append("result    ").append(damaged() ? "DAMAGED: " + recordsLost + " acknowledged record(s) lost or "
        + "unreadable" : "intact").append('\n');
    return sb.toString();
  }
}

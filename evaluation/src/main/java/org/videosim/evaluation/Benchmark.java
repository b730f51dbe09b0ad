package org.videosim.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.videosim.CorruptDataException;

/**
 * A generated benchmark as data: its manifest ({@code manifest.json}: the seed, the sources, every reference and
 * every query with its transformation, drawn parameters and ground truth) next to the videos it describes
 * ({@code refs/}, {@code queries/}) and a {@code gt.tsv} in the dev benchmark's format. Immutable.
 *
 * @param format {@link #FORMAT}
 * @param seed the seed everything was drawn from
 * @param units the content units the footage comes from
 * @param references the reference videos
 * @param queries the query videos: copies of references and distractors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Benchmark(String format, long seed, List<String> units, List<Reference> references,
    List<Query> queries) {

  /** The manifest format this version writes and reads. */
  public static final String FORMAT = "videosim-benchmark/1";
  /** The manifest's file name in a benchmark directory. */
  public static final String MANIFEST = "manifest.json";

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if the format or a list is null
   */
  public Benchmark {
    Objects.requireNonNull(format, "format");
    units = List.copyOf(units);
    references = List.copyOf(references);
    queries = List.copyOf(queries);
  }

  /**
   * A reference video: a stretch of a source video.
   *
   * @param id e.g. {@code R007}
   * @param file path relative to the benchmark directory
   * @param source the source video's file name
   * @param unit its content unit
   * @param start where the stretch starts in the source, seconds
   * @param duration its length as written, seconds
   * @param shots the number of shots the histogram shot detector finds in it
   */
  public record Reference(String id, String file, String source, String unit, double start, double duration,
      int shots) {}

  /**
   * A query video.
   *
   * @param id e.g. {@code Q0042}
   * @param file path relative to the benchmark directory
   * @param kind the transformation kind ({@code crop_40}), what figures are reported under
   * @param group its group ({@code size}, {@code time}, {@code quality}, {@code others})
   * @param transform the drawn parameters, e.g. {@code crop(area=0.41,pos=0.08,0.91)}
   * @param reference the reference it copies, or null for a distractor
   * @param negative for a distractor, what it is: {@code same_unit} (other moments of a reference's shoot),
   *     {@code other_unit} (footage of no reference's unit) or {@code flat} (black, solid colour, slides)
   * @param source the source video (or generated footage) the query's footage comes from
   * @param unit its content unit ({@code flat} for generated footage)
   * @param start where that footage starts in the source, seconds
   * @param others the unrelated footage the query shows (fillers, layouts), as {@code file[start-end]}
   * @param segments where the reference's footage lies in the query and in the reference (empty for distractors)
   * @param duration the query's length, seconds
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Query(String id, String file, String kind, String group, String transform, String reference,
      String negative, String source, String unit, double start, List<String> others, List<Segment> segments,
      double duration) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if {@code others} or {@code segments} is null
     */
    public Query {
      others = List.copyOf(others);
      segments = List.copyOf(segments);
    }

    /** The content units of the footage this query shows: its own and that of its {@link #others}. */
    public java.util.Set<String> shownUnits() {
      java.util.Set<String> u = new java.util.TreeSet<>();
      u.add(unit);
      for (String o : others) {
        int bracket = o.indexOf('[');
        u.add(BenchmarkBuilder.unitOf(java.nio.file.Path.of(bracket > 0 ? o.substring(0, bracket) : o)));
      }
      return u;
    }

    /** True for a copy of a reference. */
    public boolean isCopy() {
      return reference != null;
    }
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Reads {@code dir/manifest.json}.
   *
   * @throws CorruptDataException if it is missing, unreadable, or of another format
   */
  public static Benchmark read(Path dir) {
    Path file = dir.resolve(MANIFEST);
    Benchmark b;
    try {
      b = mapper().readValue(file.toFile(), Benchmark.class);
    } catch (IOException e) {
      throw new CorruptDataException("cannot read benchmark manifest '" + file + "': " + e.getMessage(), e);
    }
    if (!FORMAT.equals(b.format())) {
      throw new CorruptDataException("'" + file + "' is a benchmark of format " + b.format() + ", this version reads "
          + FORMAT);
    }
    return b;
  }

  /** Writes {@code dir/manifest.json} and {@code dir/gt.tsv} (the dev benchmark's format). */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MANIFEST), mapper().writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("gt.tsv"), StandardCharsets.UTF_8)) {
        w.write("query_id\tref_id\ttransform\tfamily\tquery_start_s\tquery_end_s\tref_start_s\tref_end_s\n");
        for (Query q : queries) {
          if (!q.isCopy()) {
            w.write(q.id() + "\t-\t" + q.transform() + "\tdistractor\t\t\t\t\n");
            continue;
          }
          for (Segment s : q.segments()) {
            w.write(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f%n", q.id(), q.reference(),
                q.transform(), q.kind(), s.queryStart(), s.queryEnd(), s.refStart(), s.refEnd()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark to " + dir, e);
    }
  }
}

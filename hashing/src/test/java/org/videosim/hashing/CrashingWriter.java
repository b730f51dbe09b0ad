package org.videosim.hashing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.internal.DirectoryIndex;

/**
 * The child process of {@link PersistenceTest}'s crash test: opens the index in {@code args[0]} and adds (and now and
 * then removes) videos from number {@code args[1]} on, printing {@code ADD n} or {@code DEL n} after each call
 * returns, until it is killed. Compacts whenever the log exceeds {@code args[2]} bytes.
 */
public final class CrashingWriter {
  static final PipelineSpec SPEC = new PipelineSpec(Map.of("binarizer", new StageSpec("crash", "1", Map.of())));

  private CrashingWriter() {}

  /** Video {@code n}: 1 to 40 clips of 64-bit codes, the same every time. */
  static VideoFingerprint video(int n) {
    Random rnd = new Random(7919L * n + 1);
    List<Clip> clips = new ArrayList<>();
    int count = 1 + rnd.nextInt(40);
    for (int i = 0; i < count; i++) {
      clips.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(64, rnd.nextLong())));
    }
    return new VideoFingerprint("v" + n, count * 0.5, SPEC, clips);
  }

  /** The number of clips of {@link #video}{@code (n)}. */
  static int clipCount(int n) {
    return 1 + new Random(7919L * n + 1).nextInt(40);
  }

  /** Whether operation {@code n} removes video {@code n - 5} instead of adding video {@code n}. */
  static boolean removes(int n) {
    return n % 7 == 6;
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long compactBytes = Long.parseLong(args[2]);
    try (DirectoryIndex index = DirectoryIndex.open(dir, true, 0, compactBytes)) {
      System.out.println("READY " + index.videoCount());
      System.out.flush();
      for (; ; n++) {
        if (removes(n)) {
          index.remove("v" + (n - 5));
          System.out.println("DEL " + n);
        } else {
          index.add(video(n));
          System.out.println("ADD " + n);
        }
        System.out.flush();
      }
    }
  }
}

package org.videosim.hashing.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.CorruptDataException;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.CheckKeys;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.IndexReport;

/**
 * A read-only multi-index-hashing index whose codes and inverted lists live in memory-mapped files, not on the
 * heap: it scales past the heap to hundreds of millions of clips, opens in the time it takes to read the video ids,
 * and any number of processes share one copy of it through the page cache.
 *
 * <p>Each code is cut into {@code m} substrings (default: one per 43 bits, 6 for 256-bit codes). For each substring a
 * list holds every clip id sorted by the substring's value, and a directory of {@code 2^D} offsets indexes the list
 * by the value's top {@code D} bits; a probe looks up the directory, then binary-searches its bucket by reading the
 * candidates' codes. A search of radius {@code r = q m + a} probes, in the first {@code a + 1} substrings, every value
 * within {@code q} of the query's and in the others every value within {@code q - 1} (pigeonhole, as
 * {@link MultiIndexHashingIndex}), and verifies each candidate with the full Hamming distance: exactly a linear
 * scan's hits. Radii that would probe more than a scan costs scan the mapped codes.
 *
 * <p>Per clip, in the search structures: the code ({@code bits / 8} bytes), its start as a 32-bit float and its
 * length in hundredths of a second (16 bits; the hits' times, to 10 ms: the fingerprints keep the exact ones) and one
 * 32-bit id per substring: 32 + 6 + 24 = 62 bytes at 256 bits, plus the directories (about 0.5 byte a clip: a bucket
 * holds about 64 ids). The heap holds a map from video id to number (about 100 bytes per video).
 * The fingerprints themselves (for {@link #fingerprint}, to rescore candidates) lie in their own file, read only for
 * the videos asked for.
 *
 * <p>Files, in one directory: {@code codes}, {@code starts}, {@code lengths}, {@code firsts} (each video's first
 * clip id), {@code ids}
 * (the video ids), {@code fingerprints} with {@code offsets}, {@code list-J} and {@code dir-J} per substring, the
 * check codes ({@code checks}, with {@code check-list-J} and {@code check-dir-J} per key substring, for {@link
 * #searchChecks}: 24 bytes per clip more with svrtn's 63-bit codes; an empty {@code checks} without them), and
 * {@code videosim-mapped-index}, the manifest: format, counts, layout, pipeline, and each file's length and CRC-32. A
 * writer builds everything in a sibling directory, forces it to disk, writes the manifest last and renames the
 * directory into place: a reader sees a whole index or none. Opening checks the manifest and every file's length;
 * {@link #verify} reads every byte against its CRC. Nothing here is ever rewritten: a damaged mapped index is
 * rebuilt from its source ({@code videosim index publish} from the persistent index).
 *
 * <p>Thread-safe: immutable once open. {@link #add} and {@link #remove} throw {@link UnsupportedOperationException}.
 */
public final class MappedIndex implements FingerprintIndex {
  /** Name of the manifest that marks a directory as a mapped index. */
  public static final String MANIFEST = "videosim-mapped-index";
  static final int MAGIC = 0x56534d49; // "VSMI"
  static final int FORMAT = 1;
  /** Bits per substring by default: 6 substrings for 256-bit codes. */
  public static final int DEFAULT_SUBSTRING_BITS = 43;
  private static final int CHUNK_SHIFT = 30; // each mapping covers 1 GiB
  private static final String[] FILES = {"codes", "starts", "lengths", "firsts", "ids", "fingerprints", "offsets",
      "checks"};

  private final Path dir;
  private final PipelineSpec spec;
  private final int bits;
  private final int words;
  private final long clips;
  private final int videos;
  private final int[] subStart;
  private final int[] subLen;
  private final int dirBits;
  /** Length of the check codes, 0 without; their codes and key lists ({@link CheckKeys}). */
  private final int checkBits;
  private final Region checks;
  private final Region[] checkLists;
  private final Region[] checkDirs;
  private final Region codes;
  private final Region starts;
  private final Region lengths;
  private final Region firsts;
  private final Region offsets;
  private final Region fingerprints;
  private final Region[] lists;
  private final Region[] dirs;
  private final String[] videoIds;
  private final Map<String, Integer> ordinals;
  private volatile boolean closed;

  private MappedIndex(Path dir, Manifest m) throws IOException {
    this.dir = dir;
    this.spec = m.spec;
    this.bits = m.bits;
    this.words = BitCode.wordsFor(bits);
    this.clips = m.clips;
    this.videos = m.videos;
    this.subStart = m.subStart;
    this.subLen = m.subLen;
    this.dirBits = m.dirBits;
    this.checkBits = m.checkBits;
    this.checks = Region.map(dir.resolve("checks"));
    this.checkLists = new Region[checkBits > 0 ? CheckKeys.SUBSTRINGS : 0];
    this.checkDirs = new Region[checkLists.length];
    for (int j = 0; j < checkLists.length; j++) {
      checkLists[j] = Region.map(dir.resolve("check-list-" + j));
      checkDirs[j] = Region.map(dir.resolve("check-dir-" + j));
    }
    this.codes = Region.map(dir.resolve("codes"));
    this.starts = Region.map(dir.resolve("starts"));
    this.lengths = Region.map(dir.resolve("lengths"));
    this.firsts = Region.map(dir.resolve("firsts"));
    this.offsets = Region.map(dir.resolve("offsets"));
    this.fingerprints = Region.map(dir.resolve("fingerprints"));
    this.lists = new Region[subLen.length];
    this.dirs = new Region[subLen.length];
    for (int j = 0; j < subLen.length; j++) {
      lists[j] = Region.map(dir.resolve("list-" + j));
      dirs[j] = Region.map(dir.resolve("dir-" + j));
    }
    this.videoIds = new String[videos];
    this.ordinals = new HashMap<>(Math.max(16, videos * 4 / 3 + 1));
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
        Files.newInputStream(dir.resolve("ids")), 1 << 16))) {
      for (int i = 0; i < videos; i++) {
        byte[] b = new byte[in.readUnsignedByte() | in.readUnsignedByte() << 8]; // little-endian, as written
        in.readFully(b);
        videoIds[i] = new String(b, StandardCharsets.UTF_8);
        if (ordinals.put(videoIds[i], i) != null) {
          throw new CorruptDataException("mapped index '" + dir + "': the video id '" + videoIds[i] + "' twice");
        }
      }
    }
  }

  /**
   * Opens the mapped index in {@code dir}: reads the manifest, checks every file's length and maps them (no data is
   * read but the video ids).
   *
   * @throws CorruptDataException if the manifest is damaged or a file is missing or has another length
   * @throws VideoSimilarityException if the directory holds no mapped index
   */
  public static MappedIndex open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Manifest m = Manifest.read(dir);
      for (Map.Entry<String, long[]> e : m.files.entrySet()) {
        Path f = dir.resolve(e.getKey());
        long size;
        try {
          size = Files.size(f);
        } catch (NoSuchFileException x) {
          throw new CorruptDataException("mapped index '" + dir + "': the file '" + e.getKey() + "' is missing");
        }
        if (size != e.getValue()[0]) {
          throw new CorruptDataException("mapped index '" + dir + "': '" + e.getKey() + "' has " + size
              + " bytes, the manifest says " + e.getValue()[0]);
        }
      }
      return new MappedIndex(dir, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the mapped index '" + dir + "': " + e.getMessage(), e);
    }
  }

  /** True if {@code dir} holds a mapped index (its manifest). */
  public static boolean isMapped(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /**
   * Reads every file of the mapped index in {@code dir} against the CRC-32 its manifest records.
   *
   * @return the report: damaged when a file is missing, has another length or another checksum
   */
  public static IndexReport verify(Path dir) {
    Objects.requireNonNull(dir, "dir");
    List<String> problems = new ArrayList<>();
    Manifest m;
    try {
      m = Manifest.read(dir);
    } catch (IOException | RuntimeException e) {
      return new IndexReport(dir, 0, 0, 0, 0, 0, 0, 0, List.of("manifest: " + e.getMessage()), List.of(),
          Optional.empty());
    }
    for (Map.Entry<String, long[]> e : m.files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      try {
        long size = Files.size(f);
        if (size != e.getValue()[0]) {
          problems.add("'" + e.getKey() + "' has " + size + " bytes, the manifest says " + e.getValue()[0]);
          continue;
        }
        long crc = crcOf(f);
        if (crc != e.getValue()[1]) {
          problems.add(String.format(java.util.Locale.ROOT, "'%s' has CRC-32 %08x, the manifest says %08x",
              e.getKey(), crc, e.getValue()[1]));
        }
      } catch (NoSuchFileException x) {
        problems.add("'" + e.getKey() + "' is missing");
      } catch (IOException x) {
        problems.add("'" + e.getKey() + "': " + x.getMessage());
      }
    }
    return new IndexReport(dir, m.format, 0, m.videos, m.clips, m.videos, problems.isEmpty() ? 0 : m.videos, 0,
        problems, List.of("mapped index: read-only; rebuild a damaged one from its source (videosim index publish)"),
        Optional.empty());
  }

  private static long crcOf(Path f) throws IOException {
    CRC32 crc = new CRC32();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      while (ch.read(buf) >= 0) {
        buf.flip();
        crc.update(buf);
        buf.clear();
      }
    }
    return crc.getValue();
  }

  // -------------------------------------------------------------------------------------------------- writing

  /**
   * Writes a mapped index of {@code fingerprints} (one pass; all must share one pipeline and code length, ids
   * unique) into {@code dir}, which must not exist: built beside it, forced to disk, then renamed into place.
   *
   * @param substrings substrings per code, 0 for one per {@value #DEFAULT_SUBSTRING_BITS} bits (each at most 64 bits)
   * @return the number of videos written
   */
  public static int write(Path dir, Iterator<VideoFingerprint> fingerprints, int substrings) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(fingerprints, "fingerprints");
    if (substrings < 0) {
      throw new IllegalArgumentException("substrings must not be negative: " + substrings);
    }
    if (Files.exists(dir)) {
      throw new VideoSimilarityException("'" + dir + "' exists; a mapped index is written into a new directory");
    }
    Path abs = dir.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".writing-" + ProcessHandle.current().pid());
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      int n = new Writer(tmp, substrings).write(fingerprints);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel d = FileChannel.open(abs.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // not every file system forces a directory
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the mapped index '" + dir + "': " + e.getMessage(), e);
    } finally {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // what could not be deleted is named by the next write's failure
      }
    }
  }

  /** Deletes {@code p} and everything under it, if it exists. */
  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  /** Streams the columns out, then sorts the lists from the mapped codes. */
  private static final class Writer {
    final Path dir;
    final int requested;
    final Map<String, long[]> files = new java.util.LinkedHashMap<>();
    PipelineSpec spec;
    int bits;
    int words;
    long clips;
    int videos;
    int checkBits;

    Writer(Path dir, int substrings) {
      this.dir = dir;
      this.requested = substrings;
    }

    int write(Iterator<VideoFingerprint> fps) throws IOException {
      java.util.HashSet<String> seen = new java.util.HashSet<>();
      try (Column codes = new Column(dir, "codes"); Column starts = new Column(dir, "starts");
          Column lengths = new Column(dir, "lengths");
          Column firsts = new Column(dir, "firsts"); Column ids = new Column(dir, "ids");
          Column prints = new Column(dir, "fingerprints"); Column offsets = new Column(dir, "offsets");
          Column checks = new Column(dir, "checks")) {
        long fpBytes = 0;
        while (fps.hasNext()) {
          VideoFingerprint f = Objects.requireNonNull(fps.next(), "fingerprint");
          if (spec == null) {
            spec = f.spec();
            bits = f.codeBits();
            words = BitCode.wordsFor(bits);
            checkBits = f.checkBits();
          } else {
            spec.checkCompatibleWith(f.spec(), "this mapped index", "fingerprint '" + f.videoId() + "'");
            if (f.codeBits() != bits) {
              throw new IncompatibleFingerprintException("fingerprint '" + f.videoId() + "' has codes of "
                  + f.codeBits() + " bits, the others " + bits);
            }
          }
          if (f.checkBits() != 0 && f.checkBits() != checkBits) {
            throw new IncompatibleFingerprintException("fingerprint '" + f.videoId() + "' has check codes of "
                + f.checkBits() + " bits, the first " + checkBits);
          }
          if (!seen.add(f.videoId())) {
            throw new IllegalArgumentException("the video id '" + f.videoId() + "' twice");
          }
          if (clips + f.clips().size() > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("a mapped index holds at most " + (Integer.MAX_VALUE - 1) + " clips");
          }
          firsts.putInt((int) clips);
          long[] w = new long[words];
          for (Clip c : f.clips()) {
            Arrays.fill(w, 0);
            c.code().copyTo(w, 0);
            for (long x : w) {
              codes.putLong(x);
            }
            starts.putFloat((float) c.start());
            lengths.putShort(centiseconds(c.end() - c.start()));
          }
          if (checkBits > 0) { // a video without check codes gets flat ones: no keys
            long[] k = f.checkBits() == 0 ? new long[f.clips().size() * BitCode.wordsFor(checkBits)]
                : CheckKeys.pack(f.checks());
            for (long x : k) {
              checks.putLong(x);
            }
          }
          clips += f.clips().size();
          byte[] id = f.videoId().getBytes(StandardCharsets.UTF_8);
          if (id.length > 0xffff) {
            throw new IllegalArgumentException("video id longer than 65535 bytes");
          }
          ids.putShort(id.length);
          ids.put(id);
          byte[] bytes = f.toBytes();
          offsets.putLong(fpBytes);
          prints.put(bytes);
          fpBytes += bytes.length;
          videos++;
        }
        firsts.putInt((int) clips);
        offsets.putLong(fpBytes);
        for (Column c : List.of(codes, starts, lengths, firsts, ids, prints, offsets, checks)) {
          files.put(c.name, c.finish());
        }
      }
      int m = 0;
      int[] subStart = new int[0];
      int[] subLen = new int[0];
      int dirBits = 0;
      if (spec != null) {
        m = requested > 0 ? requested : Math.max(1, (bits + DEFAULT_SUBSTRING_BITS - 1) / DEFAULT_SUBSTRING_BITS);
        if (m > bits || (bits + m - 1) / m > 64) {
          throw new IllegalArgumentException("cannot split " + bits + "-bit codes into " + m
              + " substrings of 1 to 64 bits");
        }
        subStart = new int[m];
        subLen = new int[m];
        for (int j = 0, start = 0; j < m; j++) {
          subLen[j] = bits / m + (j < bits % m ? 1 : 0);
          subStart[j] = start;
          start += subLen[j];
        }
        int log = 64 - Long.numberOfLeadingZeros(Math.max(1, clips));
        dirBits = Math.max(1, Math.min(Math.min(24, log - 6), subLen[subLen.length - 1])); // ~64 ids a bucket
        Region codes = Region.map(dir.resolve("codes"));
        for (int j = 0; j < m; j++) {
          writeList(codes, j, subStart[j], subLen[j], dirBits);
        }
        if (checkBits > 0) {
          writeCheckLists(Region.map(dir.resolve("checks")));
        }
      }
      Manifest man = new Manifest(FORMAT, spec, bits, clips, videos, subStart, subLen, dirBits, checkBits, files);
      man.write(dir);
      return videos;
    }

    /** Per check-code key substring, the ids of the clips with a check code (not flat) by the key's 16-bit value. */
    private void writeCheckLists(Region checks) throws IOException {
      int n = (int) clips;
      int w = BitCode.wordsFor(checkBits);
      long[] code = new long[w];
      for (int j = 0; j < CheckKeys.SUBSTRINGS; j++) {
        int[] count = new int[(1 << 16) + 1];
        for (int id = 0; id < n; id++) {
          int v = checkKey(checks, id, code, j);
          if (v >= 0) {
            count[v + 1]++;
          }
        }
        for (int v = 0; v < 1 << 16; v++) {
          count[v + 1] += count[v];
        }
        int[] next = Arrays.copyOf(count, 1 << 16);
        int[] list = new int[count[1 << 16]];
        for (int id = 0; id < n; id++) {
          int v = checkKey(checks, id, code, j);
          if (v >= 0) {
            list[next[v]++] = id;
          }
        }
        writeList("check-list-" + j, list.length, i -> list[i], "check-dir-" + j, count);
      }
    }

    /** The 16-bit value of key {@code j} of clip {@code id}'s check code ({@code code}: scratch), -1 if flat. */
    private int checkKey(Region checks, int id, long[] code, int j) {
      int w = code.length;
      for (int k = 0; k < w; k++) {
        code[k] = checks.getLong(8L * ((long) id * w + k));
      }
      return CheckKeys.flat(code, 0, w) ? -1 : CheckKeys.key(code, 0, w, checkBits, j) & 0xffff;
    }

    /** Writes a list of clip ids ({@code n}, the {@code i}-th {@code id.applyAsInt(i)}) and its directory. */
    private void writeList(String listName, int n, java.util.function.IntUnaryOperator id, String dirName,
        int[] offsets) throws IOException {
      try (Column l = new Column(dir, listName); Column d = new Column(dir, dirName)) {
        for (int i = 0; i < n; i++) {
          l.putInt(id.applyAsInt(i));
        }
        for (int o : offsets) {
          d.putInt(o);
        }
        files.put(l.name, l.finish());
        files.put(d.name, d.finish());
      }
    }

    /** The ids sorted by substring {@code j}'s value (a counting sort on the top bits, then each bucket). */
    private void writeList(Region codes, int j, int start, int len, int dirBits) throws IOException {
      int n = (int) clips;
      int buckets = 1 << dirBits;
      int[] count = new int[buckets + 1];
      for (int id = 0; id < n; id++) {
        count[(int) (substring(codes, id, words, start, len) >>> (len - dirBits)) + 1]++;
      }
      for (int b = 0; b < buckets; b++) {
        count[b + 1] += count[b];
      }
      int[] next = Arrays.copyOf(count, buckets);
      int low = len - dirBits;
      if (low <= 32) {
        // (low bits of the value, id) packed in one positive long: the buckets sort as plain longs, and the codes are
        // read in order only (random reads of mapped codes cost about a microsecond each at 100M clips)
        long[] packed = new long[n];
        long lowMask = (1L << low) - 1;
        for (int id = 0; id < n; id++) {
          long v = substring(codes, id, words, start, len);
          packed[next[(int) (v >>> low)]++] = (v & lowMask) << 31 | id;
        }
        for (int b = 0; b < buckets; b++) {
          Arrays.sort(packed, count[b], count[b + 1]);
        }
        writeList("list-" + j, n, i -> (int) (packed[i] & Integer.MAX_VALUE), "dir-" + j, count);
        return;
      }
      int[] list = new int[n];
      for (int id = 0; id < n; id++) {
        list[next[(int) (substring(codes, id, words, start, len) >>> low)]++] = id;
      }
      long[] keyed = new long[16];
      for (int b = 0; b < buckets; b++) {
        int from = count[b];
        int to = count[b + 1];
        if (to - from < 2) {
          continue;
        }
        // sort the bucket by (value, id): values differ only in their low len - dirBits bits
        if (keyed.length < to - from) {
          keyed = new long[Integer.highestOneBit(to - from) * 2];
        }
        for (int i = from; i < to; i++) {
          long v = substring(codes, list[i], words, start, len) & (low == 64 ? -1L : (1L << low) - 1);
          keyed[i - from] = v;
        }
        sortBy(keyed, list, from, to - from);
      }
      writeList("list-" + j, n, i -> list[i], "dir-" + j, count);
    }

    /**
     * Sorts {@code ids[from .. from + n)} by {@code keys[0 .. n)} (unsigned), ties by id: insertion sort for the
     * usual buckets of tens of ids, a merge sort for the large ones that many equal codes (flat frames) make.
     */
    static void sortBy(long[] keys, int[] ids, int from, int n) {
      if (n > 32) {
        long[] k2 = new long[n];
        int[] i2 = new int[n];
        int[] idx = Arrays.copyOfRange(ids, from, from + n);
        mergeSort(keys, idx, k2, i2, 0, n);
        System.arraycopy(idx, 0, ids, from, n);
        return;
      }
      for (int i = 1; i < n; i++) {
        long k = keys[i];
        int id = ids[from + i];
        int j = i - 1;
        while (j >= 0 && (Long.compareUnsigned(keys[j], k) > 0 || (keys[j] == k && ids[from + j] > id))) {
          keys[j + 1] = keys[j];
          ids[from + j + 1] = ids[from + j];
          j--;
        }
        keys[j + 1] = k;
        ids[from + j + 1] = id;
      }
    }
  }

  private static boolean before(long ka, int ia, long kb, int ib) {
    int c = Long.compareUnsigned(ka, kb);
    return c < 0 || (c == 0 && ia < ib);
  }

  /** Stable merge sort of {@code keys/ids[lo .. hi)} by (key unsigned, id), with scratch arrays. */
  private static void mergeSort(long[] keys, int[] ids, long[] k2, int[] i2, int lo, int hi) {
    if (hi - lo < 2) {
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(keys, ids, k2, i2, lo, mid);
    mergeSort(keys, ids, k2, i2, mid, hi);
    int a = lo;
    int b = mid;
    int o = lo;
    while (a < mid || b < hi) {
      if (b >= hi || (a < mid && before(keys[a], ids[a], keys[b], ids[b]))) {
        k2[o] = keys[a];
        i2[o++] = ids[a++];
      } else {
        k2[o] = keys[b];
        i2[o++] = ids[b++];
      }
    }
    System.arraycopy(k2, lo, keys, lo, hi - lo);
    System.arraycopy(i2, lo, ids, lo, hi - lo);
  }

  /** A file written sequentially in little-endian order through a 1 MiB buffer, with its length and CRC-32. */
  private static final class Column implements AutoCloseable {
    final String name;
    final FileChannel ch;
    final CRC32 crc = new CRC32();
    final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    long length;

    Column(Path dir, String name) throws IOException {
      this.name = name;
      this.ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        drain();
      }
    }

    private void drain() throws IOException {
      buf.flip();
      crc.update(buf.array(), 0, buf.limit());
      length += buf.limit();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    void put(byte[] x) throws IOException {
      if (x.length > buf.remaining()) {
        drain();
      }
      if (x.length > buf.capacity()) {
        crc.update(x);
        length += x.length;
        ByteBuffer w = ByteBuffer.wrap(x);
        while (w.hasRemaining()) {
          ch.write(w);
        }
        return;
      }
      buf.put(x);
    }

    void putLong(long x) throws IOException {
      room(8);
      buf.putLong(x);
    }

    void putInt(int x) throws IOException {
      room(4);
      buf.putInt(x);
    }

    void putFloat(float x) throws IOException {
      room(4);
      buf.putFloat(x);
    }

    void putShort(int x) throws IOException {
      room(2);
      buf.putShort((short) x);
    }

    /** Writes out the buffer and forces the file; its {length, CRC-32}. */
    long[] finish() throws IOException {
      drain();
      ch.force(true);
      return new long[] {length, crc.getValue()};
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** The manifest: written last, itself checksummed. */
  private record Manifest(int format, PipelineSpec spec, int bits, long clips, int videos, int[] subStart,
      int[] subLen, int dirBits, int checkBits, Map<String, long[]> files) {

    void write(Path dir) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(format);
      out.writeBoolean(spec != null);
      if (spec != null) {
        SnapshotFile.writeSpec(out, spec);
      }
      out.writeInt(bits);
      out.writeLong(clips);
      out.writeInt(videos);
      out.writeInt(subLen.length);
      for (int j = 0; j < subLen.length; j++) {
        out.writeInt(subStart[j]);
        out.writeInt(subLen[j]);
      }
      out.writeInt(dirBits);
      out.writeInt(checkBits);
      out.writeInt(files.size());
      for (Map.Entry<String, long[]> e : files.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue()[0]);
        out.writeLong(e.getValue()[1]);
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      try (FileChannel ch = FileChannel.open(dir.resolve(MANIFEST), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(bytes.toByteArray()));
        ch.force(true);
      }
    }

    static Manifest read(Path dir) throws IOException {
      Path f = dir.resolve(MANIFEST);
      if (!Files.isRegularFile(f)) {
        throw new VideoSimilarityException("no mapped index in '" + dir + "' (it has no '" + MANIFEST + "' file)");
      }
      byte[] all = Files.readAllBytes(f);
      if (all.length < 12) {
        throw new CorruptDataException("mapped index manifest '" + f + "' is cut short (" + all.length + " bytes)");
      }
      CRC32 crc = new CRC32();
      crc.update(all, 0, all.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
        throw new CorruptDataException("mapped index manifest '" + f + "' is damaged (CRC-32 mismatch)");
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 4))) {
        if (in.readInt() != MAGIC) {
          throw new CorruptDataException("'" + f + "' is not a mapped index manifest");
        }
        int format = in.readInt();
        if (format != FORMAT) {
          throw new CorruptDataException("mapped index '" + dir + "' has format " + format + "; this library reads "
              + FORMAT);
        }
        PipelineSpec spec = in.readBoolean() ? SnapshotFile.readSpec(in) : null;
        int bits = in.readInt();
        long clips = in.readLong();
        int videos = in.readInt();
        int m = in.readInt();
        if (bits < 0 || bits > MultiIndexHashingIndex.MAX_BITS || clips < 0 || clips >= Integer.MAX_VALUE
            || videos < 0 || m < 0 || m > Math.max(1, bits)) {
          throw new CorruptDataException("mapped index manifest '" + f + "' has impossible counts");
        }
        int[] subStart = new int[m];
        int[] subLen = new int[m];
        for (int j = 0; j < m; j++) {
          subStart[j] = in.readInt();
          subLen[j] = in.readInt();
        }
        int dirBits = in.readInt();
        int checkBits = in.readInt();
        if (checkBits < 0 || checkBits > CheckKeys.SUBSTRINGS * 16) {
          throw new CorruptDataException("mapped index manifest '" + f + "' has check codes of " + checkBits + " bits");
        }
        int n = in.readInt();
        Map<String, long[]> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          files.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
        }
        for (String name : FILES) {
          if (!files.containsKey(name)) {
            throw new CorruptDataException("mapped index manifest '" + f + "' names no file '" + name + "'");
          }
        }
        for (int j = 0; checkBits > 0 && j < CheckKeys.SUBSTRINGS; j++) {
          if (!files.containsKey("check-list-" + j) || !files.containsKey("check-dir-" + j)) {
            throw new CorruptDataException("mapped index manifest '" + f + "' names no check-code list " + j);
          }
        }
        return new Manifest(format, spec, bits, clips, videos, subStart, subLen, dirBits, checkBits, files);
      }
    }
  }

  /** A file mapped read-only in 1 GiB pieces, read in little-endian order (elements never straddle two). */
  static final class Region {
    final MappedByteBuffer[] parts;
    final long size;

    private Region(MappedByteBuffer[] parts, long size) {
      this.parts = parts;
      this.size = size;
    }

    static Region map(Path f) throws IOException {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        long size = ch.size();
        int n = (int) ((size + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT);
        MappedByteBuffer[] parts = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
          long from = (long) i << CHUNK_SHIFT;
          parts[i] = ch.map(FileChannel.MapMode.READ_ONLY, from, Math.min(1L << CHUNK_SHIFT, size - from));
          parts[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        return new Region(parts, size);
      }
    }

    long getLong(long at) {
      return parts[(int) (at >>> CHUNK_SHIFT)].getLong((int) (at & ((1L << CHUNK_SHIFT) - 1)));
    }

    int getInt(long at) {
      return parts[(int) (at >>> CHUNK_SHIFT)].getInt((int) (at & ((1L << CHUNK_SHIFT) - 1)));
    }

    char getChar(long at) {
      return parts[(int) (at >>> CHUNK_SHIFT)].getChar((int) (at & ((1L << CHUNK_SHIFT) - 1)));
    }

    float getFloat(long at) {
      return parts[(int) (at >>> CHUNK_SHIFT)].getFloat((int) (at & ((1L << CHUNK_SHIFT) - 1)));
    }

    byte[] bytes(long at, int n) {
      byte[] out = new byte[n];
      for (int i = 0; i < n; ) {
        long p = at + i;
        MappedByteBuffer b = parts[(int) (p >>> CHUNK_SHIFT)];
        int off = (int) (p & ((1L << CHUNK_SHIFT) - 1));
        int k = Math.min(n - i, b.limit() - off);
        b.get(off, out, i, k);
        i += k;
      }
      return out;
    }
  }

  /** A clip's length in hundredths of a second, 0 to 65535 (655 s; longer clips are cut there in the hits). */
  static int centiseconds(double seconds) {
    return (int) Math.max(0, Math.min(0xffff, Math.round(seconds * 100)));
  }

  /** Bits {@code start .. start + len} of clip {@code id}'s code, as a non-negative value (len up to 64). */
  static long substring(Region codes, long id, int words, int start, int len) {
    long base = id * words * 8L;
    int w = start >>> 6;
    int off = start & 63;
    long v = codes.getLong(base + 8L * w) >>> off;
    if (off + len > 64) {
      v |= codes.getLong(base + 8L * (w + 1)) << (64 - off);
    }
    return len == 64 ? v : v & ((1L << len) - 1);
  }

  private static long substring(long[] q, int start, int len) {
    int w = start >>> 6;
    int off = start & 63;
    long v = q[w] >>> off;
    if (off + len > 64) {
      v |= q[w + 1] << (64 - off);
    }
    return len == 64 ? v : v & ((1L << len) - 1);
  }

  // -------------------------------------------------------------------------------------------------- reading

  private int distance(long[] q, long id) {
    return distance(codes, words, q, id);
  }

  /** The Hamming distance between {@code q} and code {@code id} of a region of codes of {@code words} longs each. */
  private static int distance(Region region, int words, long[] q, long id) {
    long base = id * words * 8L;
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(q[w] ^ region.getLong(base + 8L * w));
    }
    return d;
  }

  /** The video number of clip {@code id}: the last video whose first clip id is at most {@code id}. */
  private int videoOf(long id) {
    int lo = 0;
    int hi = videos - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firsts.getInt(4L * mid) <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // videos without clips share their successor's first id: the last of them holds it
    return lo;
  }

  private IndexHit hit(long id, int d) {
    int v = videoOf(id);
    int first = firsts.getInt(4L * v);
    double start = starts.getFloat(4 * id);
    return new IndexHit(videoIds[v], (int) (id - first), start, start + lengths.getChar(2 * id) / 100.0, d);
  }

  private int[] substringRadii(int r) {
    return MultiIndexHashingIndex.substringRadii(r, subLen);
  }

  /** Probes of a search of radius {@code r} (values looked up), each a directory read and a short binary search. */
  private double probeCount(int r) {
    int[] radii = substringRadii(r);
    double n = 0;
    for (int j = 0; j < radii.length; j++) {
      n += MultiIndexHashingIndex.valuesProbed(subLen[j], radii[j]);
    }
    return n;
  }

  @Override
  public List<IndexHit> search(BitCode query, int radius) {
    Objects.requireNonNull(query, "query");
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
    checkOpen();
    if (spec == null || clips == 0) {
      return new ArrayList<>();
    }
    if (query.bits() != bits) {
      throw new IllegalArgumentException("query has " + query.bits() + " bits, the index " + bits);
    }
    long[] q = query.toLongArray();
    List<IndexHit> hits = probes(radius) ? probe(q, radius) : scan(q, radius);
    hits.sort(MultiIndexHashingIndex.ORDER);
    return hits;
  }

  /**
   * True when a search of radius {@code r} probes the lists (it costs less than a scan): a probe reads about {@code
   * log2(bucket) + 2} places at random, a scan every code in order, about 20 times cheaper each.
   */
  public boolean probes(int r) {
    double bucket = Math.max(2, clips / (double) (1L << dirBits));
    return substringRadii(r)[0] < 63 && probeCount(r) * (Math.log(bucket) / Math.log(2) + 2) * 20 < clips;
  }

  private List<IndexHit> scan(long[] q, int r) {
    List<IndexHit> hits = new ArrayList<>();
    for (long id = 0; id < clips; id++) {
      int d = distance(q, id);
      if (d <= r) {
        hits.add(hit(id, d));
      }
    }
    return hits;
  }

  private List<IndexHit> probe(long[] q, int r) {
    int m = subLen.length;
    int[] radii = substringRadii(r);
    long[] qv = new long[m];
    for (int j = 0; j < m; j++) {
      qv[j] = substring(q, subStart[j], subLen[j]);
    }
    List<IndexHit> hits = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      int len = subLen[j];
      for (int p = 0; p <= radii[j]; p++) {
        final int jj = j;
        forEachMask(len, p, mask -> lookUp(jj, qv[jj] ^ mask, q, r, radii, qv, hits));
      }
    }
    return hits;
  }

  /** Calls {@code action} with every {@code len}-bit mask of {@code p} set bits, {@code p < 63} (Gosper's hack). */
  private static void forEachMask(int len, int p, java.util.function.LongConsumer action) {
    if (p == 0) {
      action.accept(0);
      return;
    }
    if (p > len) {
      return;
    }
    long mask = (1L << p) - 1;
    while (true) {
      action.accept(mask);
      long c = mask & -mask;
      long rr = mask + c;
      if (rr == 0) {
        return; // past bit 63
      }
      long next = Long.divideUnsigned((rr ^ mask) >>> 2, c) | rr;
      if ((len < 64 && (next >>> len) != 0) || Long.compareUnsigned(next, mask) <= 0) {
        return;
      }
      mask = next;
    }
  }

  /** The ids holding value {@code value} in substring {@code j}, verified and added to {@code hits}. */
  private void lookUp(int j, long value, long[] q, int r, int[] radii, long[] qv, List<IndexHit> hits) {
    int len = subLen[j];
    int low = len - dirBits;
    long b = value >>> low;
    int from = dirs[j].getInt(4L * b);
    int to = dirs[j].getInt(4L * b + 4);
    if (from == to) {
      return;
    }
    long want = low == 64 ? value : value & ((1L << low) - 1);
    // first position whose value is at least want (values sorted within the bucket)
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long v = substring(codes, lists[j].getInt(4L * mid), words, subStart[j], len);
      v = low == 64 ? v : v & ((1L << low) - 1);
      if (Long.compareUnsigned(v, want) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < to; i++) {
      int id = lists[j].getInt(4L * i);
      if (substring(codes, id, words, subStart[j], len) != value) {
        break;
      }
      int d = distance(q, id);
      if (d > r || foundEarlier(id, j, radii, qv)) {
        continue;
      }
      hits.add(hit(id, d));
    }
  }

  /** True if an earlier substring's probe found {@code id} already. */
  private boolean foundEarlier(int id, int j, int[] radii, long[] qv) {
    for (int e = 0; e < j; e++) {
      if (radii[e] >= 0
          && Long.bitCount(substring(codes, id, words, subStart[e], subLen[e]) ^ qv[e]) <= radii[e]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k) {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    checkOpen();
    if (spec == null || clips == 0) {
      return new ArrayList<>();
    }
    // growing radii while a probe is cheaper than a scan; every hit within the radius is found, so once there are k
    // of them the k nearest (ties included) are among them
    for (int r = subLen.length - 1; r < bits && probes(r); r += subLen.length) {
      List<IndexHit> hits = search(query, r);
      if (hits.size() >= k) {
        return new ArrayList<>(hits.subList(0, k));
      }
    }
    List<IndexHit> all = search(query, bits); // a scan: every clip, nearest first
    return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
  }

  /**
   * The check-code hits by their key lists (a clip's check code in the {@code checks} file, 8 bytes, and one id in
   * each of the four lists, 16 bytes: 24 bytes more per clip with check codes).
   */
  @Override
  public List<IndexHit> searchChecks(BitCode check, int radius) {
    Objects.requireNonNull(check, "check");
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
    checkOpen();
    if (checkBits == 0) {
      return new ArrayList<>();
    }
    if (check.bits() != checkBits) {
      throw new IllegalArgumentException("query check code has " + check.bits() + " bits, the index's " + checkBits);
    }
    int w = BitCode.wordsFor(checkBits);
    long[] q = check.toLongArray();
    int[] keys = CheckKeys.keys(q, 0, w, checkBits);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    List<IndexHit> hits = new ArrayList<>();
    for (int j = 0; j < keys.length; j++) {
      int v = keys[j] & 0xffff;
      int to = checkDirs[j].getInt(4L * v + 4);
      for (int i = checkDirs[j].getInt(4L * v); i < to; i++) {
        int id = checkLists[j].getInt(4L * i);
        if (!seen.add(id)) {
          continue;
        }
        int d = distance(checks, w, q, id);
        if (d <= radius) {
          hits.add(hit(id, d));
        }
      }
    }
    hits.sort(MultiIndexHashingIndex.ORDER);
    return hits;
  }

  @Override
  public Optional<VideoFingerprint> fingerprint(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    checkOpen();
    Integer v = ordinals.get(videoId);
    if (v == null) {
      return Optional.empty();
    }
    long from = offsets.getLong(8L * v);
    long to = offsets.getLong(8L * v + 8);
    return Optional.of(VideoFingerprint.fromBytes(fingerprints.bytes(from, (int) (to - from))));
  }

  @Override
  public List<String> videoIds() {
    List<String> out = new ArrayList<>(Arrays.asList(videoIds));
    out.sort(null);
    return out;
  }

  @Override
  public int ordinal(String videoId) {
    Integer v = ordinals.get(Objects.requireNonNull(videoId, "videoId"));
    return v == null ? -1 : v;
  }

  @Override
  public void add(VideoFingerprint fingerprint) {
    throw new UnsupportedOperationException("a mapped index is read-only: write a new one (videosim index publish)");
  }

  @Override
  public boolean remove(String videoId) {
    throw new UnsupportedOperationException("a mapped index is read-only: write a new one (videosim index publish)");
  }

  @Override
  public boolean contains(String videoId) {
    return ordinals.containsKey(Objects.requireNonNull(videoId, "videoId"));
  }

  @Override
  public int size() {
    return (int) clips;
  }

  @Override
  public int videoCount() {
    return videos;
  }

  @Override
  public Optional<PipelineSpec> spec() {
    return Optional.ofNullable(spec);
  }

  /** The directory it was opened from. */
  public Path directory() {
    return dir;
  }

  /** Substrings per code (0 when empty). */
  public int substrings() {
    return subLen.length;
  }

  /** Bytes of the search structures (codes, times, lists, directories), and of the fingerprints file. */
  public long[] bytes() {
    long search = codes.size + starts.size + lengths.size + firsts.size + checks.size;
    for (int j = 0; j < checkLists.length; j++) {
      search += checkLists[j].size + checkDirs[j].size;
    }
    for (int j = 0; j < lists.length; j++) {
      search += lists[j].size + dirs[j].size;
    }
    return new long[] {search, fingerprints.size + offsets.size};
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index is closed");
    }
  }

  /** Drops the mappings' references (the operating system unmaps them when they are collected). */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "MappedIndex(" + dir + ", " + videos + " videos, " + clips + " clips, " + subLen.length + " substrings)";
  }
}

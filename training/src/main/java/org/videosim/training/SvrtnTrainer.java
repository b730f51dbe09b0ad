package org.videosim.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarityException;
import org.videosim.encoders.FrameHeads;
import org.videosim.encoders.MobileNetFrameEncoder;
import org.videosim.encoders.SetTransformerClipAggregator;
import org.videosim.training.internal.SvrtnModel;
import org.videosim.training.internal.TripletChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-supervised training of SVRTN's learned stages from a folder of unlabeled videos, on the CPU.
 *
 * <ol>
 *   <li>Decodes every video at {@code decodeRate} frames per second and splits them by content unit (the file name
 *       before {@code __}) into training and validation videos.
 *   <li>Draws triplets with {@link PairGenerator} (anchor clip, edited positive clip, negative clip) and runs every
 *       frame through the frozen MobileNetV2 backbone once, caching the spatially averaged features in chunks in the
 *       work directory (the expensive part; a restart reuses the chunks).
 *   <li>Trains the frame head (the 1x1 convolution, which on averaged features is a linear map; initialised from the
 *       bundled PCA-whitening head) and the set transformer (identity-initialised) with a frame-level and a
 *       clip-level batch-hard triplet loss, dropping positive-clip frames at random (masked frame modelling).
 *       Validates on the validation videos' triplets after every epoch, writes a checkpoint, the curves (TSV and
 *       PNG) and the best epoch's weights.
 * </ol>
 *
 * Deterministic for a seed (up to floating-point reduction order); resumable: rerun the same command and it picks up
 * from the cached features and the last checkpoint. Not thread-safe; uses the cores itself.
 */
public final class SvrtnTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(SvrtnTrainer.class);
  private static final int CHUNK = 128;

  /**
   * Everything that shapes a training run.
   *
   * @param units the content units to train on (file name before {@code __}); empty for every video in the folder
   * @param features where the cached backbone features go ({@code null}: {@code work/features}); runs that differ
   *     only in how they train (rates, masking, negatives, epochs) can share one
   * @param batchAll the triplet losses average over every violating in-batch negative (true) or take each anchor's
   *     hardest (false, the v2 training, which collapsed on v3's harder edits)
   * @param initialHead where the frame head starts: {@code null} for the bundled PCA whitening, {@code "svrtn"} for
   *     the bundled trained head of {@code Svrtn}, else the path of a head file ({@code .vsw})
   * @param sameShootNegatives false to leave out the triplets whose negative comes from the anchor's content unit
   *     (and to mask every in-batch negative of the anchor's unit): the ablation without same-shoot hard negatives
   * @param hiddenUnits 0 for the method's linear head; else the head gets a hidden layer of that many rectified units
   *     beside its linear map ({@code W x + b + U relu(V x + c)}, {@code U} starting at zero): more trainable capacity
   * @param inputSize the backbone's square input in pixels (the method's shipped 160, or e.g. 224)
   * @param colour feed the backbone colour frames instead of grey ones
   * @param regional train for regional pooling (the encoder's {@code pooling("regional")}): the features cache the means
   *     of every region of the backbone's map, and a frame's embedding is the normalised sum of its regions'
   */
  public record Settings(Path videos, Path work, long seed, int trainTriplets, int validationTriplets, int epochs,
      int batch, double headRate, double transformerRate, double margin, double dropRate, double weightDecay,
      double validationShare, double decodeRate, int decodeSide, PairGenerator.Settings pairs, Path logos,
      java.util.Set<String> units, boolean sameShootNegatives, Path features, boolean batchAll, String initialHead,
      int hiddenUnits, int inputSize, boolean colour, boolean regional) {
    /**
     * Checks the settings.
     *
     * @throws NullPointerException if {@code videos}, {@code work}, {@code pairs} or {@code units} is null
     * @throws IllegalArgumentException if a count or a rate is out of range
     */
    public Settings {
      Objects.requireNonNull(videos, "videos");
      Objects.requireNonNull(work, "work");
      Objects.requireNonNull(pairs, "pairs");
      units = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(Objects.requireNonNull(units,
          "units")));
      if (!(dropRate >= 0 && dropRate < 1)) {
        throw new IllegalArgumentException("dropRate must be within [0, 1): " + dropRate);
      }
      if (trainTriplets < 1 || validationTriplets < 1 || epochs < 1 || batch < 2) {
        throw new IllegalArgumentException("need positive triplet counts and epochs, and batch >= 2");
      }
      if (!(headRate >= 0) || !(transformerRate >= 0) || headRate + transformerRate == 0) {
        throw new IllegalArgumentException("learning rates must not be negative, and one must be positive: "
            + headRate + ", " + transformerRate);
      }
      if (inputSize < 32) {
        throw new IllegalArgumentException("inputSize must be at least 32: " + inputSize);
      }
      if (hiddenUnits < 0) {
        throw new IllegalArgumentException("hiddenUnits must not be negative: " + hiddenUnits);
      }
      if (!(validationShare > 0 && validationShare < 1)) {
        throw new IllegalArgumentException("validationShare must be within (0, 1): " + validationShare);
      }
    }

    /** The settings of the bundled model on every video of the folder. */
    public static Settings defaults(Path videos, Path work) {
      return new Settings(videos, work, 20261205L, 6144, 512, 40, 64, 3e-4, 0, 0.2, 0.3, 1e-4, 0.2, 4, 256,
          PairGenerator.Settings.defaults(), null, java.util.Set.of(), true, null, true, null, 0,
          MobileNetFrameEncoder.DEFAULT_INPUT_SIZE, false, false);
    }

    /**
     * The settings as text, to detect a resume with other settings: what shapes the cached features (the training
     * settings may change between runs on one cache).
     */
    String featureFingerprint() {
      return String.format(Locale.ROOT, "seed=%d train=%d val=%d share=%s rate=%s side=%d pairs=%s logos=%s units=%s",
          seed, trainTriplets, validationTriplets, validationShare, decodeRate, decodeSide, pairs, logos, units)
          + (inputSize != MobileNetFrameEncoder.DEFAULT_INPUT_SIZE ? " input=" + inputSize : "")
          + (colour ? " colour" : "") + (regional ? " regional" : "");
    }

    /**
     * How the run trains on the features, to refuse resuming a checkpoint with other settings (more epochs may
     * continue a run).
     */
    String trainingFingerprint() {
      return String.format(Locale.ROOT, "%s batch=%d head=%s transformer=%s margin=%s drop=%s decay=%s "
          + "sameShoot=%s batchAll=%s init=%s", featureFingerprint(), batch, headRate, transformerRate, margin,
          dropRate, weightDecay, sameShootNegatives, batchAll, initialHead)
          + (hiddenUnits > 0 ? " hidden=" + hiddenUnits : "");
    }

    /** Pooled vectors per frame in the feature cache: every region of regional pooling, or the whole map. */
    int regions() {
      return regional ? MobileNetFrameEncoder.regionCount() : 1;
    }

    /** The features folder. */
    Path featuresDir() {
      return features != null ? features : work.resolve("features");
    }
  }

  /** Hears about progress; called on the training thread. */
  public interface Listener {
    /**
     * Progress of a phase.
     *
     * @param phase what runs, e.g. {@code features} or {@code epoch 3}
     * @param done units done
     * @param total units in the phase
     * @param detail more to show, e.g. the last loss
     */
    void progress(String phase, long done, long total, String detail);
  }

  /** The outcome: where the weights are and the validation figures. */
  public record Result(Path head, Path transformer, int bestEpoch, double bestValidation, double untrainedValidation,
      List<String> trainVideos, List<String> validationVideos, double seconds) {}

  private final Settings settings;
  private final FrameSource source;

  /**
   * A trainer of a run.
   *
   * @param settings the run's settings
   * @param source decodes the training videos
   */
  public SvrtnTrainer(Settings settings, FrameSource source) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Content unit of a video id: the part before {@code __}, or the id. */
  static String unit(String id) {
    int i = id.indexOf("__");
    return i > 0 ? id.substring(0, i) : id;
  }

  /** Runs (or resumes) the training. */
  public Result run(Listener listener) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    try (MobileNetFrameEncoder start = initialHead()) {
      int startUnits = start.headHiddenUnits();
      if (startUnits > 0 && settings.hiddenUnits() != startUnits) { // refused before anything is written
        throw new IllegalArgumentException("the starting head " + settings.initialHead() + " has a hidden layer of "
            + startUnits + " units: train it with --hidden-units " + startUnits);
      }
      return run(listener, start, t0);
    }
  }

  /** {@link #run(Listener)} from the head {@code bundled}, whose hidden layer (if any) has the settings' units. */
  private Result run(Listener listener, MobileNetFrameEncoder bundled, long t0)
      throws IOException, InterruptedException {
    Path work = Files.createDirectories(settings.work());
    Path features = Files.createDirectories(settings.featuresDir());
    requireSame(features.resolve("settings.txt"), settings.featureFingerprint(), "features folder " + features);
    requireSame(work.resolve("settings.txt"), settings.trainingFingerprint(), "work directory " + work);

    List<TrainingVideo> videos = decodeAll(listener);
    // Validation units: a seeded draw of a share of the units, among those with at most three videos (a unit of
    // many near-identical clips, such as one signer's words in one office, would make every negative ambiguous).
    Map<String, Long> sizes = videos.stream().collect(Collectors.groupingBy(v -> unit(v.id()), TreeMap::new,
        Collectors.counting()));
    List<String> unitList = new ArrayList<>(sizes.keySet());
    java.util.Collections.shuffle(unitList, new Random(settings.seed()));
    int valUnits = Math.max(2, (int) Math.round(sizes.size() * settings.validationShare()));
    java.util.Set<String> validation = new java.util.HashSet<>();
    for (String u : unitList) {
      if (validation.size() < valUnits && sizes.get(u) <= 3) {
        validation.add(u);
      }
    }
    List<TrainingVideo> train = videos.stream().filter(v -> !validation.contains(unit(v.id()))).toList();
    List<TrainingVideo> val = videos.stream().filter(v -> validation.contains(unit(v.id()))).toList();
    if (train.size() < 2 || val.size() < 2) {
      throw new IllegalStateException("need at least two videos on each side of the split: " + train.size()
          + " training, " + val.size() + " validation");
    }
    LOG.info("training on {} videos, validating on {} ({} units)", train.size(), val.size(), validation);

    LogoSource logos = settings.logos() != null ? LogoSource.directory(settings.logos(), 32, 2000)
        : LogoSource.generated();
    Augmenter augmenter = new Augmenter(logos);
    try (MobileNetFrameEncoder backbone = MobileNetFrameEncoder.builder().withoutHead()
        .inputSize(settings.inputSize()).greyscale(!settings.colour()).build()) {
      int n = settings.pairs().clipFrames();
      int channels = backbone.backboneChannels();
      requireHeap(features, 4L * 3 * n * channels * settings.regions()
          * (settings.trainTriplets() + settings.validationTriplets()));
      Map<String, Integer> ids = new java.util.HashMap<>();
      for (TrainingVideo v : videos) {
        ids.put(v.id(), ids.size());
      }
      extract(features, "train", new PairGenerator(train, settings.pairs(), augmenter, SvrtnTrainer::unit),
          settings.trainTriplets(), settings.seed(), backbone, ids, listener);
      extract(features, "validation", new PairGenerator(val, settings.pairs(), augmenter, SvrtnTrainer::unit),
          settings.validationTriplets(), settings.seed() + 7919, backbone, ids, listener);
      List<TripletChunk> trainChunks = load(features, "train", settings.trainTriplets());
      List<TripletChunk> valChunks = load(features, "validation", settings.validationTriplets());

      SetTransformerClipAggregator init = SetTransformerClipAggregator.identityInitialised(bundled.dimension());
      Map<String, float[]> transformerInit = init.weights();
      init.close();
      float[][] start = bundled.headHiddenLayer();
      SvrtnModel.HiddenLayer hidden = start != null
          ? new SvrtnModel.HiddenLayer(settings.hiddenUnits(), start[0], start[1], start[2])
          : settings.hiddenUnits() == 0 ? null : SvrtnModel.HiddenLayer.initial(settings.hiddenUnits(), channels,
              bundled.dimension(), new Random(settings.seed() + 31));
      try (SvrtnModel model = new SvrtnModel(channels, bundled.dimension(), bundled.headWeight(), bundled.headBias(),
          transformerInit, hidden, settings.regions())) {
        int[] unitIds = new int[ids.size()];
        Map<String, Integer> unitIndex = new java.util.HashMap<>();
        for (TrainingVideo v : videos) {
          unitIds[ids.get(v.id())] = unitIndex.computeIfAbsent(unit(v.id()), u -> unitIndex.size());
        }
        return train(model, trainChunks, valChunks, n, work, listener, train, val, unitIds, t0);
      }
    }
  }

  /** The encoder whose head the training starts from. */
  private MobileNetFrameEncoder initialHead() {
    String init = settings.initialHead();
    if (init == null) {
      return MobileNetFrameEncoder.create();
    }
    return (init.equals("svrtn") ? MobileNetFrameEncoder.builder().trainedHead()
        : MobileNetFrameEncoder.builder().head(Path.of(init))).build();
  }

  /** Writes {@code value} to {@code file}, or checks that the file holds it. */
  private static void requireSame(Path file, String value, String what) throws IOException {
    if (Files.exists(file)) {
      String old = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!old.equals(value)) {
        throw new IllegalStateException(what + " holds a run with other settings (" + old + "); this run: " + value
            + ". Use another directory.");
      }
    } else {
      Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    }
  }

  private List<TrainingVideo> decodeAll(Listener listener) throws IOException, InterruptedException {
    List<Path> files;
    try (Stream<Path> s = Files.list(settings.videos())) {
      files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(
          "(?i).*\\.(mp4|mkv|webm|avi|mov|mpg|mpeg|m4v)")).filter(p -> settings.units().isEmpty()
          || settings.units().contains(unit(VideoInput.of(p).id()))).sorted().toList();
    }
    java.util.Set<String> found = files.stream().map(p -> unit(VideoInput.of(p).id())).collect(Collectors.toSet());
    List<String> missing = settings.units().stream().filter(u -> !found.contains(u)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("units not found in " + settings.videos() + ": " + missing);
    }
    if (files.size() < 4) {
      throw new IllegalArgumentException("need at least 4 videos in " + settings.videos() + ": " + files.size());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<TrainingVideo>> fs = new ArrayList<>();
      for (Path f : files) {
        fs.add(pool.submit(() -> TrainingVideo.decode(source, f, settings.decodeRate(), settings.decodeSide())));
      }
      List<TrainingVideo> out = new ArrayList<>();
      for (int i = 0; i < fs.size(); i++) {
        try {
          out.add(fs.get(i).get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof VideoSimilarityException) {
            LOG.warn("skipping {}: {}", files.get(i), e.getCause().getMessage());
          } else {
            throw new IllegalStateException("decoding " + files.get(i) + " failed", e.getCause());
          }
        }
        listener.progress("decoding", i + 1, files.size(), files.get(i).getFileName().toString());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Draws triplets and caches their backbone features in chunks; chunks already present are kept. */
  private void extract(Path dir, String split, PairGenerator gen, int count, long seed,
      MobileNetFrameEncoder backbone, Map<String, Integer> ids, Listener listener)
      throws IOException, InterruptedException {
    int chunks = (count + CHUNK - 1) / CHUNK;
    int n = gen.settings().clipFrames();
    int channels = backbone.backboneChannels() * settings.regions();
    ExecutorService augmenting = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "videosim-augment");
      t.setDaemon(true);
      return t;
    });
    try {
      long done = 0;
      for (int c = 0; c < chunks; c++) {
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-%05d.bin", split, c));
        int size = Math.min(CHUNK, count - c * CHUNK);
        if (Files.exists(file)) {
          try {
            if (TripletChunk.read(file).count() == size) {
              done += size;
              listener.progress("features " + split, done, count, "cached " + file.getFileName());
              continue;
            }
          } catch (org.videosim.CorruptDataException e) {
            LOG.warn("recomputing {}: {}", file, e.getMessage());
          }
        }
        // Triplet k is drawn from its own seed, so a chunk is the same whenever it is made.
        List<Future<PairGenerator.Triplet>> pending = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          long k = (long) c * CHUNK + i;
          pending.add(augmenting.submit(() -> gen.next(new Random(seed * 1_000_003L + k))));
        }
        int[] av = new int[size];
        int[] nv = new int[size];
        int[] med = new int[size];
        float[] feats = new float[size * 3 * n * channels];
        for (int i = 0; i < size; i++) {
          PairGenerator.Triplet t;
          try {
            t = pending.get(i).get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("drawing a triplet failed", e.getCause());
          }
          av[i] = ids.get(t.anchorVideo());
          nv[i] = ids.get(t.negativeVideo());
          med[i] = t.medianIndex();
          List<Frame> frames = new ArrayList<>(3 * n);
          frames.addAll(t.anchor());
          frames.addAll(t.positive());
          frames.addAll(t.negative());
          List<Embedding> e = settings.regional() ? backbone.backboneRegionFeatures(frames)
              : backbone.backboneFeatures(frames);
          for (int j = 0; j < e.size(); j++) {
            float[] v = e.get(j).toArray();
            System.arraycopy(v, 0, feats, (i * 3 * n + j) * channels, channels);
          }
          done++;
          listener.progress("features " + split, done, count, t.positiveEdit().toString());
        }
        new TripletChunk(n, channels, av, nv, med, feats).write(file);
      }
    } finally {
      augmenting.shutdownNow();
    }
  }

  /**
   * Training holds the whole feature cache in memory: refuses to start (before a long extraction), saying how much
   * heap it needs, where it cannot (a regional cache is 14 times the size of a plain one).
   *
   * @param bytes the cache's size, computed from the settings
   */
  private static void requireHeap(Path dir, long bytes) {
    long need = bytes + bytes / 2 + (512L << 20);
    long max = Runtime.getRuntime().maxMemory();
    if (need > max) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the feature cache %s takes %.1f GB, which training "
          + "keeps in memory: it needs about %.1f GB of Java heap, this JVM has %.1f GB (the launcher takes "
          + "VIDEOSIM_JAVA_OPTS=-Xmx%dg)", dir, bytes / 1e9, need / 1e9, max / 1e9, (need >> 30) + 1));
    }
  }

  private static List<TripletChunk> load(Path dir, String split, int count) throws IOException {
    List<TripletChunk> out = new ArrayList<>();
    for (int c = 0; c * CHUNK < count; c++) {
      out.add(TripletChunk.read(dir.resolve(String.format(Locale.ROOT, "%s-%05d.bin", split, c))));
    }
    return out;
  }

  private Result train(SvrtnModel model, List<TripletChunk> trainChunks, List<TripletChunk> valChunks, int n,
      Path work, Listener listener, List<TrainingVideo> train, List<TrainingVideo> val, int[] unitIds, long t0)
      throws IOException {
    int channels = trainChunks.get(0).channels();
    // index of every training triplet: (chunk, position); without same-shoot negatives, those whose negative is of
    // the anchor's unit are left out
    List<int[]> index = new ArrayList<>();
    for (int c = 0; c < trainChunks.size(); c++) {
      TripletChunk ch = trainChunks.get(c);
      for (int t = 0; t < ch.count(); t++) {
        if (settings.sameShootNegatives() || unitIds[ch.anchorVideo()[t]] != unitIds[ch.negativeVideo()[t]]) {
          index.add(new int[] {c, t});
        }
      }
    }
    if (index.size() < settings.batch()) {
      throw new IllegalStateException("fewer training triplets than a batch: " + index.size());
    }
    if (index.size() < trainChunks.stream().mapToInt(TripletChunk::count).sum()) {
      LOG.info("without same-shoot negatives: {} training triplets", index.size());
    }
    SvrtnModel.Hyper hyper = new SvrtnModel.Hyper(settings.headRate(), settings.transformerRate(), settings.margin(),
        settings.dropRate(), settings.weightDecay(), settings.batchAll());
    Path checkpoint = work.resolve("checkpoint.bin");
    Path curves = work.resolve("curves.tsv");
    int startEpoch = 0;
    double untrained;
    TreeMap<Integer, double[]> history = new TreeMap<>();
    if (Files.exists(checkpoint)) {
      startEpoch = model.loadCheckpoint(checkpoint);
      untrained = readHistory(curves, history);
      LOG.info("resuming after epoch {} (step {})", startEpoch, model.step());
    } else {
      double[] v = validate(model, valChunks, n);
      untrained = v[1];
      Files.writeString(curves, "epoch\tstep\tframe_loss\tclip_loss\tval_frame_ap\tval_clip_ap\tval_frame_acc"
          + "\tval_clip_acc\n" + String.format(Locale.ROOT, "0\t0\tNaN\tNaN\t%.5f\t%.5f\t%.5f\t%.5f%n", v[0], v[1],
          v[2], v[3]), StandardCharsets.UTF_8);
      history.put(0, new double[] {0, Double.NaN, Double.NaN, v[0], v[1], v[2], v[3]});
    }
    int b = settings.batch();
    int stepsPerEpoch = index.size() / b;
    float[] batch = new float[b * 3 * n * channels];
    int[] med = new int[b];
    int[] videos = new int[b];
    int[] negVideos = new int[b];
    for (int epoch = startEpoch + 1; epoch <= settings.epochs(); epoch++) {
      List<int[]> order = new ArrayList<>(index);
      java.util.Collections.shuffle(order, new Random(settings.seed() + epoch));
      Random rnd = new Random(settings.seed() * 31 + epoch);
      double frameSum = 0;
      double clipSum = 0;
      for (int s = 0; s < stepsPerEpoch; s++) {
        for (int i = 0; i < b; i++) {
          int[] ct = order.get(s * b + i);
          TripletChunk ch = trainChunks.get(ct[0]);
          System.arraycopy(ch.features(), ch.offset(ct[1], 0), batch, i * 3 * n * channels, 3 * n * channels);
          med[i] = ch.median()[ct[1]];
          // in-batch negatives of the anchor's video (or, without same-shoot negatives, its unit) are masked
          videos[i] = settings.sameShootNegatives() ? ch.anchorVideo()[ct[1]] : unitIds[ch.anchorVideo()[ct[1]]];
          negVideos[i] = settings.sameShootNegatives() ? ch.negativeVideo()[ct[1]]
              : unitIds[ch.negativeVideo()[ct[1]]];
        }
        SvrtnModel.Losses l = model.train(batch, b, n, med, videos, negVideos, hyper, rnd);
        frameSum += l.frame();
        clipSum += l.clip();
        listener.progress("training", (long) (epoch - startEpoch - 1) * stepsPerEpoch + s + 1,
            (long) (settings.epochs() - startEpoch) * stepsPerEpoch, String.format(Locale.ROOT,
                "epoch %d/%d: frame loss %.4f, clip loss %.4f", epoch, settings.epochs(), frameSum / (s + 1),
                clipSum / (s + 1)));
      }
      double[] v = validate(model, valChunks, n);
      double[] row = {model.step(), frameSum / stepsPerEpoch, clipSum / stepsPerEpoch, v[0], v[1], v[2], v[3]};
      history.put(epoch, row);
      Files.writeString(curves, String.format(Locale.ROOT, "%d\t%d\t%.5f\t%.5f\t%.5f\t%.5f\t%.5f\t%.5f%n", epoch,
          model.step(), row[1], row[2], v[0], v[1], v[2], v[3]), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      LOG.info("epoch {}: frame loss {}, clip loss {}, validation frame AP {}, clip AP {}", epoch, row[1], row[2],
          v[0], v[1]);
      // the best epoch (validation clip AP) keeps its weights
      double best = history.values().stream().mapToDouble(r -> r[4]).max().orElse(0);
      if (v[1] >= best) {
        writeWeights(model, work, epoch, v[1]);
      }
      model.saveCheckpoint(checkpoint, epoch);
      plot(history, work.resolve("curves.png"));
    }
    if (!Files.exists(work.resolve("head.vsw"))) {
      writeWeights(model, work, 0, untrained);
    }
    // Missing frames: validation clip AP of the last epoch's model with 0-50% of the positive clips' frames gone
    // (frame permutation changes nothing: neither the mean nor the set transformer sees frame order).
    StringBuilder robust = new StringBuilder("missing\tval_clip_ap\tval_clip_acc\n");
    for (double missing : new double[] {0, 0.1, 0.3, 0.5}) {
      double[] v = validate(model, valChunks, n, missing, new Random(settings.seed() + 17));
      robust.append(String.format(Locale.ROOT, "%.1f\t%.5f\t%.5f%n", missing, v[1], v[3]));
    }
    Files.writeString(work.resolve("missing-frames.tsv"), robust.toString(), StandardCharsets.UTF_8);
    int bestEpoch = history.entrySet().stream().filter(e -> e.getKey() > 0)
        .max(Comparator.comparingDouble(e -> e.getValue()[4])).map(Map.Entry::getKey).orElse(0);
    double bestVal = history.getOrDefault(bestEpoch, new double[] {0, 0, 0, 0, untrained})[4];
    plot(history, work.resolve("curves.png"));
    return new Result(work.resolve("head.vsw"), work.resolve("transformer.vsw"), bestEpoch, bestVal, untrained,
        train.stream().map(TrainingVideo::id).toList(), val.stream().map(TrainingVideo::id).toList(),
        (System.nanoTime() - t0) / 1e9);
  }

  private void writeWeights(SvrtnModel model, Path work, int epoch, double valAp) throws IOException {
    String provenance = String.format(Locale.ROOT, "SVRTN self-supervised training, epoch %d of %d, seed %d, %d "
        + "training triplets, validation clip AP %.4f; use with input %d%s, pooling %s", epoch, settings.epochs(),
        settings.seed(), settings.trainTriplets(), valAp, settings.inputSize(), settings.colour() ? " colour" : " grey",
        settings.regional() ? "regional" : "avg");
    int dim = model.dimension();
    float[] w = model.headWeight();
    SvrtnModel.HiddenLayer h = model.hiddenLayer();
    (h == null ? FrameHeads.of(dim, w.length / dim, w, model.headBias(), "trained-1", provenance)
        : FrameHeads.of(dim, w.length / dim, w, model.headBias(), h.units(), h.weight(), h.bias(), h.out(),
            "trained-1", provenance)).write(work.resolve("head.vsw"));
    try (SetTransformerClipAggregator t = SetTransformerClipAggregator.of(dim, model.transformerWeights(),
        "svrtn-transformer@1")) {
      t.save(work.resolve("transformer.vsw"), "1", provenance);
    }
    Files.writeString(work.resolve("best-epoch.txt"), epoch + "\t" + valAp + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Validation on held-out videos' triplets: average precision of the positive pairs ranked against every
   * (anchor, negative) pair where the negative is not from the anchor's video (its own hard negative excepted), for
   * median frames and for clips; and the share of anchors whose positive beats all those negatives.
   *
   * @return {frame AP, clip AP, frame accuracy, clip accuracy}
   */
  static double[] validate(SvrtnModel model, List<TripletChunk> chunks, int n) {
    return validate(model, chunks, n, 0, null);
  }

  /**
   * As {@link #validate(SvrtnModel, List, int)} with frames of the positive clips missing: each dropped with
   * probability {@code missing} (at least one kept), drawn from {@code rnd}.
   */
  static double[] validate(SvrtnModel model, List<TripletChunk> chunks, int n, double missing, Random rnd) {
    int dim = model.dimension();
    List<float[]> fa = new ArrayList<>();
    List<float[]> fp = new ArrayList<>();
    List<float[]> fn = new ArrayList<>();
    List<float[]> ca = new ArrayList<>();
    List<float[]> cp = new ArrayList<>();
    List<float[]> cn = new ArrayList<>();
    List<Integer> av = new ArrayList<>();
    List<Integer> nv = new ArrayList<>();
    for (TripletChunk ch : chunks) {
      for (int t = 0; t < ch.count(); t++) {
        av.add(ch.anchorVideo()[t]);
        nv.add(ch.negativeVideo()[t]);
      }
      for (int start = 0; start < ch.count(); start += 32) {
        int b = Math.min(32, ch.count() - start);
        float[] batch = Arrays.copyOfRange(ch.features(), ch.offset(start, 0), ch.offset(start + b, 0));
        float[] mask = null;
        if (missing > 0) {
          mask = new float[b * 3 * n];
          java.util.Arrays.fill(mask, 1f);
          float[] drop = SvrtnModel.frameMask(b, n, missing, rnd);
          for (int i = 0; i < b; i++) {
            System.arraycopy(drop, i * n, mask, (i * 3 + 1) * n, n);
          }
        }
        float[][] out = model.embed(batch, b, n, mask);
        for (int i = 0; i < b; i++) {
          int med = ch.median()[start + i];
          fa.add(Arrays.copyOfRange(out[0], ((i * 3) * n + med) * dim, ((i * 3) * n + med + 1) * dim));
          int centre = (n - 1) / 2;
          fp.add(Arrays.copyOfRange(out[0], ((i * 3 + 1) * n + centre) * dim, ((i * 3 + 1) * n + centre + 1) * dim));
          fn.add(Arrays.copyOfRange(out[0], ((i * 3 + 2) * n + centre) * dim, ((i * 3 + 2) * n + centre + 1) * dim));
          ca.add(Arrays.copyOfRange(out[1], (i * 3) * dim, (i * 3 + 1) * dim));
          cp.add(Arrays.copyOfRange(out[1], (i * 3 + 1) * dim, (i * 3 + 2) * dim));
          cn.add(Arrays.copyOfRange(out[1], (i * 3 + 2) * dim, (i * 3 + 3) * dim));
        }
      }
    }
    double[] frame = apAndAccuracy(fa, fp, fn, av, nv);
    double[] clip = apAndAccuracy(ca, cp, cn, av, nv);
    return new double[] {frame[0], clip[0], frame[1], clip[1]};
  }

  /** Pairs of an anchor with another triplet's negative from the anchor's own video are left out. */
  private static double[] apAndAccuracy(List<float[]> a, List<float[]> p, List<float[]> neg, List<Integer> av,
      List<Integer> nv) {
    int m = a.size();
    double[] pos = new double[m];
    List<Double> negs = new ArrayList<>();
    int correct = 0;
    for (int i = 0; i < m; i++) {
      pos[i] = dot(a.get(i), p.get(i));
      double hardest = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        if (j != i && nv.get(j).equals(av.get(i))) {
          continue;
        }
        double s = dot(a.get(i), neg.get(j));
        negs.add(s);
        hardest = Math.max(hardest, s);
      }
      correct += pos[i] > hardest ? 1 : 0;
    }
    double[] all = new double[m + negs.size()];
    boolean[] label = new boolean[all.length];
    for (int i = 0; i < m; i++) {
      all[i] = pos[i];
      label[i] = true;
    }
    for (int j = 0; j < negs.size(); j++) {
      all[m + j] = negs.get(j);
    }
    Integer[] order = new Integer[all.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -all[i]));
    double ap = 0;
    int tp = 0;
    for (int k = 0; k < order.length; k++) {
      if (label[order[k]]) {
        tp++;
        ap += (double) tp / (k + 1);
      }
    }
    return new double[] {ap / m, (double) correct / m};
  }

  private static double dot(float[] x, float[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static double readHistory(Path curves, TreeMap<Integer, double[]> history) throws IOException {
    double untrained = Double.NaN;
    for (String line : Files.readAllLines(curves, StandardCharsets.UTF_8)) {
      if (line.startsWith("epoch") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      int epoch = Integer.parseInt(f[0]);
      double[] row = new double[7];
      for (int i = 1; i < 8; i++) {
        row[i - 1] = Double.parseDouble(f[i]);
      }
      history.put(epoch, row);
      if (epoch == 0) {
        untrained = row[4];
      }
    }
    return untrained;
  }

  private static void plot(TreeMap<Integer, double[]> history, Path file) throws IOException {
    Plot p = new Plot("SVRTN training");
    history.forEach((epoch, r) -> {
      p.add("training loss (mean over the epoch)", "frame triplet loss", epoch, r[1]);
      p.add("training loss (mean over the epoch)", "clip triplet loss", epoch, r[2]);
      p.add("validation (held-out videos)", "frame AP", epoch, r[3]);
      p.add("validation (held-out videos)", "clip AP", epoch, r[4]);
      p.add("validation (held-out videos)", "frame accuracy", epoch, r[5]);
      p.add("validation (held-out videos)", "clip accuracy", epoch, r[6]);
    });
    p.write(file, "epoch");
  }
}

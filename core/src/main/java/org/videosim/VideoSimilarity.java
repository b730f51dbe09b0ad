package org.videosim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.internal.Clipper;
import org.videosim.internal.FrameLayout;
import org.videosim.internal.TurnedPicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Near-duplicate video detection: fingerprints videos and scores pairs.
 *
 * <pre>{@code
 * VideoSimilarity similarity = VideoSimilarity.builder().build();   // training-free default pipeline
 * Score s = similarity.score(Path.of("a.mp4"), Path.of("b.mp4"));
 * if (s.isMatch()) {
 *   System.out.println(s.value() + " " + s.segments());
 * }
 * }</pre>
 *
 * <p>The pipeline: a {@link FrameSource} samples RGB frames at {@code sampleRate} frames per second of video time;
 * a {@link ShotDetector} finds cuts; each shot is cut into clips of at most {@code clipSeconds}; a
 * {@link FrameEncoder} embeds each frame; a {@link ClipAggregator} turns each clip's frames into one embedding; a
 * {@link Binarizer} turns that into a bit code. The clips with their codes and time spans, and the identity of
 * every stage, make the {@link VideoFingerprint}. A {@link VideoMatcher} compares two fingerprints.
 *
 * <p>Immutable and thread-safe: build one and share it. {@link #fingerprint} decodes and encodes on the calling
 * thread; fingerprint several videos from several threads to use several cores.
 *
 * <p><b>Closing and ownership.</b> Stages that hold native memory (the deep encoders of {@code videosim-encoders})
 * are {@link AutoCloseable}. A stage set on the {@link Builder} is borrowed: its caller closes it, after every
 * pipeline that uses it. A resource handed over with {@link Builder#owns} belongs to the instance that
 * {@link Builder#build()} makes next, and {@link #close()} closes it. Pipelines made by the library (e.g.
 * {@code Svrtn.pipeline()}) own what they create. Close a pipeline once no thread uses it any more; afterwards it
 * refuses work with {@link IllegalStateException}.
 */
public final class VideoSimilarity implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VideoSimilarity.class);
  /** Highest view number: the picture is view 0, insets 1 to this. */
  private static final int MAX_VIEW = 4;

  private final FrameSource frameSource;
  private final double sampleRate;
  private final ShotDetector shotDetector;
  private final LayoutDetector layoutDetector;
  private final double clipSeconds;
  /** Side of the enlarged centre of the picture described as a view of its own, as a share; 0: none. */
  private final double zoomView;
  /** Whether the middle band of the other orientation is described as a view of its own ({@link Builder#bandView}). */
  private final boolean bandView;
  /** Threads that encode a video's windows ({@link Builder#encodingThreads}). */
  private final int encodingThreads;
  /** Whether the frame source is asked to measure how the picture changes ({@link Builder#motion}). */
  private final boolean motion;
  /**
   * Whether a panel far from 16:9 that fills its cell is also described widened ({@link Builder#widenPanels}), as set:
   * {@link #widensPanels()} tells whether it applies (it needs a layout stage).
   */
  private final boolean widenPanels;
  private final FrameEncoder encoder;
  private final ClipAggregator aggregator;
  private final Binarizer binarizer;
  private final VideoMatcher matcher;
  /** Encodes the same crops again for the check codes (sign bits of the clip mean); null: none. */
  private final FrameEncoder checkEncoder;
  private final PipelineSpec spec;
  /** Closed by {@link #close()}, last first. */
  private final List<AutoCloseable> owned;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Whether the matcher's calibration was fitted for this pipeline. */
  private final boolean calibrated;

  private VideoSimilarity(Builder b, FrameSource source, List<AutoCloseable> owned) {
    this.owned = owned;
    this.frameSource = source;
    this.sampleRate = b.sampleRate;
    this.shotDetector = b.shotDetector;
    this.layoutDetector = b.layoutDetector;
    this.clipSeconds = b.clipSeconds;
    this.zoomView = b.zoomView;
    this.bandView = b.bandView;
    this.motion = b.motion;
    this.encodingThreads = b.encodingThreads;
    this.widenPanels = b.widenPanels;
    this.encoder = b.encoder;
    this.aggregator = b.aggregator;
    this.binarizer = b.binarizer;
    this.matcher = b.matcher;
    this.checkEncoder = b.checkEncoder;
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    stages.put(PipelineSpec.SOURCE_ROLE, frameSource.spec());
    Map<String, String> sampling = new LinkedHashMap<>();
    sampling.put("rate", Double.toString(sampleRate));
    sampling.put("side", Integer.toString(decodeSide()));
    stages.put("sampling", new StageSpec("fps", "1", sampling));
    stages.put("shots", shotDetector.spec());
    if (motion) {
      // its own stage: the codes, their calibration and background set are the same with it
      stages.put("motion", new StageSpec("grey-change", "1", Map.of("rate", Double.toString(FrameReader.MOTION_RATE),
          "side", Integer.toString(FrameReader.MOTION_SIDE))));
    }
    if (normalises()) {
      stages.put("layout", layoutDetector.spec());
    }
    if (zoomView > 0) {
      stages.put("views", new StageSpec("zoom", "1", Map.of("side", Double.toString(zoomView))));
    }
    if (bandView) {
      stages.put("band", new StageSpec("middle", "1", Map.of("aspect", "9:16|16:9", "from",
          Double.toString(BAND_FROM))));
    }
    if (widensPanels()) {
      stages.put("panels", new StageSpec("widened", "1", Map.of("below", Double.toString(NARROW_PANEL), "above",
          Double.toString(FLAT_PANEL), "aspect", Double.toString(WIDENED_ASPECT), "fill", "mirror")));
    }
    stages.put("clips", new StageSpec("grid", "2", Map.of("seconds", Double.toString(clipSeconds))));
    stages.put("encoder", encoder.spec());
    stages.put("aggregator", aggregator.spec());
    stages.put("binarizer", binarizer.spec());
    if (checkEncoder != null) {
      stages.put("check", checkEncoder.spec());
    }
    this.spec = new PipelineSpec(stages);
    spec.remember();
    this.calibrated = matcher.isCalibratedFor(spec);
  }

  /** A builder with the defaults: see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this instance's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.frameSource = frameSource;
    b.sampleRate = sampleRate;
    b.shotDetector = shotDetector;
    b.layoutDetector = layoutDetector;
    b.clipSeconds = clipSeconds;
    b.zoomView = zoomView;
    b.bandView = bandView;
    b.motion = motion;
    b.encodingThreads = encodingThreads;
    b.widenPanels = widenPanels;
    b.encoder = encoder;
    b.aggregator = aggregator;
    b.binarizer = binarizer;
    b.matcher = matcher;
    b.checkEncoder = checkEncoder;
    return b;
  }

  /** Fingerprints a video file. */
  public VideoFingerprint fingerprint(Path video) {
    return fingerprint(VideoInput.of(Objects.requireNonNull(video, "video")));
  }

  /**
   * Fingerprints a video.
   *
   * @throws VideoDecodeException if the video cannot be read or holds no decodable frame
   * @throws VideoSimilarityException if another stage fails (e.g. a model cannot run)
   */
  public VideoFingerprint fingerprint(VideoInput video) {
    Objects.requireNonNull(video, "video");
    ensureOpen();
    long t0 = System.nanoTime();
    Encoded e = encodeVideo(video);
    List<Clip> clips = assemble(e.spans(), e.main(), this::clip);
    double duration = duration(clips.get(clips.size() - 1).end(), e.end());
    VideoFingerprint fp = new VideoFingerprint(video.id(), duration, spec, clips, checks(e.spans(), e.check()),
        e.warnings(), e.motion());
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format(Locale.ROOT, "fingerprinted %s: %d clips in %.1f ms", video.description(),
          clips.size(), (System.nanoTime() - t0) / 1e6));
    }
    return fp;
  }

  /**
   * Fingerprints still frames (a thumbnail, screenshots) for frame-to-clip retrieval: each frame becomes a clip of its
   * own, so that its code can be looked up among the clip codes of fingerprinted videos (an {@link Index}) or scored
   * against a video, where the best matching clip says where the frame comes from. Frames are scaled as a frame
   * source would; the layout stage looks at them together.
   *
   * @param id the query's id
   * @param frames at least one frame, e.g. {@code FrameEdits.fromImage(0, 0, ImageIO.read(file))}; the clips are
   *     timed at the frames' indexes in the list (frame {@code i} spans {@code i} to {@code i + 1} seconds)
   */
  public VideoFingerprint fingerprintFrames(String id, List<Frame> frames) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    FrameRequest request = new FrameRequest(sampleRate, decodeSide());
    List<Frame> scaled = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      Frame f = Objects.requireNonNull(frames.get(i), "frame");
      int[] size = request.outputSize(f.width(), f.height());
      Frame r = size[0] == f.width() && size[1] == f.height() ? f : FrameEdits.resize(size[0], size[1]).apply(f);
      scaled.add(new Frame(i, i, r.width(), r.height(), r.rgb()));
    }
    Channel main = mainChannel();
    Channel check = checkChannel();
    encodeWindow(scaled, VideoInput.of(id, new byte[1]), main, check);
    List<Clipper.Span> spans = new ArrayList<>(scaled.size());
    for (int i = 0; i < scaled.size(); i++) {
      spans.add(new Clipper.Span(i, i + 1, i, i + 1));
    }
    return new VideoFingerprint(id, scaled.size(), spec, assemble(spans, main, this::clip), checks(spans, check));
  }

  /**
   * The clip embeddings of a video before binarisation, in the order of its fingerprint's clips (views of a time
   * span next to each other): e.g. to fit a {@link Binarizer} on sample videos.
   *
   * @throws VideoDecodeException if the video cannot be read or holds no decodable frame
   */
  public List<Embedding> clipEmbeddings(VideoInput video) {
    return timedClipEmbeddings(video).stream().map(TimedEmbedding::embedding).toList();
  }

  /**
   * A clip's embedding before binarisation, with the clip's time span and view.
   *
   * @param start the clip's start, seconds
   * @param end its end, seconds
   * @param view 0 for the picture, 1.. for insets and panels the layout stage found (as in {@link Clip#view()})
   * @param embedding the aggregated embedding
   */
  public record TimedEmbedding(double start, double end, int view, Embedding embedding) {}

  /**
   * The clip embeddings of a video before binarisation with their time spans and views, in the order of its
   * fingerprint's clips: e.g. to retrieve clips by a single frame's embedding.
   *
   * @throws VideoDecodeException if the video cannot be read or holds no decodable frame
   */
  public List<TimedEmbedding> timedClipEmbeddings(VideoInput video) {
    Objects.requireNonNull(video, "video");
    ensureOpen();
    Encoded e = encodeVideo(video);
    return assemble(e.spans(), e.main(), (s, view, emb) -> new TimedEmbedding(s.start(), s.end(), view, emb));
  }

  private interface ClipMaker<T> {
    T make(Clipper.Span span, int view, Embedding embedding);
  }

  /**
   * The frame embeddings of one encoder: of each frame's picture (borders cropped), and of each inset the layout
   * stage found in its window; and how they become clip embeddings.
   */
  private static final class Channel {
    final FrameEncoder encoder;
    final ClipAggregator aggregator;
    final List<Embedding> pictures = new ArrayList<>();
    final List<Embedding[]> insets = new ArrayList<>();
    /**
     * Per frame, the embedding of the picture's enlarged centre (null in a window split into panels); empty without a
     * zoom view.
     */
    final List<Embedding> zooms = new ArrayList<>();
    /**
     * Per frame, the embedding of a landscape picture's middle band of 9:16 (null where there is none: a picture of
     * another shape, a window split into panels); empty without band views.
     */
    final List<Embedding> tallBands = new ArrayList<>();
    /** The same of a portrait picture's middle band of 16:9. */
    final List<Embedding> wideBands = new ArrayList<>();
    /**
     * Per frame, the embeddings of its panels widened ({@link Builder#widenPanels}), in the order of {@link
     * #insets}, null for a panel not widened; empty without widened panels.
     */
    final List<Embedding[]> widened = new ArrayList<>();

    Channel(FrameEncoder encoder, ClipAggregator aggregator) {
      this.encoder = encoder;
      this.aggregator = aggregator;
    }

    /** Appends the frames of {@code later}, a channel of the frames that follow this one's. */
    void append(Channel later) {
      pictures.addAll(later.pictures);
      insets.addAll(later.insets);
      zooms.addAll(later.zooms);
      tallBands.addAll(later.tallBands);
      wideBands.addAll(later.wideBands);
      widened.addAll(later.widened);
    }
  }

  /** The channel of the pipeline's encoder and aggregator. */
  private Channel mainChannel() {
    return new Channel(encoder, aggregator);
  }

  /** The channel of the check encoder, whose clips are the mean of their frames; null without a check encoder. */
  private Channel checkChannel() {
    return checkEncoder != null ? new Channel(checkEncoder, ClipAggregator.mean()) : null;
  }

  /**
   * A video's duration: where its last clip ends, or where the reader read to ({@link FrameReader#endTime}) when that
   * is more than a sample period later. The last clip ends within a period of the end when every frame is decoded;
   * a keyframe scan ends its last clip a period after the last keyframe (a 9.64-s file with one keyframe had a
   * duration of 1 s, and coverage and dedup's relations read durations).
   */
  private double duration(double lastClipEnd, double readTo) {
    return Double.isFinite(readTo) && readTo > lastClipEnd + 1.0 / sampleRate ? readTo : lastClipEnd;
  }

  /** A video's clip spans and the frame embeddings of the encoder and of the check encoder (null without one). */
  private record Encoded(List<Clipper.Span> spans, Channel main, Channel check, List<DecodeWarning> warnings,
      double end, Motion motion) {}

  /** Decodes, normalises and encodes a video, and cuts it into clip spans. */
  private Encoded encodeVideo(VideoInput video) {
    Channel main = mainChannel();
    Channel check = checkChannel();
    List<Double> times = new ArrayList<>();
    ShotDetector.Session shots = shotDetector.newSession();
    int window = normalises() ? layoutDetector.windowFrames() : encoder.batchSize();
    List<DecodeWarning> warnings;
    double end;
    Motion measured;
    try (FrameReader reader = frameSource.open(video, new FrameRequest(sampleRate, decodeSide(), motion))) {
      DecodeAhead decoding = new DecodeAhead(reader, shots, times, window);
      Thread thread = new Thread(decoding, "videosim-decode");
      thread.setDaemon(true);
      thread.start();
      try {
        encodeWindows(decoding, video, main, check);
      } finally {
        decoding.stop();
        DecodeAhead.join(thread);
      }
      decoding.rethrowFailure();
      warnings = reader.warnings();
      end = reader.endTime();
      measured = motion ? Motion.of(reader.motion()) : Motion.NONE;
    }
    for (DecodeWarning w : warnings) {
      LOG.warn("{}: {}", video.description(), w);
    }
    if (times.isEmpty()) {
      throw new VideoDecodeException(video.description(), frameSource.name(), "no video frames", null);
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    List<Clipper.Span> spans = Clipper.cut(t, shots.boundaries(), clipSeconds, 1.0 / sampleRate, end);
    LOG.debug("{}: {} frames, {} shots, {} spans", video.description(), t.length, shots.boundaries().size() + 1,
        spans.size());
    return new Encoded(spans, main, check, List.copyOf(warnings), end, measured);
  }

  /**
   * Encodes the windows that {@code decoding} hands out on the calling thread and {@link #encodingThreads} - 1 more
   * (none by default), each window as a whole on one thread, and appends them to {@code main} and {@code check} in
   * the video's order: the fingerprint is the same whatever the count. A failure on any thread stops the others and
   * decoding, and is thrown here as it was thrown.
   */
  private void encodeWindows(DecodeAhead decoding, VideoInput video, Channel main, Channel check) {
    java.util.concurrent.ConcurrentHashMap<Integer, Channel[]> done = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable work = () -> {
      try {
        for (DecodeAhead.Window w = decoding.take(video); w != null; w = decoding.take(video)) {
          Channel m = mainChannel();
          Channel c = checkChannel();
          encodeWindow(w.frames(), video, m, c);
          done.put(w.index(), new Channel[] {m, c});
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        decoding.stop();
      }
    };
    List<Thread> helpers = new ArrayList<>(encodingThreads - 1);
    for (int i = 1; i < encodingThreads; i++) {
      Thread t = new Thread(work, "videosim-encode-" + i);
      t.setDaemon(true);
      t.start();
      helpers.add(t);
    }
    work.run();
    for (Thread t : helpers) {
      DecodeAhead.join(t);
    }
    rethrow(failure.get(),
        e -> new VideoSimilarityException("encoding " + video.description() + " failed: " + e.getMessage(), e));
    for (int i = 0; done.containsKey(i); i++) {
      Channel[] w = done.get(i);
      main.append(w[0]);
      if (check != null) {
        check.append(w[1]);
      }
    }
  }

  /**
   * Decodes a video on its own thread, a few windows ahead of the encoder on the calling thread (a bounded queue), so
   * that decoding and encoding use two cores: the reader and the shot detector are used on that thread only, until
   * {@link #join} (which makes their state visible to the caller). Several encoding threads may take windows; each
   * window carries its place in the video.
   */
  private static final class DecodeAhead implements Runnable {
    /** Windows of frames decoded ahead of the encoder. */
    private static final int WINDOWS_AHEAD = 2;
    private static final Window END = new Window(-1, List.of());

    /** The {@code index}-th window of the video (from 0). */
    record Window(int index, List<Frame> frames) {}

    private final FrameReader reader;
    private final ShotDetector.Session shots;
    private final List<Double> times;
    private final int window;
    private final java.util.concurrent.ArrayBlockingQueue<Window> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(WINDOWS_AHEAD);
    private int windows;
    private volatile boolean stopped;
    private volatile Throwable failure;

    DecodeAhead(FrameReader reader, ShotDetector.Session shots, List<Double> times, int window) {
      this.reader = reader;
      this.shots = shots;
      this.times = times;
      this.window = window;
    }

    @Override
    public void run() {
      try {
        List<Frame> frames = new ArrayList<>(window);
        for (Frame f = reader.next(); f != null && !stopped; f = reader.next()) {
          shots.accept(f);
          times.add(f.timestamp());
          frames.add(f);
          if (frames.size() == window) {
            put(new Window(windows++, frames));
            frames = new ArrayList<>(window);
          }
        }
        if (!frames.isEmpty()) {
          put(new Window(windows++, frames));
        }
      } catch (Throwable e) { // handed to the caller: rethrowFailure()
        failure = e;
      } finally {
        put(END);
      }
    }

    /** Queues a window unless the caller has stopped taking them. */
    private void put(Window w) {
      try {
        while (!stopped && !queue.offer(w, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          // the encoder is behind: wait
        }
      } catch (InterruptedException e) {
        stopped = true;
      }
    }

    /**
     * The next window, or null at the end of the video, when decoding failed or once {@link #stop} was called (by
     * any thread).
     */
    Window take(VideoInput video) {
      try {
        Window w = null;
        while (w == null) {
          if (stopped) {
            return null;
          }
          w = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (w == END) {
          queue.offer(END); // for the other encoding threads: it takes the place this one freed
          return null;
        }
        return w;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VideoDecodeException(video.description(), "decoding", "interrupted", e);
      }
    }

    void stop() {
      stopped = true;
    }

    /** Waits for a thread to end (the decoding thread ends soon once stopped). */
    static void join(Thread thread) {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /** Throws what decoding threw, as it was thrown. */
    void rethrowFailure() {
      rethrow(failure, e -> new IllegalStateException("decoding failed", e));
    }
  }

  /**
   * Throws what another thread caught, as it was thrown where it is unchecked and as {@code wrap} makes of it where
   * it is checked; nothing where it is null.
   */
  private static void rethrow(Throwable e, java.util.function.Function<Throwable, RuntimeException> wrap) {
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error r) {
      throw r;
    }
    if (e != null) {
      throw wrap.apply(e);
    }
  }

  /** The check codes of the clips, in the order of {@link #assemble}; empty without a check encoder. */
  private List<BitCode> checks(List<Clipper.Span> spans, Channel check) {
    if (check == null) {
      return List.of();
    }
    Binarizer sign = Binarizer.sign();
    return assemble(spans, check, (s, view, e) -> sign.binarize(e));
  }

  /**
   * Aggregates the frame embeddings of each span into its clips: the picture (view 0), its enlarged centre ({@link
   * Clip#ZOOM}) where the pipeline has a zoom view and at least half of the span's frames have one, then each inset
   * found in at least half of the span's frames as a view of its own.
   */
  private <T> List<T> assemble(List<Clipper.Span> spans, Channel channel, ClipMaker<T> maker) {
    List<Embedding> pictures = channel.pictures;
    List<Embedding[]> insets = channel.insets;
    List<T> clips = new ArrayList<>(spans.size());
    for (Clipper.Span s : spans) {
      clips.add(maker.make(s, 0, channel.aggregator.aggregate(pictures.subList(s.from(), s.to()))));
      addWhereMostFrames(clips, maker, s, Clip.ZOOM, channel.zooms, channel.aggregator);
      addWhereMostFrames(clips, maker, s, Clip.BAND, channel.tallBands, channel.aggregator);
      addWhereMostFrames(clips, maker, s, Clip.BAND + 1, channel.wideBands, channel.aggregator);
      for (int view = 1; ; view++) {
        List<Embedding> views = ofView(insets, s, view);
        if (!inMostFrames(views, s) || view > MAX_VIEW) {
          break;
        }
        clips.add(maker.make(s, view, channel.aggregator.aggregate(views)));
      }
      for (int view = 1; view <= MAX_VIEW && !channel.widened.isEmpty(); view++) {
        List<Embedding> views = ofView(channel.widened, s, view);
        if (inMostFrames(views, s)) {
          clips.add(maker.make(s, Clip.WIDENED + view, channel.aggregator.aggregate(views)));
        }
      }
    }
    return clips;
  }

  /**
   * Adds the clip of view {@code view} of span {@code s}, from its frames' embeddings in {@code perFrame} (null where a
   * frame lacks it), when most of the span's frames have one; nothing when {@code perFrame} is empty (no such view).
   */
  private static <T> void addWhereMostFrames(List<T> clips, ClipMaker<T> maker, Clipper.Span s, int view,
      List<Embedding> perFrame, ClipAggregator aggregator) {
    if (perFrame.isEmpty()) {
      return;
    }
    List<Embedding> found = new ArrayList<>();
    for (Embedding e : perFrame.subList(s.from(), s.to())) {
      if (e != null) {
        found.add(e);
      }
    }
    if (inMostFrames(found, s)) {
      clips.add(maker.make(s, view, aggregator.aggregate(found)));
    }
  }

  /** The embeddings of view {@code view} (1 for the first inset or panel) in the span's frames that have one. */
  private static List<Embedding> ofView(List<Embedding[]> perFrame, Clipper.Span s, int view) {
    List<Embedding> out = new ArrayList<>();
    for (int i = s.from(); i < s.to(); i++) {
      Embedding[] views = perFrame.get(i);
      if (views.length >= view && views[view - 1] != null) {
        out.add(views[view - 1]);
      }
    }
    return out;
  }

  /** Whether a view was found in at least half of the span's frames (and in one at least): it then has a clip. */
  private static boolean inMostFrames(List<Embedding> found, Clipper.Span s) {
    return !found.isEmpty() && 2 * found.size() >= s.size();
  }

  /** The clip of one view of a span: its binary code and time span. */
  private Clip clip(Clipper.Span span, int view, Embedding embedding) {
    return new Clip(span.start(), span.end(), span.size(), binarizer.binarize(embedding), view);
  }

  /** True when a layout stage crops borders and finds insets (anything but {@link LayoutDetector#none()}). */
  private boolean normalises() {
    return layoutDetector != LayoutDetector.none();
  }

  /**
   * The longer side frames are decoded at: the encoder's own, or twice that (at most 1024) when the layout stage
   * may crop or a zoom or band view enlarges part of the picture, so that a cropped picture, an inset or a band still
   * has about the encoder's resolution.
   */
  private int decodeSide() {
    int side = encoder.preferredFrameSide();
    return normalises() || zoomView > 0 || bandView ? Math.min(Math.max(side, 1024), 2 * side) : side;
  }

  /**
   * Encodes a window of frames: its picture (borders cropped) and each inset, as the layout stage finds them, with
   * the encoder and (when not null) the check encoder.
   */
  private void encodeWindow(List<Frame> window, VideoInput video, Channel main, Channel check) {
    Layout layout = normalises() ? layoutDetector.detect(List.copyOf(window)) : Layout.FULL;
    List<Frame> frames = window;
    if (layout.isTurned()) {
      // a turned picture is described upright, at its own scale, black where the turn cut its corners
      frames = TurnedPicture.straighten(window, layout.rotation());
      layout = new Layout(layout.picture(), layout.insets());
    }
    List<Frame> picture = FrameLayout.crop(frames, layout.picture());
    int views = Math.min(layout.insets().size(), MAX_VIEW);
    List<List<Frame>> insetFrames = new ArrayList<>(views);
    List<List<Frame>> widenedFrames = new ArrayList<>(views);
    for (int v = 0; v < views; v++) {
      List<Frame> part = FrameLayout.crop(frames, layout.insets().get(v));
      insetFrames.add(part);
      widenedFrames.add(widensPanels() && views >= 2 ? widened(part) : null);
    }
    // a frame split into panels (a grid, a split screen) has no one centre: its panels are its views
    List<Frame> zoomed = zoomView > 0 && layout.insets().size() < 2
        ? FrameLayout.crop(frames, centre(layout.picture(), zoomView)) : null;
    Region band = bandView && layout.insets().size() < 2
        ? band(layout.picture(), frames.get(0).width(), frames.get(0).height()) : null;
    List<Frame> banded = band != null ? FrameLayout.crop(frames, band) : null;
    boolean tall = band != null && band.h() * frames.get(0).height() > band.w() * frames.get(0).width();
    for (Channel c : check == null ? List.of(main) : List.of(main, check)) {
      c.pictures.addAll(encode(c.encoder, picture, video));
      if (zoomed != null) {
        c.zooms.addAll(encode(c.encoder, zoomed, video));
      } else if (zoomView > 0) {
        c.zooms.addAll(java.util.Collections.nCopies(frames.size(), null));
      }
      if (bandView) {
        List<Embedding> none = java.util.Collections.nCopies(frames.size(), null);
        List<Embedding> encoded = banded != null ? encode(c.encoder, banded, video) : none;
        c.tallBands.addAll(tall ? encoded : none);
        c.wideBands.addAll(banded != null && !tall ? encoded : none);
      }
      c.insets.addAll(Arrays.asList(perFrame(c.encoder, insetFrames, frames.size(), video)));
      if (widensPanels()) {
        c.widened.addAll(Arrays.asList(perFrame(c.encoder, widenedFrames, frames.size(), video)));
      }
    }
  }

  /**
   * Encodes each view's frames ({@code views.get(v)}, null for a view this window lacks) and returns the embeddings
   * per frame: {@code [frame][v]}, null where the view is missing.
   */
  private static Embedding[][] perFrame(FrameEncoder encoder, List<List<Frame>> views, int frames, VideoInput video) {
    Embedding[][] out = new Embedding[frames][views.size()];
    for (int v = 0; v < views.size(); v++) {
      if (views.get(v) != null) {
        List<Embedding> e = encode(encoder, views.get(v), video);
        for (int i = 0; i < frames; i++) {
          out[i][v] = e.get(i);
        }
      }
    }
    return out;
  }

  /**
   * Panels narrower than this (width over height) that fill their cell are also described widened ({@link
   * Builder#widenPanels}): a 16:9 video fills a cell of a side-by-side reaction layout (0.89), of three panels side
   * by side (0.59) or of a phone-format stack (1.13) by keeping the middle of its width.
   */
  static final double NARROW_PANEL = 1.4;
  /**
   * Panels wider than this are widened too, upward and downward: a 16:9 video fills a cell of two stacked in a 16:9
   * frame (3.56) or a 4:3 one (2.67) by keeping the middle of its height. (1.4 and 2.3 lie about as far below and
   * above 16:9, 1.78, by ratio.)
   */
  static final double FLAT_PANEL = 2.3;
  /** The width over height a panel is widened to: that of most footage, 16:9. */
  static final double WIDENED_ASPECT = 16.0 / 9;
  private static final FrameEdit WIDEN = FrameEdits.mirrorPad(WIDENED_ASPECT);

  /**
   * A panel's frames widened to {@link #WIDENED_ASPECT} by reflecting them at their edges, so that the middle of
   * footage that was cropped to fill the panel meets the original at the original's scale; null when the panel is
   * neither narrower than {@link #NARROW_PANEL} nor wider than {@link #FLAT_PANEL}, or has bars of its own (footage
   * fitted into its cell, not cropped).
   */
  private static List<Frame> widened(List<Frame> panel) {
    Frame first = panel.get(0);
    boolean narrow = first.width() < NARROW_PANEL * first.height();
    boolean flat = first.width() > FLAT_PANEL * first.height();
    if (!(narrow || flat) || !FrameLayout.borders(panel).isFull()) {
      return null;
    }
    List<Frame> out = new ArrayList<>(panel.size());
    for (Frame f : panel) {
      out.add(WIDEN.apply(f));
    }
    return out;
  }

  /**
   * A picture at least this much wider than high (or higher than wide) has a band view ({@link Builder#bandView}): its
   * middle band of the other orientation keeps at most 47% of it (9:16 of a 4:3 picture 42%, of a 16:9 one 32%).
   */
  static final double BAND_FROM = 1.2;

  /**
   * The middle band of {@code picture} (in a frame of {@code width} x {@code height} pixels) of the other orientation:
   * 9:16 of the full height of a landscape picture, 16:9 of the full width of a portrait one; null for a picture
   * within {@link #BAND_FROM} of square.
   */
  static Region band(Region picture, int width, int height) {
    double pw = picture.w() * width;
    double ph = picture.h() * height;
    if (pw >= BAND_FROM * ph) {
      double w = ph * 9 / 16 / width;
      return new Region(picture.x() + (picture.w() - w) / 2, picture.y(), w, picture.h());
    }
    if (ph >= BAND_FROM * pw) {
      double h = pw * 9 / 16 / height;
      return new Region(picture.x(), picture.y() + (picture.h() - h) / 2, picture.w(), h);
    }
    return null;
  }

  /** The centre of {@code picture}, {@code side} of its width and of its height. */
  private static Region centre(Region picture, double side) {
    return new Region(picture.x() + picture.w() * (1 - side) / 2, picture.y() + picture.h() * (1 - side) / 2,
        picture.w() * side, picture.h() * side);
  }

  /** Encodes frames in batches of the encoder's batch size. */
  private static List<Embedding> encode(FrameEncoder encoder, List<Frame> frames, VideoInput video) {
    List<Embedding> out = new ArrayList<>(frames.size());
    for (int from = 0; from < frames.size(); from += encoder.batchSize()) {
      List<Frame> batch = List.copyOf(frames.subList(from, Math.min(frames.size(), from + encoder.batchSize())));
      List<Embedding> e = encoder.encode(batch);
      if (e.size() != batch.size()) {
        throw new VideoSimilarityException("encoder " + encoder.name() + " returned " + e.size()
            + " embeddings for " + batch.size() + " frames of '" + video.description() + "'");
      }
      out.addAll(e);
    }
    return out;
  }

  /** Fingerprints two files and scores them: how likely B contains a copy of (part of) A, and where. */
  public Score score(Path a, Path b) {
    return score(fingerprint(Objects.requireNonNull(a, "a")), fingerprint(Objects.requireNonNull(b, "b")));
  }

  /** Fingerprints two videos and scores them. */
  public Score score(VideoInput a, VideoInput b) {
    return score(fingerprint(Objects.requireNonNull(a, "a")), fingerprint(Objects.requireNonNull(b, "b")));
  }

  /**
   * Scores two fingerprints. The value is symmetric; the segments give A's times first. The score carries the
   * decode warnings of both fingerprints ({@link Score#warnings()}), each naming its video.
   *
   * @throws IncompatibleFingerprintException if either fingerprint comes from another pipeline than this one
   */
  public Score score(VideoFingerprint a, VideoFingerprint b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    ensureOpen();
    spec.checkCompatibleWith(a.spec(), "this pipeline", "fingerprint '" + a.videoId() + "'");
    a.spec().checkCompatibleWith(b.spec(), "fingerprint '" + a.videoId() + "'",
        "fingerprint '" + b.videoId() + "'");
    Score s = matcher.match(a, b);
    Score scored = calibrated ? s : s.uncalibrated();
    if (a.warnings().isEmpty() && b.warnings().isEmpty()) {
      return scored;
    }
    List<DecodeWarning> warnings = new ArrayList<>(scored.warnings());
    for (VideoFingerprint f : a == b ? List.of(a) : List.of(a, b)) {
      for (DecodeWarning w : f.warnings()) {
        warnings.add(w.about(f.videoId()));
      }
    }
    return scored.withWarnings(warnings);
  }

  /**
   * True when the matcher's calibration was fitted for this pipeline, so that scores are probabilities and
   * {@link Score#isMatch()} decides; false for a custom encoder, aggregator or binarizer with a matcher calibrated
   * for another pipeline (fit one with {@code videosim calibrate}).
   */
  public boolean isCalibrated() {
    return calibrated;
  }

  /** The identity of this pipeline, as recorded in its fingerprints. */
  public PipelineSpec spec() {
    return spec;
  }

  /** The decision threshold of {@link Score#isMatch()}; NaN when the pipeline is not {@link #isCalibrated()}. */
  public double threshold() {
    return calibrated ? matcher.threshold() : Double.NaN;
  }

  /** Where frames come from. */
  public FrameSource frameSource() {
    return frameSource;
  }

  /** Frames sampled per second of video time. */
  public double sampleRate() {
    return sampleRate;
  }

  /** The shot boundary detector. */
  public ShotDetector shotDetector() {
    return shotDetector;
  }

  /** The frame normalisation: {@link LayoutDetector#none()} or a detector of borders and insets. */
  public LayoutDetector layoutDetector() {
    return layoutDetector;
  }

  /** Longest clip, seconds. */
  public double clipSeconds() {
    return clipSeconds;
  }

  /** Whether panels far from 16:9 are also described widened ({@link Builder#widenPanels}; never without layout). */
  public boolean widensPanels() {
    return widenPanels && normalises();
  }

  /** Side of the zoom view as a share of the picture's ({@link Builder#zoomView}); 0 without one. */
  public double zoomView() {
    return zoomView;
  }

  /**
   * Whether pictures far from square also describe their middle band of the other orientation ({@link
   * Builder#bandView}).
   */
  public boolean bandView() {
    return bandView;
  }

  /** Whether the frame source measures how the picture changes ({@link Builder#motion}). */
  public boolean motion() {
    return motion;
  }

  /** Threads that encode one video ({@link Builder#encodingThreads}). */
  public int encodingThreads() {
    return encodingThreads;
  }

  /** The frame encoder. */
  public FrameEncoder encoder() {
    return encoder;
  }

  /** The clip aggregator. */
  public ClipAggregator aggregator() {
    return aggregator;
  }

  /** The binarizer of clip embeddings. */
  public Binarizer binarizer() {
    return binarizer;
  }

  /** The matcher that scores two fingerprints. */
  public VideoMatcher matcher() {
    return matcher;
  }

  /** The check encoder, if any: see {@link Builder#checkEncoder}. */
  public Optional<FrameEncoder> checkEncoder() {
    return Optional.ofNullable(checkEncoder);
  }

  /**
   * Closes the resources this instance owns ({@link Builder#owns}), the last handed over first, each once; later
   * calls do nothing. Stages it only borrows stay open. Call it when no thread uses this instance any more.
   *
   * @throws VideoSimilarityException if a resource fails to close; the others are closed all the same, and their
   *     failures are added as suppressed exceptions
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    VideoSimilarityException failure = null;
    for (int i = owned.size() - 1; i >= 0; i--) {
      AutoCloseable resource = owned.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new VideoSimilarityException("cannot close " + resource + ": " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this VideoSimilarity is closed");
    }
  }

  @Override
  public String toString() {
    return "VideoSimilarity(source=" + frameSource + ", sampleRate=" + sampleRate + ", shots=" + shotDetector
        + ", layout=" + layoutDetector.name() + (zoomView > 0 ? ", zoomView=" + zoomView : "")
        + (bandView ? ", bandView" : "") + (motion ? ", motion" : "")
        + (widensPanels() ? ", widenPanels" : "") + ", clipSeconds="
        + clipSeconds + ", encoder=" + encoder + ", aggregator=" + aggregator + ", binarizer="
        + binarizer + ", matcher=" + matcher + (checkEncoder != null ? ", check=" + checkEncoder : "") + ")";
  }

  /**
   * Builds {@link VideoSimilarity} instances. Defaults: the frame source found by {@link FrameSource#discover()}
   * (FFmpeg when {@code videosim-io-ffmpeg} is on the class path), 2 frames per second,
   * {@link ShotDetector#histogram()}, clips of 0.5 s (one frame each at 2 fps), {@link FrameEncoder#dct()},
   * {@link ClipAggregator#mean()}, {@link Binarizer#sign()} and {@link VideoMatcher#temporal()}.
   *
   * <p>Setters check their argument at once ({@link NullPointerException} for null, {@link IllegalArgumentException}
   * for a bad value); {@link #build()} can be called again for more instances. Not thread-safe.
   */
  public static final class Builder {
    private FrameSource frameSource;
    private double sampleRate = 2.0;
    private ShotDetector shotDetector = ShotDetector.histogram();
    private LayoutDetector layoutDetector = LayoutDetector.none();
    private double clipSeconds = 0.5;
    private double zoomView;
    private boolean bandView;
    private boolean motion;
    private int encodingThreads = 1;
    private boolean widenPanels;
    private FrameEncoder encoder = FrameEncoder.dct();
    private ClipAggregator aggregator = ClipAggregator.mean();
    private Binarizer binarizer = Binarizer.sign();
    private VideoMatcher matcher = VideoMatcher.temporal();
    private FrameEncoder checkEncoder;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Builder() {}

    /** Where frames come from (default: {@link FrameSource#discover()}). */
    public Builder frameSource(FrameSource frameSource) {
      this.frameSource = Objects.requireNonNull(frameSource, "frameSource");
      return this;
    }

    /** Frames sampled per second of video time, in (0, 60] (default 2). */
    public Builder sampleRate(double sampleRate) {
      if (!(sampleRate > 0 && sampleRate <= 60)) {
        throw new IllegalArgumentException("sampleRate must be within (0, 60]: " + sampleRate);
      }
      this.sampleRate = sampleRate;
      return this;
    }

    /**
     * The shot boundary detector (default {@link ShotDetector#histogram()}); clips never cross a boundary.
     *
     * @param shotDetector the detector
     * @return this builder
     */
    public Builder shotDetector(ShotDetector shotDetector) {
      this.shotDetector = Objects.requireNonNull(shotDetector, "shotDetector");
      return this;
    }

    /**
     * Frame normalisation: {@link LayoutDetector#none()} (the default) or {@link LayoutDetector#auto()} (borders
     * cropped, picture-in-picture insets described as views of their own; frames are then decoded at twice the
     * encoder's size, and each inset costs one more encoder pass over its frames).
     */
    public Builder layoutDetector(LayoutDetector layoutDetector) {
      this.layoutDetector = Objects.requireNonNull(layoutDetector, "layoutDetector");
      return this;
    }

    /**
     * Longest clip in seconds, in (0, 600] (default 0.5). Clips never cross a shot boundary, so shots shorter than
     * this make shorter clips.
     *
     * @param clipSeconds the longest clip, seconds
     * @return this builder
     * @throws IllegalArgumentException if it is not within (0, 600]
     */
    public Builder clipSeconds(double clipSeconds) {
      if (!(clipSeconds > 0 && clipSeconds <= 600)) {
        throw new IllegalArgumentException("clipSeconds must be within (0, 600]: " + clipSeconds);
      }
      this.clipSeconds = clipSeconds;
      return this;
    }

    /**
     * Also describes the centre of each picture (after the layout stage's borders), {@code side} of its width and of
     * its height, enlarged to the encoder's size, as a view of its own ({@link Clip#ZOOM}); 0 (the default) for none.
     * A copy that was cropped or zoomed into (a strong crop, a zoom, a small turn, a copy filling a panel of a
     * reaction layout) then meets the original's centre at its own scale. The default matcher counts zoom views in
     * the similarity but aligns segments on the other views (centres of other moments of footage that follows its
     * subject are more alike than the pictures). It costs a second pass of the encoders and a second code per clip:
     * see the README's "Zoom view". Fingerprints with and without it, or with another side, are not compatible, and
     * a calibration belongs to one or the other ({@link PipelineSpec#codeKey()}).
     *
     * @param side the zoom view's side as a share of the picture's, in (0, 1), or 0 for none
     * @return this builder
     * @throws IllegalArgumentException if it is neither 0 nor within (0, 1)
     */
    public Builder zoomView(double side) {
      if (!(side == 0 || (side > 0 && side < 1))) {
        throw new IllegalArgumentException("zoomView must be 0 (none) or within (0, 1): " + side);
      }
      this.zoomView = side;
      return this;
    }

    /**
     * Also describes the middle band of each picture (after the layout stage's borders) in the other orientation as a
     * view of its own ({@link Clip#BAND}): 9:16 of the full height of a landscape picture, 16:9 of the full width of a
     * portrait one (none for a picture within 1.2:1 of square, or a frame split into panels). A re-upload that crops a
     * landscape video to a phone's portrait frame keeps 32% of a 16:9 picture, and a portrait video filling a
     * landscape frame or a panel keeps as little: the band meets such a copy at its own scale. The default matcher
     * pairs a band view only with the views of a video of another shape, never with another band (the middles of two
     * moments of one shoot are more alike than the pictures), and counts such a pair a little less similar. It costs a second pass of the encoders over pictures far from square and a second
     * code per clip; fingerprints with and without it are not compatible, and a calibration belongs to one or the
     * other ({@link PipelineSpec#codeKey()}).
     *
     * @param on whether to describe band views (default off)
     * @return this builder
     */
    public Builder bandView(boolean on) {
      this.bandView = on;
      return this;
    }

    /**
     * Also has the frame source measure how the picture changes over time ({@link FrameReader#motion()}, {@link
     * VideoFingerprint#motion()}: a byte per eighth of a second), which the default matcher reads where the codes
     * align nothing: a copy of footage that looks alike everywhere (a fixed camera) changes when its original does,
     * another moment of the same camera does not (README, "Motion evidence"). The FFmpeg source measures it on a small
     * grey picture of the first decoded frame of each step; sources that do not measure it leave fingerprints
     * without. Fingerprints with and without it are not compatible; the calibration is the same.
     *
     * @param on whether to measure motion (default off)
     * @return this builder
     */
    public Builder motion(boolean on) {
      this.motion = on;
      return this;
    }

    /**
     * Threads that encode one video (default 1): the calling thread and {@code threads - 1} more, each taking a
     * window of decoded frames (the layout stage, the encoders) while another window is encoded, beside the thread
     * that decodes. The fingerprint is the same whatever the count. On a machine with idle cores this takes a single
     * video's fingerprint closer to its decoding time; an application that fingerprints several videos at once
     * already keeps its cores busy and should leave it at 1. A deep encoder's torch operations run on each calling
     * thread with the encoder's intra-op threads ({@code MobileNetFrameEncoder.Builder.intraOpThreads}; give each
     * encoding thread one: the threads then split the cores instead of waking each other's).
     *
     * @param threads 1 to 64
     * @return this builder
     */
    public Builder encodingThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("encodingThreads must be within [1, 64]: " + threads);
      }
      this.encodingThreads = threads;
      return this;
    }

    /**
     * Also describes each panel of a frame split into panels (a reaction layout, a grid, a stack) that fills its cell
     * and is narrower than 1.4:1 or wider than 2.3:1 brought to 16:9, the picture continued by reflection at its
     * edges, as a view of its own ({@link Clip#WIDENED} plus the panel's view); default off, and nothing without a
     * layout stage ({@link #layoutDetector}). Layouts fill such cells with the middle of 16:9 footage: widened, that
     * middle meets the original at the original's scale (harness: reaction side by side AP 0.41 to 0.59, three
     * panels 0.52 to 0.69; two videos stacked in a 16:9 frame: 2 of 18 copies over the threshold to 10; README,
     * "Widened panels"). It costs an encoder pass and a code per such panel, in split frames only. Fingerprints with
     * and without it are not compatible, and a calibration belongs to one or the other ({@link
     * PipelineSpec#codeKey()}).
     *
     * @param on whether to widen such panels
     * @return this builder
     */
    public Builder widenPanels(boolean on) {
      this.widenPanels = on;
      return this;
    }

    /**
     * The frame encoder (default {@link FrameEncoder#dct()}). Borrowed: see {@link #owns}.
     *
     * @param encoder the encoder
     * @return this builder
     */
    public Builder encoder(FrameEncoder encoder) {
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    /**
     * The clip aggregator (default {@link ClipAggregator#mean()}). Borrowed: see {@link #owns}.
     *
     * @param aggregator the aggregator
     * @return this builder
     */
    public Builder aggregator(ClipAggregator aggregator) {
      this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
      return this;
    }

    /**
     * The binarizer of clip embeddings (default {@link Binarizer#sign()}); {@link #build()} checks that it takes the
     * aggregator's dimension.
     *
     * @param binarizer the binarizer
     * @return this builder
     */
    public Builder binarizer(Binarizer binarizer) {
      this.binarizer = Objects.requireNonNull(binarizer, "binarizer");
      return this;
    }

    /**
     * The matcher that scores fingerprints (default {@link VideoMatcher#temporal()}), with its calibration and
     * threshold.
     *
     * @param matcher the matcher
     * @return this builder
     */
    public Builder matcher(VideoMatcher matcher) {
      this.matcher = Objects.requireNonNull(matcher, "matcher");
      return this;
    }

    /**
     * A second encoder that describes the same crops of the same frames again (default: none): each clip then also
     * gets a check code, the sign bits of the mean of its frames' check embeddings, stored in the fingerprint
     * ({@link VideoFingerprint#checks()}). A matcher with a fused calibration
     * ({@link TemporalVideoMatcher.Builder#fusedCalibration}) scores pairs by both similarities: e.g. a learned
     * encoder that is robust to crops and flips, checked by {@link FrameEncoder#dct()}, which tells apart different
     * footage that merely looks alike (two people filmed the same way). {@code null} removes it.
     */
    public Builder checkEncoder(FrameEncoder checkEncoder) {
      this.checkEncoder = checkEncoder;
      return this;
    }

    /**
     * Hands a resource over to the next instance that {@link #build()} makes: its {@link VideoSimilarity#close()}
     * closes the resource (the last handed over first). Typically a deep stage made for this pipeline only:
     *
     * <pre>{@code
     * MobileNetFrameEncoder encoder = DeepEncoders.mobileNetV2();
     * try (VideoSimilarity deep = VideoSimilarity.builder().encoder(encoder).owns(encoder).build()) { ... }
     * }</pre>
     *
     * <p>Ownership moves once: {@code build()} takes the resources handed over since the last {@code build()}, so
     * a second {@code build()} owns nothing, and {@link VideoSimilarity#toBuilder()} hands over nothing.
     *
     * @param resource closed by the instance built next
     * @return this builder
     */
    public Builder owns(AutoCloseable resource) {
      owned.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Builds an immutable instance.
     *
     * @throws IllegalStateException if no frame source was set and none is on the class path, or the stages do
     *     not fit together (the binarizer cannot take the aggregator's dimension)
     */
    public VideoSimilarity build() {
      FrameSource source = frameSource != null ? frameSource : FrameSource.discover();
      int dim = aggregator.dimension(encoder.dimension());
      try {
        int bits = binarizer.bits(dim);
        if (bits <= 0) {
          throw new IllegalStateException("binarizer " + binarizer + " gives " + bits + " bits");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("binarizer " + binarizer + " cannot take the " + dim
            + "-dimensional embeddings of " + encoder + " and " + aggregator + ": " + e.getMessage(), e);
      }
      List<AutoCloseable> handedOver = List.copyOf(owned);
      owned.clear();
      return new VideoSimilarity(this, source, handedOver);
    }
  }
}

package org.videosim.ffmpeg.internal;

import io.humble.ferry.Buffer;
import io.humble.ferry.RefCounted;
import io.humble.video.Codec;
import io.humble.video.ContainerStream;
import io.humble.video.Decoder;
import io.humble.video.Demuxer;
import io.humble.video.DemuxerFormat;
import io.humble.video.DemuxerStream;
import io.humble.video.Global;
import io.humble.video.KeyValueBag;
import io.humble.video.MediaDescriptor;
import io.humble.video.MediaPacket;
import io.humble.video.MediaPicture;
import io.humble.video.MediaPictureResampler;
import io.humble.video.PixelFormat;
import io.humble.video.Rational;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;

/**
 * Reads one video straight through with Humble Video (no seeking), decoding with a single thread, and converts to
 * RGB, scaled, only the frames that the sampling keeps. See {@code HumbleFrameSource} for Humble's quirks that this
 * class works around.
 */
public final class HumbleFrameReader implements FrameReader {
  private static final Logger LOG = LoggerFactory.getLogger(HumbleFrameReader.class);
  private static final long AV_TIME_BASE = 1_000_000L;

  /** Limits and options of a reader; {@code formatWhitelist} is FFmpeg's comma-separated demuxer list. */
  public record Options(ReaderSupport.Limits limits, int maxConsecutiveErrors, String formatWhitelist) {}

  private final String video;
  private final String stage;
  private final FrameRequest request;
  private final Options options;
  private ReaderSupport.LocalFile file;
  private final ReaderSupport.SamplingClock clock;
  private final ReaderSupport.DecodeAudit audit = new ReaderSupport.DecodeAudit();
  private long declaredFrames;

  private Demuxer demuxer;
  private Decoder decoder;
  private MediaPacket packet;
  private MediaPicture picture;
  private MediaPictureResampler resampler;
  private MediaPicture rgbPicture;

  private int streamIndex;
  private double timeBase;
  private long startPts = Global.NO_PTS;
  private int rotation;
  private VideoInfo info;

  private boolean packetPending;
  private int packetOffset;
  private boolean draining;
  private boolean finished;
  /** The end of the last decoded frame (its time plus a frame period), seconds from the start. */
  private double framesEnd = Double.NaN;
  private boolean closed;
  private long decodedFrames;
  private int consecutiveErrors;
  private long totalErrors;
  private String lastError;
  private int sampled;

  public HumbleFrameReader(VideoInput input, FrameRequest request, Options options, String stage) {
    this.video = input.description();
    this.stage = stage;
    this.request = request;
    this.options = options;
    this.clock = new ReaderSupport.SamplingClock(request);
    Throwable loadFailure = Humble.loadFailure();
    if (loadFailure != null) {
      throw new VideoDecodeException(video, stage, "cannot load Humble Video's native library: " + loadFailure,
          loadFailure);
    }
    try {
      open(input);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private VideoDecodeException failure(String problem) {
    return new VideoDecodeException(video, stage, problem, null);
  }

  private VideoDecodeException failure(String problem, Throwable cause) {
    return new VideoDecodeException(video, stage, problem + ": " + describe(cause), cause);
  }

  private VideoDecodeException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new VideoDecodeException(video, decodedFrames > 0 ? decodedFrames : -1,
        clock.lastTimeOrNaN(), stage, "interrupted", e);
  }

  /**
   * Humble's exception text without the URL it repeats, e.g. {@code Invalid data found when processing input
   * (-1094995529)} out of {@code Error opening url: file:/x/a.mp4; : Invalid data found ... (-1094995529)}.
   */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int at = m.lastIndexOf("; : ");
    return (at >= 0 ? m.substring(at + 4) : m).strip();
  }

  private void open(VideoInput input) {
    file = ReaderSupport.localFile(input, stage);
    Path path = file.path();
    synchronized (Humble.CODEC_LOCK) {
      openNative(path);
    }
  }

  /** Opens the demuxer and the decoder; called with {@link Humble#CODEC_LOCK} held. */
  private void openNative(Path path) {
    demuxer = Demuxer.make();
    KeyValueBag opts = KeyValueBag.make();
    // No protocol white list in FFmpeg 2.8: refuse the demuxers (playlists) that would open other resources.
    opts.setValue("format_whitelist", options.formatWhitelist());
    opts.setValue("fflags", "+discardcorrupt");
    try {
      // "file:" + an absolute path: never taken for another protocol, whatever the file is called.
      demuxer.open("file:" + path.toAbsolutePath(), null, false, false, opts, null);
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (IllegalArgumentException e) {
      // EINVAL: the format_whitelist rejected the probed format (FFmpeg logs its name under org.ffmpeg)
      throw failure("not a readable video container, or a container format outside the allowed list ("
          + options.formatWhitelist() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw failure("not a readable video container", e);
    } finally {
      opts.delete();
    }
    Exception queryFailure = null;
    try {
      demuxer.queryStreamMetaData();
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (IOException | RuntimeException e) {
      queryFailure = e; // e.g. a codec FFmpeg 2.8 does not know (AV1) ends the probing at end of file
    }
    int streams;
    try {
      streams = demuxer.getNumStreams();
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (IOException | RuntimeException e) {
      throw failure("cannot read stream information", e);
    }
    DemuxerStream stream = findVideoStream(streams, queryFailure);
    if (queryFailure != null) {
      LOG.debug("'{}': stream information incomplete ({}); decoding stream {} anyway", video,
          describe(queryFailure), streamIndex);
    }
    Codec codec = decoder.getCodec();
    String codecName = codec.getName();
    release(codec);
    checkSize(decoder.getWidth(), decoder.getHeight(), decoder.getPixelFormat(), true);

    // One thread: with decoder threads, an error logged from a worker thread leaves a non-daemon thread attached
    // to the JVM for ever (the JVM never exits).
    decoder.setProperty("threads", 1L);
    try {
      decoder.open(null, null);
    } catch (RuntimeException e) {
      throw failure("cannot open the " + codecName + " decoder", e);
    }
    long threads = decoder.getPropertyAsLong("threads");
    if (threads != 1) {
      throw failure("the " + codecName + " decoder would run " + threads + " threads; refusing (see"
          + " HumbleFrameSource on why Humble must decode single-threaded)");
    }
    packet = MediaPacket.make();

    // Pictures carry the packet timestamps, in the stream's time base (their own getTimeBase() is the decoder's).
    Rational tb = stream.getTimeBase();
    timeBase = tb == null || tb.getDenominator() == 0 ? 0 : (double) tb.getNumerator() / tb.getDenominator();
    release(tb);
    if (!(timeBase > 0)) {
      throw failure("invalid stream time base");
    }
    if (stream.getStartTime() != Global.NO_PTS) {
      startPts = stream.getStartTime();
    }
    rotation = streamRotation(stream);
    declaredFrames = Math.max(0, stream.getNumFrames());
    double duration = Double.NaN;
    long streamDuration = stream.getDuration();
    long containerDuration = demuxer.getDuration();
    if (streamDuration != Global.NO_PTS && streamDuration > 0) {
      duration = streamDuration * timeBase;
    } else if (containerDuration != Global.NO_PTS && containerDuration > 0) {
      duration = (double) containerDuration / AV_TIME_BASE;
    }
    Rational fr = stream.getFrameRate();
    double fps = fr != null && fr.getNumerator() > 0 && fr.getDenominator() > 0
        ? (double) fr.getNumerator() / fr.getDenominator() : Double.NaN;
    release(fr);
    DemuxerFormat format = demuxer.getFormat();
    String container = format == null ? "unknown" : format.getName();
    release(format);
    release(stream);
    int w = decoder.getWidth();
    int h = decoder.getHeight();
    boolean swap = rotation == 90 || rotation == 270;
    info = new VideoInfo(duration, fps, swap ? h : w, swap ? w : h, rotation, codecName, container);
  }

  /** Finds the first video stream that is not cover art and sets {@link #decoder} and {@link #streamIndex}. */
  private DemuxerStream findVideoStream(int streams, Exception queryFailure) {
    int unknownCodecs = 0;
    for (int i = 0; i < streams; i++) {
      DemuxerStream s;
      try {
        s = demuxer.getStream(i);
      } catch (InterruptedException e) {
        throw interrupted(e);
      } catch (IOException | RuntimeException e) {
        throw failure("cannot read stream " + i, e);
      }
      Decoder d = s.getDecoder();
      Codec c = d == null ? null : d.getCodec();
      release(c);
      if (c == null) {
        unknownCodecs++;
      } else if (d.getCodecType() == MediaDescriptor.Type.MEDIA_VIDEO
          && s.getDisposition() != ContainerStream.Disposition.DISPOSITION_ATTACHED_PIC) {
        decoder = d;
        streamIndex = i;
        return s;
      }
      release(d);
      release(s);
    }
    if (unknownCodecs > 0) {
      throw new UnsupportedVideoException(video, stage, "no video stream with a codec that Humble's FFmpeg 2.8 can"
          + " decode (" + unknownCodecs + " of " + streams + " stream(s) in an unknown codec, e.g. AV1)");
    }
    if (queryFailure != null) {
      throw failure("cannot read stream information", queryFailure);
    }
    throw new UnsupportedVideoException(video, stage,
        "no video stream (" + streams + " other stream(s); audio only?)");
  }

  /** The clockwise display rotation from the stream's {@code rotate} tag (FFmpeg 2.8's form of the matrix). */
  private int streamRotation(DemuxerStream stream) {
    KeyValueBag meta = stream.getMetaData();
    if (meta == null) {
      return 0;
    }
    String value = meta.getValue("rotate");
    release(meta);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return ReaderSupport.quarterTurns(Double.parseDouble(value.strip()));
    } catch (NumberFormatException e) {
      LOG.debug("'{}': ignoring rotate tag '{}'", video, value);
      return 0;
    }
  }

  private void checkSize(int width, int height, PixelFormat.Type format, boolean beforeDecoding) {
    ReaderSupport.Limits limits = options.limits();
    long pictureBytes = 0;
    if (format != null && format != PixelFormat.Type.PIX_FMT_NONE && width > 0 && height > 0
        && width <= limits.maxSide() && height <= limits.maxSide()) {
      try {
        pictureBytes = Math.max(0, PixelFormat.getBufferSizeNeeded(width, height, format));
      } catch (RuntimeException e) {
        pictureBytes = 0; // unknown: 3 bytes a pixel are assumed
      }
    }
    ReaderSupport.checkSize(width, height, beforeDecoding, limits, pictureBytes, 1, video, stage);
  }

  @Override
  public java.util.List<org.videosim.DecodeWarning> warnings() {
    return finished ? audit.warnings(info, declaredFrames) : java.util.List.of();
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  /** The end of the last decoded frame: this reader decodes every frame. */
  @Override
  public double endTime() {
    return finished ? framesEnd : Double.NaN;
  }

  @Override
  public Frame next() {
    if (closed) {
      throw new IllegalStateException("reader of '" + video + "' is closed");
    }
    while (!finished) {
      if (packetPending || draining) {
        Frame f = decodeStep();
        if (f != null) {
          return f;
        }
      } else {
        readPacket();
      }
    }
    if (decodedFrames == 0) {
      String why = totalErrors > 0 ? "no decodable video frames (" + totalErrors + " decoding errors, last: "
          + lastError + ")" : "no video frames";
      throw failure(why);
    }
    return null;
  }

  /** Reads the next packet of our stream into {@link #packet}, or starts draining the decoder at the end. */
  private void readPacket() {
    int ret;
    try {
      ret = demuxer.read(packet);
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // A read error mid-file (truncation, I/O, or a damaged size that FFmpeg cannot allocate, which Humble throws
      // as an OutOfMemoryError of native memory; the Java heap is untouched): decode what we have, but say so.
      lastError = describe(e);
      audit.readError(lastError);
      LOG.warn("'{}': reading stopped early after {} frames: {}", video, decodedFrames, lastError);
      draining = true;
      return;
    }
    if (ret < 0) {
      draining = true; // end of file (Humble reports other read errors as exceptions)
      return;
    }
    if (packet.getStreamIndex() == streamIndex && packet.getSize() > 0) {
      packetPending = true;
      packetOffset = 0;
    }
  }

  /** One call of the decoder, on the pending packet or, when draining, on no packet. */
  private Frame decodeStep() {
    ensurePicture();
    boolean complete;
    try {
      if (draining) {
        decoder.decode(picture, null, 0);
        complete = picture.isComplete();
        if (!complete) {
          finished = true;
          return null;
        }
      } else {
        int used = decoder.decode(picture, packet, packetOffset);
        complete = picture.isComplete();
        if (used <= 0) {
          packetPending = false; // 0: nothing consumed; stop rather than loop on the same bytes
        } else {
          packetOffset += used;
          packetPending = packetOffset < packet.getSize();
        }
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      // Humble turns FFmpeg's decoding errors into exceptions (ENOMEM into an OutOfMemoryError of native memory);
      // skip the packet (or end the drain).
      if (draining) {
        finished = true;
      } else {
        packetPending = false;
      }
      onDecodeError(describe(e));
      return null;
    }
    return complete ? onDecodedFrame() : null;
  }

  /** (Re)creates the picture to decode into; Humble requires it to have the decoder's current size and format. */
  private void ensurePicture() {
    int w = decoder.getWidth();
    int h = decoder.getHeight();
    PixelFormat.Type fmt = decoder.getPixelFormat();
    if (picture != null && picture.getWidth() == w && picture.getHeight() == h && picture.getFormat() == fmt) {
      return;
    }
    if (w <= 0 || h <= 0 || fmt == null || fmt == PixelFormat.Type.PIX_FMT_NONE) {
      throw failure("unknown picture size or pixel format (" + w + "x" + h + ", " + fmt + ")");
    }
    checkSize(w, h, fmt, false);
    release(picture);
    picture = MediaPicture.make(w, h, fmt);
  }

  private void onDecodeError(String message) {
    totalErrors++;
    consecutiveErrors++;
    lastError = message;
    audit.decodeError(message);
    LOG.debug("'{}': decoding error after frame {}: {}", video, decodedFrames, lastError);
    if (consecutiveErrors > options.maxConsecutiveErrors()) {
      throw new VideoDecodeException(video, decodedFrames, clock.lastTimeOrNaN(), stage,
          consecutiveErrors + " consecutive decoding errors, last: " + lastError, null);
    }
  }

  /** Called with a decoded frame in {@link #picture}; returns the sampled frame or null if skipped. */
  private Frame onDecodedFrame() {
    long index = decodedFrames++;
    consecutiveErrors = 0;
    long pts = picture.getTimeStamp();
    double period = ReaderSupport.framePeriod(info);
    double t;
    if (pts == Global.NO_PTS) {
      // No timestamp: step on from the previous frame by the declared rate.
      t = index == 0 ? 0 : clock.lastTime() + (period > 0 ? period : 0.04);
    } else {
      if (startPts == Global.NO_PTS) {
        startPts = pts;
      }
      t = Math.max(0, (pts - startPts) * timeBase);
    }
    audit.frame(t);
    t = clock.advance(t);
    framesEnd = t + period;
    if (!clock.sample(t)) {
      return null;
    }
    checkSize(picture.getWidth(), picture.getHeight(), picture.getFormat(), false);
    return convert(index, t);
  }

  private Frame convert(long index, double t) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    boolean swap = rotation == 90 || rotation == 270;
    int[] display = request.outputSize(swap ? h : w, swap ? w : h);
    int convW = swap ? display[1] : display[0];
    int convH = swap ? display[0] : display[1];
    PixelFormat.Type inFmt = picture.getFormat();
    if (resampler == null || resampler.getInputWidth() != w || resampler.getInputHeight() != h
        || resampler.getInputFormat() != inFmt || resampler.getOutputWidth() != convW
        || resampler.getOutputHeight() != convH) {
      release(resampler);
      release(rgbPicture);
      resampler = null;
      rgbPicture = null;
      try {
        // Humble ORs make()'s flags into its default (area), and FFmpeg rejects two algorithms: pass 0 and choose
        // the algorithm through the sws_flags property instead.
        resampler = MediaPictureResampler.make(convW, convH, PixelFormat.Type.PIX_FMT_RGB24, w, h, inFmt, 0);
        resampler.setProperty("sws_flags", convW < w || convH < h ? "area" : "bilinear");
        resampler.open();
      } catch (RuntimeException e) {
        throw new VideoDecodeException(video, index, t, stage,
            "cannot convert pixel format " + inFmt + " to RGB: " + describe(e), e);
      }
      rgbPicture = MediaPicture.make(convW, convH, PixelFormat.Type.PIX_FMT_RGB24);
    }
    try {
      resampler.resample(rgbPicture, picture);
    } catch (RuntimeException e) {
      throw new VideoDecodeException(video, index, t, stage, "pixel conversion failed: " + describe(e), e);
    }
    int stride = rgbPicture.getLineSize(0);
    byte[] rgb = new byte[convW * convH * 3];
    Buffer data = rgbPicture.getData(0);
    try {
      if (stride == convW * 3) {
        data.get(0, rgb, 0, rgb.length);
      } else {
        for (int y = 0; y < convH; y++) {
          data.get(y * stride, rgb, y * convW * 3, convW * 3);
        }
      }
    } finally {
      data.delete();
    }
    int outW = swap ? convH : convW;
    int outH = swap ? convW : convH;
    return new Frame(sampled++, t, outW, outH,
        rotation == 0 ? rgb : ReaderSupport.rotate(rgb, convW, convH, rotation));
  }

  /** Number of frames decoded so far (kept or not). */
  public long decodedFrames() {
    return decodedFrames;
  }

  /** Number of packets the decoder rejected so far. */
  public long decodingErrors() {
    return totalErrors;
  }

  private static void release(Object o) {
    if (o instanceof RefCounted) {
      try {
        ((RefCounted) o).delete();
      } catch (RuntimeException e) {
        LOG.debug("cannot release {}", o.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    release(resampler);
    release(rgbPicture);
    release(picture);
    release(packet);
    synchronized (Humble.CODEC_LOCK) {
      closeNative();
    }
    if (file != null) {
      file.close();
    }
  }

  /** Closes the decoder and the demuxer; called with {@link Humble#CODEC_LOCK} held. */
  private void closeNative() {
    release(decoder);
    if (demuxer != null) {
      try {
        if (demuxer.getState() == Demuxer.State.STATE_OPENED || demuxer.getState() == Demuxer.State.STATE_PLAYING
            || demuxer.getState() == Demuxer.State.STATE_PAUSED) {
          demuxer.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("interrupted while closing '{}'", video);
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot close '{}': {}", video, describe(e));
      }
      release(demuxer);
    }
  }
}

package org.videosim.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_FRAME_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_side_data;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVFrameSideData;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one video straight through with FFmpeg's C API (no seeking) and converts to RGB, scaled, only the frames
 * that the sampling keeps.
 */
public final class FfmpegFrameReader implements FrameReader {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegFrameReader.class);
  private static final int AVFMT_FLAG_DISCARD_CORRUPT = 0x0100; // libavformat/avformat.h

  /**
   * Limits and options of a reader; {@code containers} and {@code protocols} are FFmpeg's comma-separated demuxer
   * and protocol white lists.
   */
  public record Options(int threads, ReaderSupport.Limits limits, int maxConsecutiveErrors, String containers,
      String protocols, boolean skipNonReference, boolean keyframesOnly) {}

  private final String video;
  private final String stage;
  private final FrameRequest request;
  private final Options options;
  private ReaderSupport.LocalFile file;
  private final ReaderSupport.SamplingClock clock;
  private final ReaderSupport.DecodeAudit audit = new ReaderSupport.DecodeAudit();
  private long declaredFrames;

  private AVFormatContext fmt;
  private AVCodecContext ctx;
  private AVPacket pkt;
  private AVFrame frame;
  private SwsContext sws;
  /** Measures the picture's change when the request asks for it, else null. */
  private final ReaderSupport.MotionMeter motion;
  private SwsContext greySws;
  private BytePointer greyBuffer;
  private BytePointer rgbBuffer;
  private long rgbBufferSize;
  private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
  private final IntPointer dstLinesize = new IntPointer(4);

  private int streamIndex;
  private double timeBase;
  private long startPts = AV_NOPTS_VALUE;
  /** The latest end (timestamp plus duration, seconds on the stream's clock) of a video packet read; NaN: none. */
  private double packetsEnd = Double.NaN;
  /** The end of the last decoded frame, seconds from the start. */
  private double framesEnd = Double.NaN;
  private int rotation;
  private VideoInfo info;

  private boolean eofSent;
  private boolean finished;
  private boolean closed;
  private long decodedFrames;
  /** True when non-reference frames between samples are left undecoded ({@link #skipPacket}). */
  private boolean skipping;
  /** Seconds of one frame at the declared rate: the margin kept before each sample time. */
  private double frameStep;
  private int consecutiveErrors;
  private long totalErrors;
  private String lastError;
  private int sampled;
  /** Key packets of the stream read so far (in keyframe-only reading, the only ones decoded). */
  private long keyPackets;

  public FfmpegFrameReader(VideoInput input, FrameRequest request, Options options, String stage) {
    Ffmpeg.init();
    this.video = input.description();
    this.stage = stage;
    this.request = request;
    this.options = options;
    this.clock = new ReaderSupport.SamplingClock(request);
    // a keyframe scan sees a frame every few seconds: no motion to speak of
    this.motion = request.motion() && !options.keyframesOnly() ? new ReaderSupport.MotionMeter() : null;
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

  private void open(VideoInput input) {
    file = ReaderSupport.localFile(input, stage);
    Path path = file.path();

    Ffmpeg.clearLastMessage();
    fmt = new AVFormatContext(null);
    AVDictionary opts = new AVDictionary(null);
    // A local file may be a playlist (HLS, concat) that names other files or URLs: only the protocols and the
    // container formats (demuxers) of the white lists are opened, by default plain local video files.
    av_dict_set(opts, "protocol_whitelist", options.protocols(), 0);
    av_dict_set(opts, "format_whitelist", options.containers(), 0);
    int ret = avformat_open_input(fmt, "file:" + path.toAbsolutePath(), null, opts);
    av_dict_free(opts);
    if (ret < 0) {
      fmt = null; // avformat_open_input frees the context on failure
      String last = Ffmpeg.lastMessage();
      if (last != null && last.contains("whitelist")) {
        throw failure("its container format is not among the allowed ones (" + options.containers() + "): "
            + "playlists and other formats that open further files are refused unless allowed on the builder");
      }
      throw failure("not a readable video container: " + Ffmpeg.describe(ret));
    }
    fmt.flags(fmt.flags() | AVFMT_FLAG_DISCARD_CORRUPT);
    ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
    if (ret < 0) {
      throw failure("cannot read stream information: " + Ffmpeg.describe(ret));
    }
    streamIndex = findVideoStream();
    if (streamIndex < 0) {
      throw new UnsupportedVideoException(video, stage,
          "no video stream (" + fmt.nb_streams() + " other stream(s); audio only?)");
    }
    AVStream stream = fmt.streams(streamIndex);
    AVCodecParameters par = stream.codecpar();
    String codecName = avcodec_get_name(par.codec_id()).getString();
    AVCodec decoder = avcodec_find_decoder(par.codec_id());
    if (decoder == null || decoder.isNull()) {
      throw new UnsupportedVideoException(video, stage, "no decoder for codec '" + codecName + "'");
    }
    checkSize(par.width(), par.height(), par.format(), true);

    ctx = avcodec_alloc_context3(decoder);
    ret = avcodec_parameters_to_context(ctx, par);
    if (ret < 0) {
      throw failure("cannot configure the " + codecName + " decoder: " + Ffmpeg.describe(ret));
    }
    ctx.thread_count(options.threads());
    ctx.pkt_timebase(stream.time_base());
    ret = avcodec_open2(ctx, decoder, (AVDictionary) null);
    if (ret < 0) {
      throw failure("cannot open the " + codecName + " decoder: " + Ffmpeg.describe(ret));
    }
    pkt = av_packet_alloc();
    frame = av_frame_alloc();

    AVRational tb = stream.time_base();
    timeBase = tb.den() == 0 ? 0 : (double) tb.num() / tb.den();
    if (!(timeBase > 0)) {
      throw failure("invalid stream time base " + tb.num() + "/" + tb.den());
    }
    if (stream.start_time() != AV_NOPTS_VALUE) {
      startPts = stream.start_time();
    }
    rotation = streamRotation(par);
    declaredFrames = Math.max(0, stream.nb_frames());
    double duration = Double.NaN;
    if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
      duration = stream.duration() * timeBase;
    } else if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
      duration = (double) fmt.duration() / AV_TIME_BASE;
    }
    double fps = rate(stream.avg_frame_rate());
    if (Double.isNaN(fps)) {
      fps = rate(stream.r_frame_rate());
    }
    boolean swap = rotation == 90 || rotation == 270;
    info = new VideoInfo(duration, fps, swap ? par.height() : par.width(), swap ? par.width() : par.height(),
        rotation, codecName, fmt.iformat().name().getString());
    // sampling 1 frame in 4 or fewer: the frames no sample can take need not be decoded where nothing refers to them
    skipping = options.skipNonReference() && fps > 0 && fps < 1000 && fps / request.sampleRate() >= 4;
    frameStep = skipping ? 1 / fps : 0;
  }

  /**
   * Whether the decoder may drop the next packet's frame if no other frame refers to it ({@code
   * AVDISCARD_NONREF}): only when its time lies more than a frame before the next sample time, so no sample can
   * take it. Frames come out in display order after the packets that make them, and a frame earlier than the next
   * sample time is never sampled (the sampling clock only moves on), so the frames sampled, and the fingerprints,
   * are those of decoding every frame; a packet without a timestamp is always decoded.
   */
  private boolean skipPacket(long pts) {
    if (!skipping || pts == AV_NOPTS_VALUE || startPts == AV_NOPTS_VALUE) {
      return false;
    }
    double t = (pts - startPts) * timeBase;
    return t < clock.nextSampleTime() - frameStep && (motion == null || !motion.needs(t, frameStep));
  }

  private int findVideoStream() {
    int best = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    if (best >= 0 && (fmt.streams(best).disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
      return best;
    }
    for (int i = 0; i < fmt.nb_streams(); i++) {
      AVStream s = fmt.streams(i);
      if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && (s.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
        return i;
      }
    }
    return -1; // no stream, or only cover art
  }

  private static double rate(AVRational r) {
    return r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : Double.NaN;
  }

  /** FFmpeg gives the counter-clockwise angle that undoes the display matrix: display turns the other way. */
  private static int normaliseRotation(double counterClockwise) {
    return ReaderSupport.quarterTurns(-counterClockwise);
  }

  private static int streamRotation(AVCodecParameters par) {
    AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
        AV_PKT_DATA_DISPLAYMATRIX);
    if (sd == null || sd.isNull() || sd.size() < 36) {
      return 0;
    }
    return normaliseRotation(av_display_rotation_get(new IntPointer(sd.data())));
  }

  private void checkSize(int width, int height, int pixelFormat, boolean beforeDecoding) {
    ReaderSupport.Limits limits = options.limits();
    long pictureBytes = 0;
    if (pixelFormat >= 0 && width > 0 && height > 0 && width <= limits.maxSide() && height <= limits.maxSide()) {
      pictureBytes = Math.max(0, av_image_get_buffer_size(pixelFormat, width, height, 1));
    }
    ReaderSupport.checkSize(width, height, beforeDecoding, limits, pictureBytes, options.threads(), video, stage);
  }

  @Override
  public java.util.List<org.videosim.DecodeWarning> warnings() {
    return finished ? audit.warnings(info, declaredFrames) : java.util.List.of();
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  @Override
  public double endTime() {
    if (!finished) {
      return Double.NaN;
    }
    double fromPackets = Double.isNaN(packetsEnd) || startPts == AV_NOPTS_VALUE ? Double.NaN
        : packetsEnd - startPts * timeBase;
    return Double.isNaN(fromPackets) ? framesEnd : Double.isNaN(framesEnd) ? fromPackets
        : Math.max(fromPackets, framesEnd);
  }

  @Override
  public Frame next() {
    if (closed) {
      throw new IllegalStateException("reader of '" + video + "' is closed");
    }
    while (!finished) {
      int ret = avcodec_receive_frame(ctx, frame);
      if (ret >= 0) {
        Frame f = onDecodedFrame();
        av_frame_unref(frame);
        if (f != null) {
          return f;
        }
        continue;
      }
      if (ret == AVERROR_EOF) {
        finished = true;
        break;
      }
      if (ret != AVERROR_EAGAIN()) {
        onDecodeError(ret);
        continue;
      }
      feedPacket();
    }
    if (decodedFrames == 0 && options.keyframesOnly() && keyPackets == 0) {
      throw failure("no packet of its video stream is marked as a keyframe, so keyframe-only reading finds "
          + "nothing to decode: read it with every frame");
    }
    if (decodedFrames == 0) {
      String why = totalErrors > 0 ? "no decodable video frames (" + totalErrors + " decoding errors, last: "
          + lastError + ")" : "no video frames";
      throw failure(why);
    }
    return null;
  }

  /** Sends the next packet of our stream to the decoder, or the end-of-stream signal. */
  private void feedPacket() {
    if (eofSent) {
      // The decoder asked for more input after the drain signal: nothing more will come.
      finished = true;
      return;
    }
    while (true) {
      Ffmpeg.clearLastMessage();
      int ret = av_read_frame(fmt, pkt);
      if (ret < 0) {
        if (ret != AVERROR_EOF) {
          // A read error mid-file (truncation, I/O): decode what we have, but say so.
          LOG.warn("'{}': reading stopped early after {} frames: {}", video, decodedFrames, Ffmpeg.describe(ret));
          lastError = Ffmpeg.describe(ret);
          audit.readError(lastError);
        }
        avcodec_send_packet(ctx, null);
        eofSent = true;
        return;
      }
      try {
        if (pkt.stream_index() != streamIndex) {
          continue;
        }
        if (pkt.pts() != AV_NOPTS_VALUE) {
          // every packet, decoded or skipped: the video's end is the same whichever frames the decoder drops (a
          // packet without a duration lasts a frame period)
          double end = pkt.pts() * timeBase + (pkt.duration() > 0 ? pkt.duration() * timeBase
              : ReaderSupport.framePeriod(info));
          packetsEnd = Double.isNaN(packetsEnd) ? end : Math.max(packetsEnd, end);
        }
        if ((pkt.flags() & AV_PKT_FLAG_KEY) != 0) {
          keyPackets++;
        } else if (options.keyframesOnly()) {
          // keyframe-only reading: a frame that needs others is not decoded
          audit.dropped(pkt.pts() == AV_NOPTS_VALUE ? Double.NaN : (pkt.pts() - startOr(pkt.pts())) * timeBase);
          continue;
        }
        if (skipping) {
          boolean skip = skipPacket(pkt.pts());
          ctx.skip_frame(skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
          audit.packet(skip);
        }
        ret = avcodec_send_packet(ctx, pkt);
        if (ret < 0 && ret != AVERROR_EAGAIN()) {
          onDecodeError(ret);
        }
        return;
      } finally {
        av_packet_unref(pkt);
      }
    }
  }

  /** The stream's first timestamp, else {@code pts}. */
  private long startOr(long pts) {
    return startPts == AV_NOPTS_VALUE ? pts : startPts;
  }

  private void onDecodeError(int ret) {
    totalErrors++;
    consecutiveErrors++;
    lastError = Ffmpeg.describe(ret);
    audit.decodeError(lastError);
    LOG.debug("'{}': decoding error after frame {}: {}", video, decodedFrames, lastError);
    if (consecutiveErrors > options.maxConsecutiveErrors()) {
      throw new VideoDecodeException(video, decodedFrames, clock.lastTimeOrNaN(), stage,
          consecutiveErrors + " consecutive decoding errors, last: " + lastError, null);
    }
  }

  /** Called with a decoded frame in {@link #frame}; returns the sampled frame or null if skipped. */
  private Frame onDecodedFrame() {
    long index = decodedFrames++;
    consecutiveErrors = 0;
    long pts = frame.best_effort_timestamp();
    if (pts == AV_NOPTS_VALUE) {
      pts = frame.pts();
    }
    // how long this frame lasts: its own duration, else the declared rate's period
    double lasts = frame.duration() > 0 ? frame.duration() * timeBase : ReaderSupport.framePeriod(info);
    double t;
    if (pts == AV_NOPTS_VALUE) {
      // No timestamp: step on from the previous frame by the frame's duration or the declared rate.
      t = index == 0 ? 0 : clock.lastTime() + (lasts > 0 ? lasts : 0.04);
    } else {
      if (startPts == AV_NOPTS_VALUE) {
        startPts = pts;
      }
      t = Math.max(0, (pts - startPts) * timeBase);
    }
    audit.frame(t);
    t = clock.advance(t);
    framesEnd = t + lasts;
    if (motion != null && motion.wants(t)) {
      checkSize(frame.width(), frame.height(), frame.format(), false);
      motion.accept(t, grey(index, t));
    }
    if (!clock.sample(t)) {
      return null;
    }
    checkSize(frame.width(), frame.height(), frame.format(), false);
    byte[] rgb = convert(index, t);
    return new Frame(sampled++, t, outW(), outH(), rgb);
  }

  private int frameRotation() {
    AVFrameSideData sd = av_frame_get_side_data(frame, AV_FRAME_DATA_DISPLAYMATRIX);
    if (sd == null || sd.isNull() || sd.size() < 36) {
      return rotation;
    }
    return normaliseRotation(av_display_rotation_get(new IntPointer(sd.data())));
  }

  private int convW;
  private int convH;
  private int convRotation;

  private int outW() {
    return convRotation == 90 || convRotation == 270 ? convH : convW;
  }

  private int outH() {
    return convRotation == 90 || convRotation == 270 ? convW : convH;
  }

  private byte[] convert(long index, double t) {
    int w = frame.width();
    int h = frame.height();
    convRotation = frameRotation();
    boolean swap = convRotation == 90 || convRotation == 270;
    int[] display = request.outputSize(swap ? h : w, swap ? w : h);
    convW = swap ? display[1] : display[0];
    convH = swap ? display[0] : display[1];
    int flags = (convW < w || convH < h) ? SWS_AREA : SWS_BILINEAR;
    sws = sws_getCachedContext(sws, w, h, frame.format(), convW, convH, AV_PIX_FMT_RGB24, flags, null, null,
        (DoublePointer) null);
    if (sws == null || sws.isNull()) {
      throw new VideoDecodeException(video, index, t, stage,
          "cannot convert pixel format " + frame.format() + " to RGB", null);
    }
    int stride = (convW * 3 + 63) & ~63;
    long needed = (long) stride * convH + 64;
    if (rgbBuffer == null || rgbBufferSize < needed) {
      if (rgbBuffer != null) {
        av_free(rgbBuffer);
      }
      rgbBuffer = new BytePointer(av_malloc(needed)).capacity(needed);
      rgbBufferSize = needed;
    }
    dstData.put(0, rgbBuffer);
    dstLinesize.put(0, stride);
    int ret = sws_scale(sws, frame.data(), frame.linesize(), 0, h, dstData, dstLinesize);
    if (ret <= 0) {
      throw new VideoDecodeException(video, index, t, stage, "pixel conversion failed: " + ret, null);
    }
    byte[] rgb = new byte[convW * convH * 3];
    for (int y = 0; y < convH; y++) {
      rgbBuffer.position((long) y * stride).get(rgb, y * convW * 3, convW * 3);
    }
    rgbBuffer.position(0);
    return convRotation == 0 ? rgb : ReaderSupport.rotate(rgb, convW, convH, convRotation);
  }

  /** The decoded frame as a grey picture of {@link ReaderSupport.MotionMeter#SIDE} pixels squared (squeezed). */
  private byte[] grey(long index, double t) {
    int side = ReaderSupport.MotionMeter.SIDE;
    greySws = sws_getCachedContext(greySws, frame.width(), frame.height(), frame.format(), side, side,
        AV_PIX_FMT_GRAY8, SWS_AREA, null, null, (DoublePointer) null);
    if (greySws == null || greySws.isNull()) {
      throw new VideoDecodeException(video, index, t, stage,
          "cannot convert pixel format " + frame.format() + " to grey", null);
    }
    if (greyBuffer == null) {
      greyBuffer = new BytePointer(av_malloc(side * side + 64)).capacity(side * side + 64);
    }
    dstData.put(0, greyBuffer);
    dstLinesize.put(0, side);
    int ret = sws_scale(greySws, frame.data(), frame.linesize(), 0, frame.height(), dstData, dstLinesize);
    if (ret <= 0) {
      throw new VideoDecodeException(video, index, t, stage, "pixel conversion failed: " + ret, null);
    }
    byte[] grey = new byte[side * side];
    greyBuffer.position(0).get(grey);
    return grey;
  }

  @Override
  public float[] motion() {
    return motion == null || !finished ? null : motion.series();
  }

  /** Number of frames decoded so far (kept or not). */
  public long decodedFrames() {
    return decodedFrames;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (frame != null) {
      av_frame_free(frame);
    }
    if (pkt != null) {
      av_packet_free(pkt);
    }
    if (ctx != null) {
      avcodec_free_context(ctx);
    }
    if (fmt != null) {
      avformat_close_input(fmt);
    }
    if (sws != null) {
      sws_freeContext(sws);
    }
    if (rgbBuffer != null) {
      av_free(rgbBuffer);
    }
    if (greySws != null) {
      sws_freeContext(greySws);
    }
    if (greyBuffer != null) {
      av_free(greyBuffer);
    }
    dstData.close();
    dstLinesize.close();
    if (file != null) {
      file.close();
    }
  }
}

package org.videosim.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_new;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.videosim.Frame;
import org.videosim.VideoSimilarityException;
import org.videosim.ffmpeg.internal.Ffmpeg;

/**
 * Encodes RGB frames into a video file with the bundled FFmpeg: the library's own way to make test videos and
 * edited copies, without a system FFmpeg.
 *
 * <p>The container follows the file extension; the codec is the {@link Codec} given, or by default H.264 (OpenH264)
 * for mp4/mov/mkv, VP9 for webm, MPEG-4 part 2 for avi, MPEG-2 for mpg. Frames must all have the size given at
 * creation. Not thread-safe; close it to finish the file.
 */
public final class FfmpegVideoWriter implements AutoCloseable {

  /** Video codecs the bundled FFmpeg can encode. */
  public enum Codec {
    /** H.264 with Cisco's OpenH264. */
    H264("libopenh264"),
    /** VP8 with libvpx. */
    VP8("libvpx"),
    /** VP9 with libvpx. */
    VP9("libvpx-vp9"),
    /** AV1 with libaom. */
    AV1("libaom-av1"),
    /** MPEG-4 part 2, FFmpeg's own encoder. */
    MPEG4("mpeg4"),
    /** MPEG-2, FFmpeg's own encoder. */
    MPEG2("mpeg2video"),
    /** Motion JPEG, FFmpeg's own encoder. */
    MJPEG("mjpeg");

    private final String encoder;

    Codec(String encoder) {
      this.encoder = encoder;
    }

    /** FFmpeg's name of the encoder. */
    public String encoderName() {
      return encoder;
    }

    /** The default codec for a file name's extension. */
    public static Codec forFileName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".webm")) {
        return VP9;
      }
      if (n.endsWith(".avi")) {
        return MPEG4;
      }
      if (n.endsWith(".mpg") || n.endsWith(".mpeg") || n.endsWith(".ts")) {
        return MPEG2;
      }
      return H264;
    }
  }

  private final Path path;
  private final int width;
  private final int height;
  private final AVRational timeBase;
  private AVFormatContext fmt;
  private AVCodecContext enc;
  private AVStream stream;
  private AVFrame yuv;
  private AVPacket pkt;
  private SwsContext sws;
  private BytePointer rgbBuffer;
  private final PointerPointer<BytePointer> srcData = new PointerPointer<>(4);
  private final IntPointer srcLinesize = new IntPointer(4);
  private long nextPts;
  private boolean headerWritten;
  private boolean closed;

  private FfmpegVideoWriter(Path path, int width, int height, double fps, Codec codec, int bitRate,
      int rotation, int bFrames) {
    Ffmpeg.init();
    this.path = path;
    this.width = width;
    this.height = height;
    int den = (int) Math.round(fps * 1000);
    this.timeBase = new AVRational().num(1000).den(den);
    try {
      open(codec, bitRate, rotation, bFrames);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Creates a writer with the default codec for the file's extension.
   *
   * @param fps frames per second, in (0, 240]
   */
  public static FfmpegVideoWriter create(Path path, int width, int height, double fps) {
    return create(path, width, height, fps, Codec.forFileName(path.getFileName().toString()), 0, 0);
  }

  /**
   * Creates a writer.
   *
   * @param codec the codec; must suit the container
   * @param bitRate target bits per second, or 0 for the encoder's default quality
   * @param rotation clockwise display rotation to record in the container (0, 90, 180, 270; mp4/mov only)
   */
  public static FfmpegVideoWriter create(Path path, int width, int height, double fps, Codec codec, int bitRate,
      int rotation) {
    return create(path, width, height, fps, codec, bitRate, rotation, 0);
  }

  /**
   * Creates a writer whose encoder puts up to {@code bFrames} bidirectional frames between its reference frames, as
   * most distributed video has them (frames that no other frame refers to).
   *
   * @param codec the codec; must suit the container
   * @param bitRate target bits per second, or 0 for the encoder's default quality
   * @param rotation clockwise display rotation to record in the container (0, 90, 180, 270; mp4/mov only)
   * @param bFrames 0 to 4; more than 0 only with {@link Codec#MPEG4} and {@link Codec#MPEG2}
   */
  public static FfmpegVideoWriter create(Path path, int width, int height, double fps, Codec codec, int bitRate,
      int rotation, int bFrames) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(codec, "codec");
    if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("width and height must be even and at least 2: " + width + "x" + height);
    }
    if (!(fps > 0 && fps <= 240)) {
      throw new IllegalArgumentException("fps must be within (0, 240]: " + fps);
    }
    if (bitRate < 0) {
      throw new IllegalArgumentException("bitRate must not be negative: " + bitRate);
    }
    if (rotation % 90 != 0) {
      throw new IllegalArgumentException("rotation must be a multiple of 90: " + rotation);
    }
    if (bFrames < 0 || bFrames > 4 || (bFrames > 0 && codec != Codec.MPEG4 && codec != Codec.MPEG2)) {
      throw new IllegalArgumentException("bFrames must be within [0, 4], and 0 unless the codec is MPEG4 or MPEG2: "
          + bFrames + " with " + codec);
    }
    return new FfmpegVideoWriter(path, width, height, fps, codec, bitRate, rotation, bFrames);
  }

  private VideoSimilarityException failure(String what, int ret) {
    return new VideoSimilarityException("cannot write '" + path + "': " + what
        + (ret < 0 ? ": " + Ffmpeg.describe(ret) : ""));
  }

  private void open(Codec codec, int bitRate, int rotation, int bFrames) {
    String file = path.toAbsolutePath().toString();
    fmt = new AVFormatContext(null);
    int ret = avformat_alloc_output_context2(fmt, null, null, file);
    if (ret < 0 || fmt.isNull()) {
      fmt = null;
      throw failure("unknown container for this file name", ret);
    }
    AVCodec c = avcodec_find_encoder_by_name(codec.encoderName());
    if (c == null || c.isNull()) {
      throw failure("encoder " + codec.encoderName() + " is not available", 0);
    }
    stream = avformat_new_stream(fmt, null);
    enc = avcodec_alloc_context3(c);
    enc.width(width);
    enc.height(height);
    enc.time_base(timeBase);
    enc.framerate(new AVRational().num(timeBase.den()).den(timeBase.num()));
    enc.pix_fmt(codec == Codec.MJPEG ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P);
    enc.gop_size(12);
    enc.max_b_frames(bFrames);
    enc.thread_count(1);
    if (bitRate > 0) {
      enc.bit_rate(bitRate);
    } else if (codec == Codec.MPEG4 || codec == Codec.MPEG2 || codec == Codec.MJPEG) {
      enc.flags(enc.flags() | 2); // AV_CODEC_FLAG_QSCALE
      enc.global_quality(3 * 118); // FF_QP2LAMBDA * q
    }
    if ((fmt.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
      enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    AVDictionary opts = new AVDictionary(null);
    if (codec == Codec.AV1) {
      av_dict_set(opts, "cpu-used", "8", 0);
      av_dict_set(opts, "usage", "realtime", 0);
      if (bitRate == 0) {
        av_dict_set(opts, "crf", "35", 0);
      }
    }
    if (codec == Codec.VP9 || codec == Codec.VP8) {
      av_dict_set(opts, "deadline", "realtime", 0);
      av_dict_set(opts, "cpu-used", "8", 0);
      if (bitRate == 0) {
        av_dict_set(opts, "crf", "32", 0);
        av_dict_set(opts, "b", "0", 0);
      }
    }
    ret = avcodec_open2(enc, c, opts);
    av_dict_free(opts);
    if (ret < 0) {
      throw failure("cannot open encoder " + codec.encoderName(), ret);
    }
    ret = avcodec_parameters_from_context(stream.codecpar(), enc);
    if (ret < 0) {
      throw failure("cannot set stream parameters", ret);
    }
    stream.time_base(enc.time_base());
    if (rotation != 0) {
      setRotation(rotation);
    }
    if ((fmt.oformat().flags() & AVFMT_NOFILE) == 0) {
      AVIOContext pb = new AVIOContext(null);
      ret = avio_open(pb, file, AVIO_FLAG_WRITE);
      if (ret < 0) {
        throw failure("cannot open the file for writing", ret);
      }
      fmt.pb(pb);
    }
    ret = avformat_write_header(fmt, (AVDictionary) null);
    if (ret < 0) {
      throw failure("cannot write the container header", ret);
    }
    headerWritten = true;
    yuv = av_frame_alloc();
    yuv.format(enc.pix_fmt());
    yuv.width(width);
    yuv.height(height);
    ret = av_frame_get_buffer(yuv, 0);
    if (ret < 0) {
      throw failure("cannot allocate a frame", ret);
    }
    pkt = av_packet_alloc();
    sws = sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, enc.pix_fmt(), SWS_BILINEAR, null, null,
        (DoublePointer) null);
    rgbBuffer = new BytePointer((long) width * height * 3);
  }

  private void setRotation(int clockwise) {
    AVCodecParameters par = stream.codecpar();
    try (PointerPointer<AVPacketSideData> list = new PointerPointer<>(1);
        IntPointer count = new IntPointer(1)) {
      list.put(0, par.coded_side_data());
      count.put(0, par.nb_coded_side_data());
      AVPacketSideData sd = av_packet_side_data_new(list, count, AV_PKT_DATA_DISPLAYMATRIX, 9 * 4, 0);
      if (sd == null || sd.isNull()) {
        throw failure("cannot record the rotation", 0);
      }
      par.coded_side_data(new AVPacketSideData(list.get(0)));
      par.nb_coded_side_data(count.get(0));
      // FFmpeg's set/get pair: av_display_rotation_get returns minus the angle given here, and players turn the
      // picture clockwise by minus what get returns, so a clockwise display rotation is set as is.
      av_display_rotation_set(new IntPointer(sd.data()), clockwise);
    }
  }

  /** Appends one frame; its pixels must be {@code width x height}. Its timestamp is ignored (constant rate). */
  public void write(Frame frame) {
    Objects.requireNonNull(frame, "frame");
    write(frame.rgb(), frame.width(), frame.height());
  }

  /** Appends one frame given as packed RGB, {@code width * height * 3} bytes, at the next tick of the frame rate. */
  public void write(byte[] rgb, int w, int h) {
    writeAt(rgb, w, h, nextPts);
  }

  /**
   * Appends one frame at its own presentation time, rounded to a tick of the frame rate (1 / fps s): for
   * variable-frame-rate files (create the writer with a high fps for fine ticks). Times must increase.
   */
  public void writeAt(Frame frame, double seconds) {
    Objects.requireNonNull(frame, "frame");
    long pts = Math.round(seconds * timeBase.den() / timeBase.num());
    if (pts < nextPts) {
      throw new IllegalArgumentException("timestamps must increase: " + seconds);
    }
    writeAt(frame.rgb(), frame.width(), frame.height(), pts);
  }

  private void writeAt(byte[] rgb, int w, int h, long pts) {
    if (closed) {
      throw new IllegalStateException("writer of '" + path + "' is closed");
    }
    if (w != width || h != height || rgb.length != width * height * 3) {
      throw new IllegalArgumentException("frame must be " + width + "x" + height + " RGB: got " + w + "x" + h
          + " with " + rgb.length + " bytes");
    }
    int ret = av_frame_make_writable(yuv);
    if (ret < 0) {
      throw failure("frame not writable", ret);
    }
    rgbBuffer.position(0).put(rgb, 0, rgb.length).position(0);
    srcData.put(0, rgbBuffer);
    srcLinesize.put(0, width * 3);
    sws_scale(sws, srcData, srcLinesize, 0, height, yuv.data(), yuv.linesize());
    yuv.pts(pts);
    nextPts = pts + 1;
    encode(yuv);
  }

  private void encode(AVFrame f) {
    int ret = avcodec_send_frame(enc, f);
    if (ret < 0) {
      throw failure("encoding failed", ret);
    }
    while (true) {
      ret = avcodec_receive_packet(enc, pkt);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      if (ret < 0) {
        throw failure("encoding failed", ret);
      }
      if (pkt.duration() <= 0) {
        // Some encoders (OpenH264) leave it unset; mp4's edit list would then cut the last frame.
        pkt.duration(1);
      }
      av_packet_rescale_ts(pkt, enc.time_base(), stream.time_base());
      pkt.stream_index(stream.index());
      ret = av_interleaved_write_frame(fmt, pkt);
      av_packet_unref(pkt);
      if (ret < 0) {
        throw failure("writing a packet failed", ret);
      }
    }
  }

  /** Flushes the encoder and finishes the file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (headerWritten) {
        encode(null);
        int ret = av_write_trailer(fmt);
        if (ret < 0) {
          throw failure("cannot write the container trailer", ret);
        }
      }
    } finally {
      if (yuv != null) {
        av_frame_free(yuv);
      }
      if (pkt != null) {
        av_packet_free(pkt);
      }
      if (enc != null) {
        avcodec_free_context(enc);
      }
      if (fmt != null) {
        if ((fmt.oformat().flags() & AVFMT_NOFILE) == 0 && fmt.pb() != null && !fmt.pb().isNull()) {
          avio_closep(fmt.pb());
        }
        avformat_free_context(fmt);
      }
      if (sws != null) {
        sws_freeContext(sws);
      }
      if (rgbBuffer != null) {
        rgbBuffer.close();
      }
      srcData.close();
      srcLinesize.close();
    }
  }
}

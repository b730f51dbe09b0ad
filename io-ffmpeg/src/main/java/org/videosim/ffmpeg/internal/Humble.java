package org.videosim.ffmpeg.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide Humble Video set-up: loads its native library once, on first use, and remembers a failure so that
 * every later video reports it instead of retrying.
 *
 * <p>Loading costs most of a second: Humble unpacks its ~105 MB {@code libhumblevideo.so} from the jar into
 * {@code java.io.tmpdir} in every JVM (deleting it again once loaded). The time is logged once at INFO.
 *
 * <p>Other code in the same JVM that opens Humble decoders while a video opens here can still trip FFmpeg's check,
 * as it does not take {@link #CODEC_LOCK}.
 *
 * <p>Humble logs through SLF4J itself: FFmpeg's messages under the logger {@code org.ffmpeg}, Humble's own (which
 * include an ERROR for every exception it raises, e.g. for each damaged input) under {@code io.humble}. Nothing
 * is written to stdout or stderr directly.
 */
public final class Humble {
  /**
   * Held while opening or closing demuxers and decoders. Humble registers no FFmpeg lock manager, and FFmpeg 2.8
   * aborts the whole process ("Assertion ff_avcodec_locked failed") when two threads open codecs at once, which
   * {@code Demuxer.queryStreamMetaData} and {@code Decoder.open} do. Decoding itself runs in parallel.
   */
  public static final Object CODEC_LOCK = new Object();

  private static final Logger LOG = LoggerFactory.getLogger(Humble.class);
  private static final Throwable LOAD_FAILURE = load();

  private Humble() {}

  private static Throwable load() {
    long start = System.nanoTime();
    try {
      io.humble.video.Global.init();
      long ms = (System.nanoTime() - start) / 1_000_000;
      LOG.info("Humble Video {} (FFmpeg 2.8: libavformat {}, libavcodec {}) loaded in {} ms; it unpacks its ~105 MB"
              + " native library into {} in every JVM", io.humble.video.Global.getVersionStr(),
          io.humble.video.Global.getAVFormatVersionStr(), io.humble.video.Global.getAVCodecVersionStr(), ms,
          System.getProperty("java.io.tmpdir"));
      return null;
    } catch (LinkageError | RuntimeException e) {
      LOG.error("cannot load Humble Video's native library (it is unpacked into java.io.tmpdir={}, which must be"
          + " writable and allow executables)", System.getProperty("java.io.tmpdir"), e);
      return e;
    }
  }

  /**
   * Makes sure the natives are loaded; cheap after the first call.
   *
   * @return null if Humble is usable, else why not
   */
  public static Throwable loadFailure() {
    return LOAD_FAILURE;
  }

  /** Whether Humble Video's Java classes are on the class path (does not load the natives). */
  public static boolean onClassPath() {
    try {
      Class.forName("io.humble.video.Demuxer", false, Humble.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

package org.videosim.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide FFmpeg set-up: loads the natives once and routes FFmpeg's own log (which would otherwise go to
 * stderr) to SLF4J, remembering the last error message of each thread so exceptions can quote it.
 */
public final class Ffmpeg {
  private static final Logger LOG = LoggerFactory.getLogger("org.videosim.ffmpeg.native");
  private static final ThreadLocal<String> LAST_MESSAGE = new ThreadLocal<>();
  private static final LogCallback CALLBACK; // strongly held: native code calls it

  static {
    CALLBACK = new LogCallback() {
      @Override
      public void call(int level, BytePointer msg) {
        String s = msg.getString(StandardCharsets.UTF_8).strip();
        if (!s.isEmpty()) {
          LAST_MESSAGE.set(s);
          LOG.debug("[level {}] {}", level, s);
        }
      }
    };
    av_log_set_level(AV_LOG_ERROR);
    avutil.setLogCallback(CALLBACK);
  }

  private Ffmpeg() {}

  /** Makes sure FFmpeg is loaded and its log routed; cheap after the first call. */
  public static void init() {
    // the static initialiser does the work
  }

  /** Clears the calling thread's last FFmpeg log message. */
  public static void clearLastMessage() {
    LAST_MESSAGE.remove();
  }

  /** FFmpeg's text for an error code, with the thread's last log message when there is one. */
  public static String describe(int errorCode) {
    byte[] buf = new byte[256];
    av_strerror(errorCode, buf, buf.length);
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    String text = new String(buf, 0, n, StandardCharsets.UTF_8);
    String last = LAST_MESSAGE.get();
    return last == null || last.equals(text) ? text : text + " (" + last + ")";
  }

  /** The calling thread's last FFmpeg log message, or null. */
  public static String lastMessage() {
    return LAST_MESSAGE.get();
  }
}

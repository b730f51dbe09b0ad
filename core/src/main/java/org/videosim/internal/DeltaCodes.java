package org.videosim.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;

/**
 * Codes of one length, stored without loss in fewer bits than they hold where consecutive ones are alike, as the
 * clips of one shot are: each code after the first of its view is either the bits that flip from the code before it
 * on the same view (their count, then the gaps between them, Rice-coded with one parameter for all) or, where that
 * would take more, the code as it is, whichever is shorter (one bit says which). The first code of each view is
 * stored as it is. The form: one byte, the Rice parameter; then the bits, most significant bit of each byte first,
 * zero-padded to a whole byte.
 */
public final class DeltaCodes {
  /** The largest Rice parameter: gaps of up to 2^15 bits in one unary step, beyond any code length here. */
  private static final int MAX_K = 15;

  private DeltaCodes() {}

  /**
   * The codes in this form.
   *
   * @param codes the codes, all of {@code bits} bits
   * @param views the view of each code (codes are differenced against the previous code of the same view)
   * @param bits the code length
   * @return the bytes, at least one
   */
  public static byte[] encode(List<BitCode> codes, int[] views, int bits) {
    int n = codes.size();
    int[][] flips = new int[n][];
    boolean[] hasRef = new boolean[n];
    Map<Integer, long[]> last = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long[] w = codes.get(i).toLongArray();
      long[] ref = last.put(views[i], w);
      if (ref != null) {
        hasRef[i] = true;
        flips[i] = flipped(ref, w);
      }
    }
    int k = bestParameter(flips, hasRef, bits);
    BitWriter out = new BitWriter();
    out.write(k, 8);
    for (int i = 0; i < n; i++) {
      if (hasRef[i]) {
        boolean delta = deltaBits(flips[i], k) < bits;
        out.bit(delta);
        if (delta) {
          out.gamma(flips[i].length + 1);
          int pos = -1;
          for (int p : flips[i]) {
            out.rice(p - pos - 1, k);
            pos = p;
          }
          continue;
        }
      }
      BitCode c = codes.get(i);
      for (int b = 0; b < bits; b++) {
        out.bit(c.get(b));
      }
    }
    return out.bytes();
  }

  /**
   * Reads the form that {@link #encode} writes.
   *
   * @param data the bytes, exactly those {@link #encode} returned
   * @param views the view of each code, as given to {@link #encode}
   * @param bits the code length
   * @return the codes
   * @throws CorruptDataException if the bytes are not such a form for these views and this length
   */
  public static List<BitCode> decode(byte[] data, int[] views, int bits) {
    BitReader in = new BitReader(data);
    int k = (int) in.read(8);
    if (k > MAX_K) {
      throw corrupt("Rice parameter " + k);
    }
    int words = BitCode.wordsFor(bits);
    List<BitCode> codes = new ArrayList<>(views.length);
    Map<Integer, long[]> last = new HashMap<>();
    for (int view : views) {
      long[] ref = last.get(view);
      long[] w;
      if (ref != null && in.bit()) {
        w = ref.clone();
        int count = in.gamma() - 1;
        if (count > bits) {
          throw corrupt(count + " flipped bits in a code of " + bits);
        }
        int pos = -1;
        for (int t = 0; t < count; t++) {
          pos += in.rice(k, bits) + 1;
          if (pos >= bits) {
            throw corrupt("a flipped bit beyond the code's " + bits);
          }
          w[pos >>> 6] ^= 1L << pos;
        }
      } else {
        w = new long[words];
        for (int b = 0; b < bits; b++) {
          if (in.bit()) {
            w[b >>> 6] |= 1L << b;
          }
        }
      }
      last.put(view, w);
      codes.add(BitCode.of(bits, w));
    }
    in.checkOnlyPaddingLeft();
    return codes;
  }

  /** The positions, ascending, where {@code a} and {@code b} differ. */
  private static int[] flipped(long[] a, long[] b) {
    int count = 0;
    for (int i = 0; i < a.length; i++) {
      count += Long.bitCount(a[i] ^ b[i]);
    }
    int[] out = new int[count];
    int o = 0;
    for (int i = 0; i < a.length; i++) {
      for (long x = a[i] ^ b[i]; x != 0; x &= x - 1) {
        out[o++] = i * 64 + Long.numberOfTrailingZeros(x);
      }
    }
    return out;
  }

  /** The Rice parameter that makes the codes shortest. */
  private static int bestParameter(int[][] flips, boolean[] hasRef, int bits) {
    int best = 0;
    long bestBits = Long.MAX_VALUE;
    for (int k = 0; k <= MAX_K; k++) {
      long total = 0;
      for (int i = 0; i < flips.length; i++) {
        if (hasRef[i]) {
          total += Math.min(deltaBits(flips[i], k), bits);
        }
      }
      if (total < bestBits) {
        bestBits = total;
        best = k;
      }
    }
    return best;
  }

  /** The bits a code's flips take as a difference with parameter {@code k}. */
  private static long deltaBits(int[] flips, int k) {
    long total = gammaBits(flips.length + 1);
    int pos = -1;
    for (int p : flips) {
      total += ((p - pos - 1) >>> k) + 1 + k;
      pos = p;
    }
    return total;
  }

  private static int gammaBits(int v) {
    return 2 * (31 - Integer.numberOfLeadingZeros(v)) + 1;
  }

  private static CorruptDataException corrupt(String what) {
    return new CorruptDataException("corrupt fingerprint codes: " + what);
  }

  /** Bits into bytes, most significant first. */
  private static final class BitWriter {
    private byte[] buf = new byte[64];
    private long length;

    void bit(boolean one) {
      int at = (int) (length >>> 3);
      if (at == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      if (one) {
        buf[at] |= (byte) (0x80 >>> (length & 7));
      }
      length++;
    }

    void write(long value, int count) {
      for (int i = count - 1; i >= 0; i--) {
        bit((value >>> i & 1) != 0);
      }
    }

    /** Elias gamma: {@code v >= 1}. */
    void gamma(int v) {
      int n = 31 - Integer.numberOfLeadingZeros(v);
      for (int i = 0; i < n; i++) {
        bit(false);
      }
      write(v, n + 1);
    }

    /** Rice: the quotient in unary (zeros, then a one), the remainder in {@code k} bits. */
    void rice(int v, int k) {
      for (int q = v >>> k; q > 0; q--) {
        bit(false);
      }
      bit(true);
      write(v & ((1L << k) - 1), k);
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, (int) ((length + 7) >>> 3));
    }
  }

  /** Reads what {@link BitWriter} wrote; every read past the end is corrupt data. */
  private static final class BitReader {
    private final byte[] data;
    private final long limit;
    private long pos;

    BitReader(byte[] data) {
      this.data = data;
      this.limit = (long) data.length * 8;
    }

    boolean bit() {
      if (pos >= limit) {
        throw corrupt("they end early");
      }
      boolean one = (data[(int) (pos >>> 3)] & (0x80 >>> (pos & 7))) != 0;
      pos++;
      return one;
    }

    long read(int count) {
      long v = 0;
      for (int i = 0; i < count; i++) {
        v = v << 1 | (bit() ? 1 : 0);
      }
      return v;
    }

    int gamma() {
      int n = 0;
      while (!bit()) {
        if (++n > 30) {
          throw corrupt("a count of more than 30 bits");
        }
      }
      return (int) (1L << n | read(n));
    }

    /** A Rice-coded value of less than {@code bound}. */
    int rice(int k, int bound) {
      long q = 0;
      while (!bit()) {
        if (++q << k >= bound) {
          throw corrupt("a gap beyond the code's " + bound + " bits");
        }
      }
      return (int) (q << k | read(k));
    }

    void checkOnlyPaddingLeft() {
      if (limit - pos >= 8) {
        throw corrupt((limit - pos) / 8 + " unexpected trailing bytes");
      }
      while (pos < limit) {
        if (bit()) {
          throw corrupt("padding bits set");
        }
      }
    }
  }
}

package org.videosim.encoders.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Import correctness: the MobileNetV2 built from DJL blocks with the bundled (imported) weights reproduces what
 * TF.js computes with the original nsfwjs model, on the committed images and reference features made by
 * {@code encoders/tools/nsfwjs/reference.mjs}: per-channel means and sampled single values of 8 layers from the stem
 * to {@code out_relu}, on 96x96, 100x76 (odd map sizes) and 160x160 images.
 *
 * <p>Tolerance: {@code |ours - tfjs| <= 2e-4 + 1e-4 * |tfjs|} for every value; measured at most 4e-5 (float32 in both, different
 * summation orders, and batch normalisation folded into the convolutions here).
 */
class MobileNetV2ImportTest {
  static final double ABS = 2e-4;
  static final double REL = 1e-4;

  static NDManager manager;
  static WeightsFile weights;

  record Ref(String image, int width, int height, String layer, String kind, String values) {}

  @BeforeAll
  static void setUp() {
    manager = NDManager.newBaseManager();
    weights = WeightsFile.readResource(MobileNetV2Block.class, "/org/videosim/encoders/mobilenetv2-nsfwjs-v1.vsw");
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  static List<Ref> references() throws IOException {
    List<Ref> refs = new ArrayList<>();
    try (InputStream in = MobileNetV2ImportTest.class.getResourceAsStream("/org/videosim/encoders/reference/features.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        refs.add(new Ref(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f[4], f[5]));
      }
    }
    return refs;
  }

  static float[] image(String name, int w, int h) throws IOException {
    try (InputStream in = new GZIPInputStream(
        MobileNetV2ImportTest.class.getResourceAsStream("/org/videosim/encoders/reference/" + name))) {
      byte[] rgb = in.readAllBytes();
      assertThat(rgb).hasSize(w * h * 3);
      float[] chw = new float[3 * w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            chw[(c * h + y) * w + x] = (rgb[(y * w + x) * 3 + c] & 0xff) / 255f;
          }
        }
      }
      return chw;
    }
  }

  @Test
  void importedNetwork_matchesTfjsReference() throws IOException {
    Map<String, MobileNetV2Block> blocks = new LinkedHashMap<>();
    double worst = 0;
    String worstAt = "";
    int checked = 0;
    for (Ref ref : references()) {
      MobileNetV2Block block = blocks.computeIfAbsent(ref.layer, l -> {
        MobileNetV2Block b = new MobileNetV2Block(l);
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        b.loadKeras(weights, "test");
        return b;
      });
      try (NDManager sub = manager.newSubManager()) {
        NDArray input = sub.create(image(ref.image, ref.width, ref.height), new Shape(1, 3, ref.height, ref.width));
        NDArray map = block.forward(new ParameterStore(sub, false), new NDList(input), false).singletonOrThrow();
        int c = (int) map.getShape().get(1);
        int h = (int) map.getShape().get(2);
        int w = (int) map.getShape().get(3);
        if (ref.kind.equals("mean")) {
          float[] ours = map.mean(new int[] {3}).mean(new int[] {2}).toFloatArray();
          String[] exp = ref.values.split(" ");
          assertThat(ours).hasSize(exp.length);
          for (int i = 0; i < exp.length; i++) {
            double e = Double.parseDouble(exp[i]);
            double d = Math.abs(ours[i] - e);
            assertThat(d).as("%s %s mean channel %d", ref.image, ref.layer, i).isLessThanOrEqualTo(ABS + REL * Math.abs(e));
            if (d > worst) {
              worst = d;
              worstAt = ref.image + " " + ref.layer + " mean " + i;
            }
            checked++;
          }
        } else {
          float[] all = map.toFloatArray();
          for (String s : ref.values.split(" ")) {
            String[] kv = s.split("=");
            String[] yxc = kv[0].split(",");
            int y = Integer.parseInt(yxc[0]);
            int x = Integer.parseInt(yxc[1]);
            int ch = Integer.parseInt(yxc[2]);
            assertThat(y).isLessThan(h);
            assertThat(x).isLessThan(w);
            double e = Double.parseDouble(kv[1]);
            double d = Math.abs(all[(ch * h + y) * w + x] - e);
            assertThat(d).as("%s %s at %s", ref.image, ref.layer, kv[0]).isLessThanOrEqualTo(ABS + REL * Math.abs(e));
            if (d > worst) {
              worst = d;
              worstAt = ref.image + " " + ref.layer + " at " + kv[0];
            }
            checked++;
          }
          assertThat(c).isEqualTo(block.outChannels());
        }
      }
    }
    System.out.printf(Locale.ROOT, "checked %d values, max abs difference %.3g (%s)%n", checked, worst, worstAt);
    assertThat(checked).isGreaterThan(10_000);
  }
}

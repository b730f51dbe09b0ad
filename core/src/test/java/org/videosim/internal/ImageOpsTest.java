package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageOpsTest {
  @Test
  void resizeArea_keepsTheMeanAndReproducesExactDownscaling() {
    Random rnd = new Random(1);
    float[] img = new float[30 * 20];
    double sum = 0;
    for (int i = 0; i < img.length; i++) {
      img[i] = rnd.nextInt(256);
      sum += img[i];
    }
    float[] small = ImageOps.resizeArea(img, 30, 20, 7, 3);
    double mean = 0;
    for (float v : small) {
      mean += v;
    }
    assertThat(mean / small.length).isCloseTo(sum / img.length, offset(0.01));
    float[] half = ImageOps.resizeArea(img, 30, 20, 15, 10);
    assertThat((double) half[0]).isCloseTo((img[0] + img[1] + img[30] + img[31]) / 4.0, offset(1e-3));
  }

  @Test
  void dctMatrix_isOrthonormal() {
    double[][] m = ImageOps.dctMatrix(16);
    for (int a = 0; a < 16; a++) {
      for (int b = 0; b < 16; b++) {
        double dot = 0;
        for (int i = 0; i < 16; i++) {
          dot += m[a][i] * m[b][i];
        }
        assertThat(dot).isCloseTo(a == b ? 1 : 0, offset(1e-12));
      }
    }
  }
}

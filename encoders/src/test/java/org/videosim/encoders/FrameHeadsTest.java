package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.videosim.Embedding;

class FrameHeadsTest {
  @Test
  void jacobi_diagonalisesASymmetricMatrix() {
    int n = 12;
    Random rnd = new Random(4);   // seed reported for reproduction
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = rnd.nextGaussian();
      }
    }
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      copy[i] = a[i].clone();
    }
    double[][] v = new double[n][n];
    double[] values = FrameHeads.Jacobi.eigen(a, v);
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) {
          av += copy[i][j] * v[j][k];
        }
        assertThat(av).isCloseTo(values[k] * v[i][k], Offset.offset(1e-9));
      }
    }
  }

  @Test
  void fittedHeads_centreTheSampleFeatures() {
    Random rnd = new Random(9);
    List<Embedding> features = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      float[] v = new float[16];
      for (int j = 0; j < v.length; j++) {
        v[j] = 3 + (float) rnd.nextGaussian() * (j + 1) * 0.1f;   // all positive, like ReLU features
      }
      features.add(Embedding.of(v));
    }
    FrameHeads.Fitter fitter = FrameHeads.fitter(16).add(features);
    assertThat(fitter.count()).isEqualTo(200);
    assertThat(fitter.centredProjection(8, 1, "t").id()).startsWith("mobilenet-head@1:");
    assertThat(fitter.pcaWhitening(8, 0.1, "t").id()).startsWith("mobilenet-head@1:");
    assertThat(fitter.centredProjection(8, 1, "t").id()).isEqualTo(fitter.centredProjection(8, 1, "t").id());
    assertThat(fitter.centredProjection(8, 2, "t").id()).isNotEqualTo(fitter.centredProjection(8, 1, "t").id());
  }
}

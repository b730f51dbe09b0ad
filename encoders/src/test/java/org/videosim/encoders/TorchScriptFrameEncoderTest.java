package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.testkit.FrameEncoderContract;
import org.videosim.VideoSimilarityException;

/**
 * A tiny scripted CNN made by {@code encoders/tools/torchscript/make_fixture.py} (torch 1.13), with the embeddings
 * torch computed for three formula-defined frames.
 */
class TorchScriptFrameEncoderTest extends FrameEncoderContract {
  static final Path MODEL = copy("tiny-cnn.pt");
  static final TorchScriptFrameEncoder ENCODER = TorchScriptFrameEncoder.builder(MODEL).inputSize(64, 48)
      .normalisation(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}).build();

  @TempDir Path tmp;

  static Path copy(String name) {
    try (InputStream in = TorchScriptFrameEncoderTest.class.getResourceAsStream(
        "/org/videosim/encoders/torchscript/" + name)) {
      Path f = Files.createTempFile("videosim-", "-" + name);
      f.toFile().deleteOnExit();
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      return f;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected FrameEncoder encoder() {
    return ENCODER;
  }

  /** The fixture's pixel formula (make_fixture.py's {@code pixel}). */
  static int pixel(int n, int y, int x, int c) {
    return (n * 37 + y * 5 + x * 11 + c * 71 + (x * y) % 13) % 256;
  }

  @Test
  void encode_matchesTorchOnTheFixture() throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      byte[] rgb = new byte[64 * 48 * 3];
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 64; x++) {
          for (int c = 0; c < 3; c++) {
            rgb[(y * 64 + x) * 3 + c] = (byte) pixel(n, y, x, c);
          }
        }
      }
      frames.add(new Frame(n, n, 64, 48, rgb));
    }
    List<Embedding> got = ENCODER.encode(frames);
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/org/videosim/encoders/torchscript/expected.tsv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }
    assertThat(lines).hasSize(3);
    for (int n = 0; n < 3; n++) {
      double[] exp = Arrays.stream(lines.get(n).split("\t")).mapToDouble(Double::parseDouble).toArray();
      assertThat(got.get(n).dimension()).isEqualTo(exp.length);
      for (int i = 0; i < exp.length; i++) {
        assertThat((double) got.get(n).get(i)).isCloseTo(exp[i], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void identity_holdsTheModelHashAndPreprocessing() {
    assertThat(ENCODER.dimension()).isEqualTo(16);
    assertThat(ENCODER.preferredFrameSide()).isEqualTo(64);
    assertThat(ENCODER.parameters()).containsEntry("input", "64x48").containsKey("sha256");
    assertThat(ENCODER.parameters().get("sha256")).hasSize(64);
  }

  @Test
  void build_missingOrCorruptModel_throwsCorruptDataExceptionNamingTheFile() throws IOException {
    Path missing = tmp.resolve("missing.pt");
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(missing).build())
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(missing.toString());
    Path truncated = tmp.resolve("truncated.pt");
    byte[] b = Files.readAllBytes(MODEL);
    Files.write(truncated, Arrays.copyOf(b, b.length / 3));
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(truncated).build())
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(truncated.toString());
  }

  @Test
  void builder_badArguments_areRejectedAtTheSetter() {
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(MODEL).inputSize(8, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8x8");
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(MODEL).normalisation(new float[] {0, 0, 0},
        new float[] {1, 0, 1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(null)).isInstanceOf(NullPointerException.class);
    assertThat(VideoSimilarityException.class).isAssignableFrom(CorruptDataException.class);
  }
}

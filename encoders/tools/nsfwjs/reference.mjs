// Reference features of nsfwjs's MobileNetV2, computed by TF.js itself (pure-JS CPU backend), for the import test
// (MobileNetV2ImportTest). Generates a few small deterministic images, runs the original TF.js layers model on
// them (input RGB / 255, as nsfwjs does) and records, for several layers, the spatially averaged feature of every
// channel and 200 single feature-map values at positions drawn with a fixed seed.
//
//   cd encoders/tools/nsfwjs && npm ci && node reference.mjs
//
// writes ../../src/test/resources/org/videosim/encoders/reference/{image-*.rgb.gz, features.tsv}.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNsfwjsMobileNetV2 } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2]
    || path.join(here, '..', '..', 'src', 'test', 'resources', 'org', 'videosim', 'encoders', 'reference');

export const LAYERS = ['Conv1_relu', 'block_2_add', 'block_6_expand_relu', 'block_10_expand_relu', 'block_12_add',
  'block_13_expand_relu', 'block_16_project_BN', 'out_relu'];
// width, height; 100x76 gives odd map sizes at the stride-2 layers, where the model's fixed (0, 1) zero padding
// differs from TF's 'same' padding.
const IMAGES = [[96, 96], [100, 76], [160, 160]];
const SAMPLES = 100;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Coloured discs and stripes over a gradient, with pixel noise: edges, colour and texture at several scales. */
function image(seed, w, h) {
  const rnd = mulberry32(seed);
  const px = new Uint8Array(w * h * 3);
  const discs = Array.from({ length: 7 }, () => [rnd() * w, rnd() * h, (0.08 + 0.25 * rnd()) * Math.min(w, h),
    [rnd() * 255, rnd() * 255, rnd() * 255]]);
  const period = 4 + Math.floor(rnd() * 12);
  const g0 = rnd() * 255;
  const g1 = rnd() * 255;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = [g0 * x / w, g1 * y / h, ((x + y) % period) < period / 2 ? 200 : 60];
      for (const [cx, cy, r, col] of discs) {
        if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) {
          c = col;
        }
      }
      for (let k = 0; k < 3; k++) {
        px[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(c[k] + (rnd() - 0.5) * 16)));
      }
    }
  }
  return px;
}

const { topology, weightSpecs, weightData, provenance } = loadNsfwjsMobileNetV2();
// Any input size: the backbone is fully convolutional.
const topo = JSON.parse(JSON.stringify(topology));
const cfg = topo.model_config.config;
cfg.layers[0].config.batch_input_shape = [null, null, null, 3];
cfg.layers = cfg.layers.slice(0, cfg.layers.findIndex((l) => l.name === 'out_relu') + 1);  // no classifier
cfg.output_layers = [['out_relu', 0, 0]];
const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topo, weightSpecs,
  weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.length) }),
{ strict: false });
const features = tf.model({ inputs: model.inputs, outputs: LAYERS.map((l) => model.getLayer(l).output) });

mkdirSync(outDir, { recursive: true });
const rows = [`# TF.js ${tf.version.tfjs} (backend ${tf.getBackend()}) reference features of ${provenance}`,
  '# image<TAB>width<TAB>height<TAB>layer<TAB>mean<TAB>v0 v1 ... (every channel averaged over the map)',
  '# image<TAB>width<TAB>height<TAB>layer<TAB>at<TAB>y,x,c=v ... (single values of the map, NHWC)'];
const f32 = (v) => Math.fround(v).toPrecision(9).replace(/\.?0+(e|$)/, '$1');
for (let i = 0; i < IMAGES.length; i++) {
  const [w, h] = IMAGES[i];
  const px = image(1000 + i, w, h);
  const name = `image-${i}-${w}x${h}.rgb.gz`;
  writeFileSync(path.join(outDir, name), gzipSync(px, { level: 9, mtime: 0 }));
  const input = tf.tensor4d(Float32Array.from(px, (v) => v / 255), [1, h, w, 3]);
  const outs = features.predict(input);
  for (let l = 0; l < LAYERS.length; l++) {
    const [, fh, fw, fc] = outs[l].shape;
    const data = outs[l].dataSync();
    const mean = tf.mean(outs[l], [1, 2]).dataSync();
    rows.push(`${name}\t${w}\t${h}\t${LAYERS[l]}\tmean\t${Array.from(mean, f32).join(' ')}`);
    const rnd = mulberry32(77 + l);
    const at = [];
    for (let s = 0; s < SAMPLES; s++) {
      const y = Math.floor(rnd() * fh);
      const x = Math.floor(rnd() * fw);
      const c = Math.floor(rnd() * fc);
      at.push(`${y},${x},${c}=${f32(data[(y * fw + x) * fc + c])}`);
    }
    rows.push(`${name}\t${w}\t${h}\t${LAYERS[l]}\tat\t${at.join(' ')}`);
  }
}
writeFileSync(path.join(outDir, 'features.tsv'), rows.join('\n') + '\n');
console.log(`wrote ${outDir}: ${IMAGES.length} images, ${rows.length - 3} rows`);

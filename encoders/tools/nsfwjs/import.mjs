// Imports nsfwjs's MobileNetV2 backbone into videosim's weights format (.vsw, read by
// org.videosim.encoders.internal.WeightsFile). The uint8 quantisation is kept as it is (w = min + q * scale, per
// tensor) and the tensors keep their TF.js names and layouts (HWIO kernels, HWC1 depthwise kernels); the Java side
// transposes and folds batch normalisation when it loads them. The classifier head (dense_*) is left out.
//
//   cd encoders/tools/nsfwjs && npm ci && node import.mjs
//
// writes ../../src/main/resources/org/videosim/encoders/mobilenetv2-nsfwjs-v1.vsw. The output is byte-for-byte
// reproducible (no time stamps).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { byteLength, loadNsfwjsMobileNetV2 } from './common.mjs';
import { writeVsw } from './vsw.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2]
    || path.join(here, '..', '..', 'src', 'main', 'resources', 'org', 'videosim', 'encoders', 'mobilenetv2-nsfwjs-v1.vsw');

const { weightSpecs, weightData, provenance } = loadNsfwjsMobileNetV2();
const tensors = [];
let offset = 0;
for (const spec of weightSpecs) {
  const len = byteLength(spec);
  const bytes = weightData.subarray(offset, offset + len);
  offset += len;
  if (spec.name.startsWith('dense_')) {
    continue;  // nsfwjs's 5-class head
  }
  if (!spec.quantization) {
    throw new Error(spec.name + ' is not quantised');
  }
  tensors.push({ name: spec.name, shape: spec.shape, min: spec.quantization.min, scale: spec.quantization.scale, bytes });
}
if (offset !== weightData.length) {
  throw new Error(`weights manifest covers ${offset} bytes, shard holds ${weightData.length}`);
}
const file = writeVsw(out, 'mobilenetv2-nsfwjs', '1', provenance, tensors);
console.log(`wrote ${out}: ${tensors.length} tensors, ${file.length} bytes`);

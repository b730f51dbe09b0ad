// Shared by import.mjs and reference.mjs: reads nsfwjs's MobileNetV2 (a JS-wrapped TF.js layers model with
// base64, uint8-quantised weight shards) from the installed npm package.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const PACKAGE_DIR = path.join(here, 'node_modules', 'nsfwjs');
export const PACKAGE_VERSION = '4.4.0';

/** The model: { topology, weightSpecs, weightData (Buffer), provenance }. */
export function loadNsfwjsMobileNetV2() {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  if (pkg.version !== PACKAGE_VERSION) {
    throw new Error(`expected nsfwjs ${PACKAGE_VERSION}, found ${pkg.version}: run npm ci in ${here}`);
  }
  const dir = path.join(PACKAGE_DIR, 'dist', 'models', 'mobilenet_v2');
  const modelFile = path.join(dir, 'model.min.js');
  const model = require(modelFile);
  if (model.weightsManifest.length !== 1) {
    throw new Error('expected one weight group, found ' + model.weightsManifest.length);
  }
  const group = model.weightsManifest[0];
  const shards = group.paths.map((p) => path.join(dir, p + '.min.js'));
  const weightData = Buffer.concat(shards.map((f) => Buffer.from(require(f), 'base64')));
  const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
  const provenance = `nsfwjs@${pkg.version} (MIT, ${pkg.repository.url}) dist/models/mobilenet_v2: `
      + `model.min.js sha256 ${sha(modelFile)}, `
      + shards.map((f) => `${path.basename(f)} sha256 ${sha(f)}`).join(', ');
  return { topology: model.modelTopology, weightSpecs: group.weights, weightData, provenance };
}

/** Byte length of one weight in the shard. */
export function byteLength(spec) {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (!spec.quantization) {
    return n * 4;
  }
  if (spec.quantization.dtype !== 'uint8') {
    throw new Error(`${spec.name}: unsupported quantization ${spec.quantization.dtype}`);
  }
  return n;
}

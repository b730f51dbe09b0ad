// Writer of videosim's weights container (.vsw); the format is documented in
// org.videosim.encoders.internal.WeightsFile. Big-endian, CRC32 of everything before the trailer at the end.
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

function utf(s) {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function int(v) {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}

function double(v) {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b;
}

/** tensors: [{ name, shape, min, scale, bytes }] (uint8, w = min + q * scale). Returns the file's bytes. */
export function writeVsw(file, model, version, provenance, tensors) {
  const parts = [Buffer.from('VSWT', 'ascii'), int(1), utf(model), utf(version), utf(provenance), int(tensors.length)];
  for (const t of tensors) {
    parts.push(utf(t.name), Buffer.from([1]), int(t.shape.length), ...t.shape.map(int), double(t.min), double(t.scale),
        int(t.bytes.length), Buffer.from(t.bytes));
  }
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  const all = Buffer.concat([body, crc]);
  writeFileSync(file, all);
  return all;
}

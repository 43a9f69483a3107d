// Writes a small zip (deflated entries), to prove the artifact scan looks inside archives.
import { deflateRawSync } from 'node:zlib';

/** A little-endian record of `size` bytes: each field is [offset, width in bytes, value]; the rest is zero. */
function record(size: number, fields: ReadonlyArray<readonly [offset: number, width: 2 | 4, value: number]>): Buffer {
  const out = Buffer.alloc(size);
  for (const [offset, width, value] of fields) {
    if (width === 2) out.writeUInt16LE(value, offset);
    else out.writeUInt32LE(value, offset);
  }
  return out;
}

const DEFLATE = 8;
const VERSION = 20;

export function makeZip(entries: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, VERSION], [8, 2, DEFLATE], [18, 4, compressed.length], [22, 4, entry.data.length], [26, 2, name.length]]);
    const central = record(46, [[0, 4, 0x02014b50], [4, 2, VERSION], [6, 2, VERSION], [10, 2, DEFLATE], [20, 4, compressed.length], [24, 4, entry.data.length], [28, 2, name.length], [42, 4, offset]]);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, centralDir.length], [16, 4, offset]]);
  return Buffer.concat([...locals, centralDir, end]);
}

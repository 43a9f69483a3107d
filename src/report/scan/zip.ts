// Reads the entries of a zip archive (Playwright traces, blob reports, the HTML report's embedded
// data) so a redaction scan sees inside them: a secret deflated in a trace is invisible to grep.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(data: Buffer): boolean {
  return data.length >= 22 && data.readUInt32LE(0) === LOCAL;
}

/** Entries of a zip (stored or deflated); throws on an archive it cannot read, so a scan never skips silently. */
export function readZip(data: Buffer): ZipEntry[] {
  const eocd = findEocd(data);
  const count = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(offset) !== CENTRAL) throw new Error(`zip: bad central directory entry at ${offset}`);
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    if (data.readUInt32LE(localOffset) !== LOCAL) throw new Error(`zip: bad local header for ${name}`);
    const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
    const raw = data.subarray(start, start + compressedSize);
    if (method === 0) entries.push({ name, data: Buffer.from(raw) });
    else if (method === 8) entries.push({ name, data: inflateRawSync(raw) });
    else throw new Error(`zip: ${name} uses compression method ${method}, which this reader does not know`);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEocd(data: Buffer): number {
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65_557); i--) if (data.readUInt32LE(i) === EOCD) return i;
  throw new Error('zip: no end of central directory');
}

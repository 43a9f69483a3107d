// HMAC (RFC 2104) over node:crypto's one-shot hash(), for the simulator's two MACs per request (the
// request signature and the authorized URL's token). createHmac builds a stream object per call;
// under bench:mock the two of them cost ~20 µs of CPU a request (about a tenth of the simulator's
// work), measured by removing them; two one-shot hashes over precomputed pads cost a fraction of
// that. tests/mock/hot-path.spec.ts proves it gives createHmac's bytes for any key and message.
import { hash } from 'node:crypto';

/** The digests the simulator signs with: block and output sizes in bytes (FIPS 180-4). */
const SIZES = { sha256: { block: 64, output: 32 }, sha512: { block: 128, output: 64 } } as const;
export type HmacDigest = keyof typeof SIZES;

export class HmacKey {
  private readonly inner: Buffer;
  private readonly outer: Buffer;
  private readonly block: number;
  /** Reused for each message; grown when one does not fit. */
  private scratch: Buffer;

  constructor(
    readonly digest: HmacDigest,
    key: Buffer,
  ) {
    const { block, output } = SIZES[digest];
    // RFC 2104 §2: a key longer than a block is hashed first; a shorter one is padded with zeros.
    const padded = Buffer.alloc(block);
    (key.length > block ? hash(digest, key, 'buffer') : key).copy(padded);
    this.block = block;
    this.inner = Buffer.alloc(block);
    this.outer = Buffer.alloc(block + output);
    for (let i = 0; i < block; i++) {
      this.inner[i] = padded[i]! ^ 0x36;
      this.outer[i] = padded[i]! ^ 0x5c;
    }
    this.scratch = Buffer.alloc(block + 1024);
    this.inner.copy(this.scratch);
  }

  /** createHmac(digest, key).update(message, 'utf8').digest(encoding), the same text. */
  sign(message: string, encoding: 'base64' | 'base64url'): string {
    const block = this.block;
    const needed = block + Buffer.byteLength(message, 'utf8');
    if (needed > this.scratch.length) {
      this.scratch = Buffer.alloc(2 * needed);
      this.inner.copy(this.scratch);
    }
    this.scratch.write(message, block, 'utf8');
    hash(this.digest, this.scratch.subarray(0, needed), 'buffer').copy(this.outer, block);
    return hash(this.digest, this.outer, encoding);
  }
}

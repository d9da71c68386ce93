/**
 * SHA-256 (FIPS 180-4) of a text's UTF-8 bytes, in plain TypeScript: the engine runs where neither Node's crypto
 * nor a synchronous Web Crypto is at hand, and the report needs the digest of its evidence file while it is built.
 * A host that has a native hasher gives it instead (TextSha256): the command line passes node:crypto's.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of the UTF-8 bytes of texts taken one after another, as 64 lower-case hex digits. Each text holds whole
 * characters (a surrogate pair is never split between two), so hashing them one by one is hashing their join.
 */
export type TextSha256 = (texts: Iterable<string>) => string;

/** The UTF-8 bytes of a text (what TextEncoder gives; written out so the engine needs no host API). */
export function utf8Bytes(text: string): Uint8Array {
  // At most 3 bytes per UTF-16 unit (a surrogate pair's 4 bytes are 2 per unit): one buffer, no array of numbers.
  const out = new Uint8Array(text.length * 3);
  return out.subarray(0, utf8Into(text, out));
}

/** Writes a text's UTF-8 bytes into `out` (at least 3 bytes per UTF-16 unit of room) and says how many. */
function utf8Into(text: string, out: Uint8Array): number {
  let n = 0;
  const length = text.length;
  // By UTF-16 unit rather than by code point (a string iterator): the evidence file of a million findings is
  // about a hundred million units, and the iterator made a string of each.
  for (let i = 0; i < length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd; // a lone surrogate is not a character: U+FFFD in its place, as TextEncoder writes it
      }
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 fed in pieces (FIPS 180-4 §6.2): the message is never held whole. */
export class Sha256 {
  private readonly h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private readonly w = new Uint32Array(64);
  /** The bytes of a block not yet complete, and how many. */
  private readonly pending = new Uint8Array(64);
  private used = 0;
  private bytes = 0;
  private done = false;

  update(data: Uint8Array): this {
    if (this.done) throw new Error("Sha256: update after hex()");
    this.bytes += data.length;
    let off = 0;
    if (this.used > 0) {
      const take = Math.min(64 - this.used, data.length);
      this.pending.set(data.subarray(0, take), this.used);
      this.used += take;
      off = take;
      if (this.used < 64) return this;
      this.block(this.pending, 0);
      this.used = 0;
    }
    for (; off + 64 <= data.length; off += 64) this.block(data, off);
    if (off < data.length) {
      this.pending.set(data.subarray(off), 0);
      this.used = data.length - off;
    }
    return this;
  }

  /** The digest as 64 lower-case hex digits; the hasher takes no more bytes after it. */
  hex(): string {
    if (!this.done) {
      const bitLength = this.bytes * 8;
      const tail = new Uint8Array(this.used + 9 <= 64 ? 64 - this.used : 128 - this.used);
      tail[0] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bitLength / 0x100000000));
      view.setUint32(tail.length - 4, bitLength >>> 0);
      this.update(tail);
      this.done = true;
    }
    return Array.from(this.h, (x) => x.toString(16).padStart(8, "0")).join("");
  }

  private block(b: Uint8Array, off: number): void {
    const w = this.w;
    const h = this.h;
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = bb; bb = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
}

/** SHA-256 of `bytes`, as 64 lower-case hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return new Sha256().update(bytes).hex();
}

/** The engine's own TextSha256: each text's UTF-8 bytes into one hasher, through one buffer grown as needed. */
export const sha256OfTexts: TextSha256 = (texts) => {
  const hash = new Sha256();
  let buffer = new Uint8Array(0);
  for (const text of texts) {
    if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3);
    hash.update(buffer.subarray(0, utf8Into(text, buffer)));
  }
  return hash.hex();
};

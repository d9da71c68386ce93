/**
 * The zip container of the output copy (PKWARE APPNOTE 6.3.10). yazl, used before, re-deflated every part
 * it copied from the input (it cannot take an entry's compressed bytes as they are) and computed CRC-32 in
 * JavaScript; at a million tickets that was most of a minute of the copy. Here:
 * - a part copied from the input goes across as its compressed bytes, with its own CRC and sizes, and is checked
 *   on the way (inflated and its CRC compared on zlib's thread), so a damaged input part is still refused;
 * - an output sheet is deflated as it is built, a megabyte at a time, on zlib's thread while the next megabyte of
 *   XML is built on this one (double buffering); CRC-32 is zlib's native one (Node ≥ 20.15);
 * - ZIP64 records are written only where a size or offset needs them (Excel opens both).
 */
import zlib from "zlib";
import { promisify } from "util";
import type { Readable } from "stream";

/** What the input's central directory says of a part copied as it is. */
export interface StoredPart {
  /** 0 stored, 8 deflated (the only two an .xlsx uses; anything else is refused before copying). */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * The most the parts copied from one input may unpack to, together, as their directory entries declare it: every
 * copied part is inflated once to check it (CopyCheck), each stopped at its own declared size, so this bounds the
 * whole check. The reader takes at most 3 GiB of sheets (read.ts MAX_UNCOMPRESSED_BYTES); this leaves as much
 * again and more for what it does not read but the copy carries (earlier months' output sheets, pictures, pivot
 * caches). A package whose parts share their stored bytes is refused before this (package.ts directoryDamage), so
 * no part is counted, or inflated, twice.
 */
export const MAX_COPIED_BYTES = 8 * 2 ** 30;

/** An input part that does not read back as its directory says (bad deflate data, wrong CRC or size). */
export class DamagedPartError extends Error {}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const DATA_DESCRIPTOR = 0x08074b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const VERSION_DEFAULT = 20; // 2.0: deflate
const VERSION_ZIP64 = 45; // 4.5: ZIP64 extensions
const MADE_BY_UNIX = 3 << 8;
const REGULAR_FILE_RW_R_R = (0o100644 << 16) >>> 0;

/**
 * XML is deflated a batch at a time: large enough that zlib's thread works while this one builds the next. (Batches
 * deflated side by side, each on its own, as pigz does, measured slower here: 10.0–10.5 s against 8.7 s for
 * 200,000 tickets' copy on this machine's two cores, where this thread needs one of them. The level: DEFLATE_LEVEL.)
 */
const BATCH_BYTES = 1 << 20;
/**
 * zlib's level for what the writer deflates. Measured on 95 MiB of a Findings sheet's XML, CPU time of zlib (three
 * runs each, loaded machine): level 6 (the default) 1.22-1.29 s to 11.5 MiB; level 4 0.58-0.65 s to 12.8 MiB;
 * level 3 0.66-0.92 s to 13.6 MiB; level 1 0.39-1.0 s to 15.7 MiB. Measured again once the sheet XML was built
 * about twice as fast (best of three, 2026-12-06; MB/s of XML, then the part's size in per cent of it): Findings
 * level 4 211 MB/s to 13.5 %, level 2 289 MB/s to 14.8 %; dispute report 210 to 12.9 % against 275 to 14.3 %;
 * Settlement 258 to 11.5 % against 319 to 12.6 %. Level 2 takes a quarter less of the deflating thread for a file
 * 8 % larger (100,000 tickets: 60.3 -> 65.1 MB); at 1,048,575 tickets, 3.7 GB of sheet XML, about 5 s of CPU less
 * on a machine whose two cores the main thread, zlib and the collector share. The parts' bytes (what a reader sees)
 * do not depend on the level.
 */
export const DEFLATE_LEVEL = 2;
const deflateRawAsync = promisify(zlib.deflateRaw);
const deflateRaw = (data: Buffer) => deflateRawAsync(data, { level: DEFLATE_LEVEL });

interface CentralRecord {
  name: Buffer;
  flags: number;
  time: number;
  date: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  offset: number;
}

export interface WritableSink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  once(event: "drain" | "finish" | "error" | "close", listener: (...args: unknown[]) => void): unknown;
}

export class ZipWriter {
  private offset = 0;
  /** What the parts copied so far declare they unpack to (MAX_COPIED_BYTES). */
  private copiedBytes = 0;
  private readonly records: CentralRecord[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;
  /** Rejects when the sink fails: every wait races it, so a full disk ends the write instead of hanging it. */
  private readonly sinkFailed: Promise<never>;

  constructor(
    private readonly sink: WritableSink,
    modified: Date,
  ) {
    this.sinkFailed = new Promise<never>((_, reject) => sink.once("error", reject));
    this.sinkFailed.catch(() => undefined); // observed through the races below
    // DOS date and time from the UTC fields, so the same workbook gives the same bytes in every time zone.
    const year = modified.getUTCFullYear();
    if (year < 1980) {
      this.dosDate = (1 << 5) | 1; // 1980-01-01, the earliest a DOS date holds
      this.dosTime = 0;
    } else {
      this.dosDate = ((Math.min(year, 2107) - 1980) << 9) | ((modified.getUTCMonth() + 1) << 5) | modified.getUTCDate();
      this.dosTime = (modified.getUTCHours() << 11) | (modified.getUTCMinutes() << 5) | (modified.getUTCSeconds() >> 1);
    }
  }

  /** A part held in memory (the rewritten workbook, styles, content types), deflated. */
  async addBuffer(name: string, data: Buffer): Promise<void> {
    const compressed = await deflateRaw(data);
    const part = { method: 8, crc32: zlib.crc32(data), compressedSize: compressed.length, uncompressedSize: data.length };
    const record = this.record(name, 0, part);
    await this.put(this.localHeader(record));
    await this.put(compressed);
  }

  /**
   * A part of the input, copied as its compressed bytes. They are inflated on the side (zlib's thread) and their
   * CRC-32 and size compared with the directory's; a mismatch or bad deflate data rejects with DamagedPartError.
   */
  async addCopy(name: string, part: StoredPart, raw: Readable): Promise<void> {
    if (part.method !== 0 && part.method !== 8) throw new DamagedPartError(`${name}: compression method ${part.method} is not one a workbook uses`);
    this.copiedBytes += part.uncompressedSize;
    if (this.copiedBytes > MAX_COPIED_BYTES) throw new DamagedPartError(copiedTooMuch(this.copiedBytes));
    const record = this.record(name, 0, part);
    await this.put(this.localHeader(record));
    const check = new CopyCheck(name, part);
    let copied = 0;
    for await (const chunk of raw) {
      const bytes = chunk as Buffer;
      copied += bytes.length;
      if (copied > part.compressedSize) throw new DamagedPartError(`${name}: more data than its directory entry says`);
      await check.feed(bytes);
      await this.put(bytes);
    }
    if (copied !== part.compressedSize) throw new DamagedPartError(`${name}: less data than its directory entry says`);
    await check.done();
  }

  /**
   * A part built as it is written (an output sheet's XML, in pieces): deflated a batch at a time, CRC and sizes
   * in a data descriptor after the data (APPNOTE 4.3.9) and in the central directory. `deflated` is given each
   * Buffer piece once zlib has taken it whole: the caller may then use its memory again.
   */
  async addDeflated(name: string, pieces: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, deflated?: (piece: Buffer) => void): Promise<void> {
    const record = this.record(name, FLAG_DATA_DESCRIPTOR, { method: 8, crc32: 0, compressedSize: 0, uncompressedSize: 0 });
    await this.put(this.localHeader(record));
    const deflate = zlib.createDeflateRaw({ chunkSize: BATCH_BYTES, level: DEFLATE_LEVEL });
    let compressedSize = 0;
    let failure: Error | null = null;
    deflate.on("error", (e) => (failure ??= e));
    deflate.on("data", (out: Buffer) => {
      compressedSize += out.length;
      if (!this.sink.write(out)) {
        deflate.pause();
        this.sink.once("drain", () => deflate.resume());
      }
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.once("end", resolve);
      deflate.once("error", reject);
    });
    ended.catch(() => undefined); // awaited below; a failure meanwhile is reported from there
    let crc = 0;
    let size = 0;
    let inFlight: Promise<void> | null = null;
    // Two buffers: one is being deflated while the other fills; a buffer is reused only once its write is done.
    const buffers = [Buffer.allocUnsafe(BATCH_BYTES), Buffer.allocUnsafe(BATCH_BYTES)];
    let current = 0;
    let filled = 0;
    const submit = async (bytes: Buffer, piece: boolean) => {
      crc = zlib.crc32(bytes, crc);
      size += bytes.length;
      if (inFlight) await this.unlessSinkFails(inFlight);
      if (failure) throw failure;
      inFlight = new Promise<void>((resolve, reject) =>
        deflate.write(bytes, (e) => {
          if (e) return reject(e);
          if (piece && deflated) deflated(bytes);
          resolve();
        }),
      );
    };
    // Hands the filled buffer to zlib and goes on filling the other one.
    const submitFilled = async () => {
      if (filled > 0) await submit(buffers[current].subarray(0, filled), false);
      current ^= 1;
      filled = 0;
    };
    try {
      for await (const piece of pieces) {
        if (typeof piece !== "string") {
          // Bytes as they are (a part passed through): what is filled goes first.
          await submitFilled();
          if (piece.length > 0) await submit(piece, true);
          continue;
        }
        // UTF-8 takes at most three bytes per UTF-16 unit.
        if (filled + piece.length * 3 > BATCH_BYTES) {
          await submitFilled();
          if (piece.length * 3 > BATCH_BYTES) {
            await submit(Buffer.from(piece, "utf8"), false);
            continue;
          }
        }
        filled += buffers[current].write(piece, filled, "utf8");
      }
      await submitFilled();
      if (inFlight) await this.unlessSinkFails(inFlight);
      deflate.end();
      await this.unlessSinkFails(ended);
    } catch (e) {
      deflate.destroy();
      throw e;
    }
    this.offset += compressedSize;
    record.crc32 = crc;
    record.compressedSize = compressedSize;
    record.uncompressedSize = size;
    // ZIP64 descriptor (8-byte sizes) only when a size needs it, as yazl and Java's writer do.
    const wide = compressedSize >= MAX32 || size >= MAX32;
    const descriptor = Buffer.alloc(wide ? 24 : 16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    if (wide) {
      descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    await this.put(descriptor);
  }

  /** The central directory and its end records; then ends the sink and waits until it has taken every byte. */
  async finish(): Promise<void> {
    const directoryOffset = this.offset;
    for (const r of this.records) await this.put(centralHeader(r));
    const directorySize = this.offset - directoryOffset;
    const count = this.records.length;
    if (count >= MAX16 || directoryOffset >= MAX32 || directorySize >= MAX32) {
      const zip64End = Buffer.alloc(56);
      zip64End.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0);
      zip64End.writeBigUInt64LE(44n, 4); // the size of the rest of this record
      zip64End.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
      zip64End.writeUInt16LE(VERSION_ZIP64, 14);
      zip64End.writeBigUInt64LE(BigInt(count), 24);
      zip64End.writeBigUInt64LE(BigInt(count), 32);
      zip64End.writeBigUInt64LE(BigInt(directorySize), 40);
      zip64End.writeBigUInt64LE(BigInt(directoryOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(this.offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.put(zip64End);
      await this.put(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
    end.writeUInt32LE(Math.min(directoryOffset, MAX32), 16);
    await this.put(end);
    const finished = new Promise<void>((resolve) => this.sink.once("finish", () => resolve()));
    this.sink.end();
    await this.unlessSinkFails(finished);
  }

  private unlessSinkFails<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.sinkFailed]);
  }

  private record(name: string, flags: number, part: StoredPart): CentralRecord {
    const r = { name: Buffer.from(name, "utf8"), flags: flags | FLAG_UTF8_NAME, time: this.dosTime, date: this.dosDate, offset: this.offset, ...part };
    this.records.push(r);
    return r;
  }

  private localHeader(r: CentralRecord): Buffer {
    // A copied part of 4 GiB or more carries both sizes in a ZIP64 extra field (APPNOTE 4.5.3); a streamed one has
    // no sizes here at all (they follow in its data descriptor).
    const wide = r.compressedSize >= MAX32 || r.uncompressedSize >= MAX32;
    const extra = wide ? zip64Extra([r.uncompressedSize, r.compressedSize]) : Buffer.alloc(0);
    const h = Buffer.alloc(30 + r.name.length + extra.length);
    h.writeUInt32LE(LOCAL_HEADER, 0);
    h.writeUInt16LE(wide ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    h.writeUInt16LE(r.flags, 6);
    h.writeUInt16LE(r.method, 8);
    h.writeUInt16LE(r.time, 10);
    h.writeUInt16LE(r.date, 12);
    h.writeUInt32LE(r.crc32, 14);
    h.writeUInt32LE(wide ? MAX32 : r.compressedSize, 18);
    h.writeUInt32LE(wide ? MAX32 : r.uncompressedSize, 22);
    h.writeUInt16LE(r.name.length, 26);
    h.writeUInt16LE(extra.length, 28);
    r.name.copy(h, 30);
    extra.copy(h, 30 + r.name.length);
    return h;
  }

  /** Writes to the sink, waiting while it is full; rejects if it fails meanwhile. */
  private put(bytes: Buffer): Promise<void> | void {
    this.offset += bytes.length;
    if (this.sink.write(bytes)) return;
    return this.unlessSinkFails(new Promise<void>((resolve) => this.sink.once("drain", () => resolve())));
  }
}

function centralHeader(r: CentralRecord): Buffer {
  // Only the fields that overflow go in the ZIP64 extra field, in this order (APPNOTE 4.5.3).
  const wideFields: number[] = [];
  if (r.uncompressedSize >= MAX32) wideFields.push(r.uncompressedSize);
  if (r.compressedSize >= MAX32) wideFields.push(r.compressedSize);
  if (r.offset >= MAX32) wideFields.push(r.offset);
  const extra = wideFields.length > 0 ? zip64Extra(wideFields) : Buffer.alloc(0);
  const version = extra.length > 0 ? VERSION_ZIP64 : VERSION_DEFAULT;
  const h = Buffer.alloc(46 + r.name.length + extra.length);
  h.writeUInt32LE(CENTRAL_HEADER, 0);
  h.writeUInt16LE(MADE_BY_UNIX | version, 4);
  h.writeUInt16LE(version, 6);
  h.writeUInt16LE(r.flags, 8);
  h.writeUInt16LE(r.method, 10);
  h.writeUInt16LE(r.time, 12);
  h.writeUInt16LE(r.date, 14);
  h.writeUInt32LE(r.crc32, 16);
  h.writeUInt32LE(Math.min(r.compressedSize, MAX32), 20);
  h.writeUInt32LE(Math.min(r.uncompressedSize, MAX32), 24);
  h.writeUInt16LE(r.name.length, 28);
  h.writeUInt16LE(extra.length, 30);
  // comment length, disk number start, internal attributes: 0
  h.writeUInt32LE(REGULAR_FILE_RW_R_R, 38);
  h.writeUInt32LE(Math.min(r.offset, MAX32), 42);
  r.name.copy(h, 46);
  extra.copy(h, 46 + r.name.length);
  return h;
}

function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

/** The words for parts that would unpack to more than MAX_COPIED_BYTES (the writer's and the planner's). */
export function copiedTooMuch(bytes: number): string {
  return `its parts would unpack to ${Math.round(bytes / 2 ** 20).toLocaleString("en")} MiB, more than the ${MAX_COPIED_BYTES / 2 ** 30} GiB the copy of a workbook may hold (a zip bomb, or not a workbook)`;
}

/** Inflates a copied part's bytes on zlib's thread and compares CRC-32 and size with the directory's. */
class CopyCheck {
  private crc = 0;
  private size = 0;
  private readonly inflate: zlib.InflateRaw | null;
  private failure: Error | null = null;
  private readonly ended: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly part: StoredPart,
  ) {
    if (part.method === 0) {
      this.inflate = null;
      this.ended = Promise.resolve();
      return;
    }
    const inflate = (this.inflate = zlib.createInflateRaw({ chunkSize: BATCH_BYTES }));
    inflate.on("data", (out: Buffer) => this.count(out));
    this.ended = new Promise<void>((resolve) => {
      inflate.once("end", resolve);
      inflate.once("close", resolve); // destroyed after a size overrun: no "end" comes
      inflate.once("error", (e) => {
        this.failure ??= new DamagedPartError(`${name}: ${e.message}`);
        resolve();
      });
    });
  }

  async feed(raw: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.inflate) return this.count(raw);
    const inflate = this.inflate;
    if (!inflate.write(raw)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          inflate.removeListener("drain", go).removeListener("close", go);
          resolve();
        };
        inflate.on("drain", go).on("close", go);
      });
    }
    if (this.failure) throw this.failure;
  }

  async done(): Promise<void> {
    this.inflate?.end();
    await this.ended;
    if (this.failure) throw this.failure;
    if (this.size !== this.part.uncompressedSize) throw new DamagedPartError(`${this.name}: ${this.size} bytes, its directory entry says ${this.part.uncompressedSize}`);
    if (this.crc !== this.part.crc32) throw new DamagedPartError(`${this.name}: its CRC-32 does not match its directory entry`);
  }

  private count(bytes: Buffer): void {
    this.size += bytes.length;
    // A part that inflates past its declared size (a zip bomb, or damage) is stopped there.
    if (this.size > this.part.uncompressedSize) {
      this.failure ??= new DamagedPartError(`${this.name}: more than the ${this.part.uncompressedSize} bytes its directory entry says`);
      this.inflate?.destroy();
      return;
    }
    this.crc = zlib.crc32(bytes, this.crc);
  }
}

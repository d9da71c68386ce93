/**
 * Building blocks for hostile workbooks: the parts of a real workbook, and a zip writer that writes exactly what it
 * is told — duplicate names, stored or deflated data, ZIP64 records, sizes that lie — so a case can describe a
 * damaged package byte for byte (the zip format: PKWARE APPNOTE.TXT 6.3, sections 4.3 and 4.5).
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { openZip } from "../../src/xlsx/package";

export const SAMPLE = path.resolve(__dirname, "../../examples/sample.xlsx");

/** The sample workbook's sheets as its workbook part names them, with their part names. */
export const SAMPLE_SHEETS = {
  Tickets: "xl/worksheets/sheet1.xml",
  Events: "xl/worksheets/sheet2.xml",
  Agreement: "xl/worksheets/sheet3.xml",
  SLA: "xl/worksheets/sheet4.xml",
  Invoice: "xl/worksheets/sheet5.xml",
  Statements: "xl/worksheets/sheet6.xml",
  Payments: "xl/worksheets/sheet7.xml",
} as const;

/** Every part of a workbook file, in stored order, as bytes. */
export async function partsOf(file: string = SAMPLE): Promise<Map<string, Buffer>> {
  const src = await openZip(file);
  try {
    const parts = new Map<string, Buffer>();
    for (const name of src.names) parts.set(name, await src.read(name));
    return parts;
  } finally {
    src.close();
  }
}

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Deflate (the default) or store. */
  method?: "deflate" | "store";
  /** Write the sizes as ZIP64 extra fields (with 0xFFFFFFFF in the 32-bit fields), as large-file writers do. */
  zip64?: boolean;
}

export interface ZipOptions {
  /** Write a ZIP64 end-of-central-directory record and locator before the classic one. */
  zip64End?: boolean;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One entry as it will be laid out: its local header + data, and the facts its central record repeats. */
export interface LaidOutEntry {
  name: Buffer;
  method: number;
  crc: number;
  compressed: Buffer;
  size: number;
  zip64: boolean;
}

export function layOut(e: ZipEntry): LaidOutEntry {
  const data = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : e.data;
  const store = e.method === "store";
  return {
    name: Buffer.from(e.name, "utf8"),
    method: store ? 0 : 8,
    crc: crc32(data),
    compressed: store ? data : zlib.deflateRawSync(data),
    size: data.length,
    zip64: e.zip64 === true,
  };
}

function zip64Extra(size: number, compressed: number, offset?: number): Buffer {
  const n = offset === undefined ? 2 : 3;
  const b = Buffer.alloc(4 + 8 * n);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * n, 2);
  b.writeBigUInt64LE(BigInt(size), 4);
  b.writeBigUInt64LE(BigInt(compressed), 12);
  if (offset !== undefined) b.writeBigUInt64LE(BigInt(offset), 20);
  return b;
}

export function localHeader(e: LaidOutEntry): Buffer {
  const extra = e.zip64 ? zip64Extra(e.size, e.compressed.length) : Buffer.alloc(0);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(e.zip64 ? 45 : 20, 4);
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(e.method, 8);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(e.zip64 ? 0xffffffff : e.compressed.length, 18);
  h.writeUInt32LE(e.zip64 ? 0xffffffff : e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(extra.length, 28);
  return Buffer.concat([h, e.name, extra]);
}

export function centralHeader(e: LaidOutEntry, offset: number): Buffer {
  const extra = e.zip64 ? zip64Extra(e.size, e.compressed.length, offset) : Buffer.alloc(0);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 45, 4);
  h.writeUInt16LE(e.zip64 ? 45 : 20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.zip64 ? 0xffffffff : e.compressed.length, 20);
  h.writeUInt32LE(e.zip64 ? 0xffffffff : e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt16LE(extra.length, 30);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(e.zip64 ? 0xffffffff : offset, 42);
  return Buffer.concat([h, e.name, extra]);
}

/** The end of a zip: optional ZIP64 end record and locator, then the classic end record. */
export function endRecords(count: number, centralOffset: number, centralSize: number, zip64End = false): Buffer {
  const out: Buffer[] = [];
  if (zip64End) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(centralSize), 40);
    end64.writeBigUInt64LE(BigInt(centralOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
    locator.writeUInt32LE(1, 16);
    out.push(end64, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64End ? 0xffff : count, 8);
  eocd.writeUInt16LE(zip64End ? 0xffff : count, 10);
  eocd.writeUInt32LE(zip64End ? 0xffffffff : centralSize, 12);
  eocd.writeUInt32LE(zip64End ? 0xffffffff : centralOffset, 16);
  out.push(eocd);
  return Buffer.concat(out);
}

/** A zip of exactly these entries, in this order (duplicates kept). */
export function zipOf(entries: readonly ZipEntry[], opts: ZipOptions = {}): Buffer {
  return zipOfLaidOut(entries.map(layOut), opts);
}

/**
 * A zip of entries already laid out (whose facts a case may have altered: a size that lies). `centralNames` gives
 * the names an entry's central records carry: one, its own, unless a case points several records at one entry.
 */
export function zipOfLaidOut(entries: readonly LaidOutEntry[], opts: ZipOptions & { centralNames?: (e: LaidOutEntry) => Buffer[] } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    for (const name of opts.centralNames?.(e) ?? [e.name]) centrals.push(centralHeader({ ...e, name }, offset));
    const local = Buffer.concat([localHeader(e), e.compressed]);
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  return Buffer.concat([...locals, central, endRecords(centrals.length, offset, central.length, opts.zip64End)]);
}

/** The sample workbook with some parts replaced (a Buffer or string), added, or removed (null). */
export async function sampleWith(changes: Record<string, Buffer | string | null>, opts: { zip64?: boolean; zip64End?: boolean } = {}): Promise<Buffer> {
  const parts = await partsOf();
  for (const [name, data] of Object.entries(changes)) {
    if (data === null) parts.delete(name);
    else parts.set(name, typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  return zipOf([...parts].map(([name, data]) => ({ name, data, zip64: opts.zip64 })), { zip64End: opts.zip64End });
}

/** A part of the sample as text. */
export async function sampleText(part: string): Promise<string> {
  return (await partsOf()).get(part)!.toString("utf8");
}

/** Writes bytes to `dir/name` and returns the path. */
export function writeCase(dir: string, name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

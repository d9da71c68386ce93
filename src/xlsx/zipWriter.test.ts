import zlib from "zlib";
import { Readable, Writable } from "stream";
import yauzl from "yauzl";
import { DamagedPartError, MAX_COPIED_BYTES, ZipWriter, type StoredPart } from "./zipWriter";

const WHEN = new Date(Date.UTC(2026, 9, 31, 23, 59, 58));

function memorySink(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      setImmediate(done); // an asynchronous sink, so the writer meets back-pressure
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

interface ReadBack {
  entry: yauzl.Entry;
  data: Buffer;
}

/** Every entry through yauzl (sizes validated), and each one's CRC-32 recomputed against the directory's. */
function readBack(zip: Buffer): Promise<Map<string, ReadBack>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, z) => {
      if (err || !z) return reject(err);
      const out = new Map<string, ReadBack>();
      z.on("error", reject);
      z.on("entry", (entry: yauzl.Entry) =>
        z.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on("data", (c: Buffer) => chunks.push(c));
          s.on("error", reject);
          s.on("end", () => {
            const data = Buffer.concat(chunks);
            if (zlib.crc32(data) !== entry.crc32) return reject(new Error(`${entry.fileName}: CRC-32 mismatch`));
            out.set(entry.fileName, { entry, data });
            z.readEntry();
          });
        }),
      );
      z.on("end", () => resolve(out));
      z.readEntry();
    });
  });
}

function stored(data: Buffer, method: 0 | 8, over: Partial<StoredPart> = {}): { part: StoredPart; bytes: Buffer } {
  const bytes = method === 8 ? zlib.deflateRawSync(data) : data;
  return { part: { method, crc32: zlib.crc32(data), compressedSize: bytes.length, uncompressedSize: data.length, ...over }, bytes };
}

/** Bytes in uneven pieces, as a file stream hands them over. */
function pieces(b: Buffer, size = 7001): Readable {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return Readable.from(out);
}

describe("ZipWriter", () => {
  test("buffered, streamed and copied parts read back through yauzl with their CRC-32 and sizes", async () => {
    const { sink, bytes } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    const small = Buffer.from('<?xml version="1.0"?><workbook>数据</workbook>', "utf8");
    await zip.addBuffer("xl/workbook.xml", small);
    // Several megabytes in pieces: more than one batch, multi-byte text (CJK, an astral character), and one piece
    // longer than a batch can take, which goes on its own.
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) texts.push(`<row r="${i + 1}"><c t="inlineStr"><is><t>维修 ${i} 😀 ${"x".repeat(i * 37)}</t></is></c></row>`.repeat(20));
    texts.splice(200, 0, "长".repeat(600_000));
    await zip.addDeflated("xl/worksheets/sheet1.xml", texts);
    const plain = Buffer.from("stored as it is ".repeat(5000), "utf8");
    const s = stored(plain, 0);
    await zip.addCopy("docProps/custom.bin", s.part, pieces(s.bytes));
    const picture = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    const d = stored(picture, 8);
    await zip.addCopy("xl/media/image1.png", d.part, pieces(d.bytes));
    await zip.finish();

    const back = await readBack(bytes());
    expect([...back.keys()]).toEqual(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "docProps/custom.bin", "xl/media/image1.png"]);
    expect(back.get("xl/workbook.xml")!.data.equals(small)).toBe(true);
    expect(back.get("xl/worksheets/sheet1.xml")!.data.toString("utf8")).toBe(texts.join(""));
    expect(back.get("docProps/custom.bin")!.data.equals(plain)).toBe(true);
    expect(back.get("docProps/custom.bin")!.entry.compressionMethod).toBe(0);
    // A copied part keeps its own compressed bytes: the same length as stored in the input.
    expect(back.get("xl/media/image1.png")!.entry.compressedSize).toBe(d.bytes.length);
    expect(back.get("xl/media/image1.png")!.data.equals(picture)).toBe(true);
    // DOS date and time from the UTC fields: 2026-10-31 23:59:58.
    const e = back.get("xl/workbook.xml")!.entry;
    expect(e.lastModFileDate).toBe(((2026 - 1980) << 9) | (10 << 5) | 31);
    expect(e.lastModFileTime).toBe((23 << 11) | (59 << 5) | 29);
  });

  test("a Buffer piece is handed back once deflated: its memory written over then, the part still reads back", async () => {
    const { sink, bytes } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    const pieces: Buffer[] = [];
    for (let i = 0; i < 12; i++) pieces.push(Buffer.from(`<row r="${i}">${"维修 data ".repeat(30_000 + i * 1000)}</row>`, "utf8"));
    const expected = Buffer.concat(pieces.map((p) => Buffer.from(p)));
    const handedBack: Buffer[] = [];
    // Strings between the Buffers go through the writer's own buffers, which are never handed back.
    const mixed: (string | Buffer)[] = pieces.flatMap((p, i) => (i % 3 === 0 ? [p, "<gap/>"] : [p]));
    await zip.addDeflated("s.xml", mixed, (piece) => {
      handedBack.push(piece);
      piece.fill(0x21); // the caller's to reuse: nothing may read it any more
    });
    await zip.finish();
    expect(handedBack.length).toBe(pieces.length);
    expect(handedBack.every((b, i) => b === pieces[i])).toBe(true);
    const gaps = Buffer.concat(mixed.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.alloc(0))));
    const text = (await readBack(bytes())).get("s.xml")!.data.toString("utf8");
    expect(text.replace(/<gap\/>/g, "")).toBe(expected.toString("utf8"));
    expect(gaps.length).toBe(4 * "<gap/>".length);
  });

  test("the same parts give the same bytes", async () => {
    const once = async () => {
      const { sink, bytes } = memorySink();
      const zip = new ZipWriter(sink, WHEN);
      await zip.addBuffer("a.xml", Buffer.from("<a/>"));
      await zip.addDeflated("b.xml", ["<b>", "text".repeat(10_000), "</b>"]);
      await zip.finish();
      return bytes();
    };
    expect((await once()).equals(await once())).toBe(true);
  });

  test.each([
    ["a wrong CRC-32", (data: Buffer) => stored(data, 8, { crc32: (zlib.crc32(data) ^ 1) >>> 0 })],
    ["a wrong uncompressed size", (data: Buffer) => stored(data, 8, { uncompressedSize: data.length - 1 })],
    ["bad deflate data", (data: Buffer) => ({ ...stored(data, 8), bytes: Buffer.from(stored(data, 8).bytes.map((b, i) => (i > 4 ? b ^ 0x5a : b))) })],
    ["more bytes than the directory says", (data: Buffer) => ({ ...stored(data, 0), bytes: Buffer.concat([data, Buffer.from("!")]) })],
    ["a compression method a workbook does not use", (data: Buffer) => stored(data, 8, { method: 12 })],
  ])("a copied part with %s is refused as damaged", async (_what, make) => {
    const data = Buffer.from("<sheetData>".repeat(2000) + "</sheetData>", "utf8");
    const { part, bytes } = make(data);
    const { sink } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    await expect(zip.addCopy("xl/worksheets/sheet1.xml", part, pieces(bytes))).rejects.toBeInstanceOf(DamagedPartError);
  });

  test("past 65,535 parts the directory ends with ZIP64 records, and yauzl reads every part", async () => {
    const { sink, bytes } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    const one = stored(Buffer.from("x"), 0);
    for (let i = 0; i < 65_600; i++) await zip.addCopy(`p/${i}`, one.part, Readable.from([one.bytes]));
    await zip.finish();
    const out = bytes();
    expect(out.readUInt16LE(out.length - 22 + 10)).toBe(0xffff); // the classic record says "see ZIP64"
    const back = await readBack(out);
    expect(back.size).toBe(65_600);
    expect(back.get("p/65599")!.data.toString()).toBe("x");
  }, 60_000);

  test("a part of 4 GiB or more, and parts after it, carry their sizes and offsets in ZIP64 fields", async () => {
    // 4 GiB + 1 MiB of zeros, copied as stored: the bytes pass through a sink that keeps only what follows them.
    const MiB = Buffer.alloc(1 << 20);
    const chunks = 4097;
    let crc = 0;
    for (let i = 0; i < chunks; i++) crc = zlib.crc32(MiB, crc);
    const big = chunks * MiB.length;
    const kept: Buffer[] = [];
    let seen = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        if (seen >= big) kept.push(Buffer.from(chunk)); // the local header of the big part is the first write
        else if (seen === 0) kept.push(Buffer.from(chunk));
        seen += chunk.length;
        done();
      },
    });
    const zip = new ZipWriter(sink, WHEN);
    await zip.addCopy("big.bin", { method: 0, crc32: crc, compressedSize: big, uncompressedSize: big }, Readable.from((function* () {
      for (let i = 0; i < chunks; i++) yield MiB;
    })()));
    await zip.addBuffer("after.xml", Buffer.from("<after/>"));
    await zip.finish();
    const [local, ...rest] = kept;
    // The big part's local header: sizes 0xFFFFFFFF, both in a ZIP64 extra field (id 1, 16 bytes).
    expect(local.readUInt32LE(18)).toBe(0xffffffff);
    expect(local.readUInt16LE(30 + 7)).toBe(0x0001);
    expect(Number(local.readBigUInt64LE(30 + 7 + 4))).toBe(big);
    expect(Number(local.readBigUInt64LE(30 + 7 + 12))).toBe(big);
    const tail = Buffer.concat(rest);
    // Central directory: the big part's sizes in its extra field; the part after it, its offset past 4 GiB.
    const bigAt = tail.indexOf(Buffer.from("big.bin")) - 46; // a central header is 46 bytes before its name
    expect(tail.readUInt32LE(bigAt)).toBe(0x02014b50);
    expect(tail.readUInt32LE(bigAt + 20)).toBe(0xffffffff);
    expect(Number(tail.readBigUInt64LE(bigAt + 46 + 7 + 4))).toBe(big);
    const afterAt = tail.indexOf(Buffer.from("after.xml"), bigAt + 46 + 7) - 46;
    expect(tail.readUInt32LE(afterAt)).toBe(0x02014b50);
    expect(tail.readUInt32LE(afterAt + 42)).toBe(0xffffffff);
    expect(Number(tail.readBigUInt64LE(afterAt + 46 + 9 + 4))).toBe(30 + 7 + 20 + big); // header + name + extra + data
    // End records: ZIP64 end of central directory, its locator, and the classic record pointing to it.
    const end64 = tail.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    expect(end64).toBeGreaterThan(afterAt);
    expect(Number(tail.readBigUInt64LE(end64 + 32))).toBe(2);
    expect(Number(tail.readBigUInt64LE(end64 + 48))).toBeGreaterThan(big);
    expect(tail.readUInt32LE(tail.length - 22 + 16)).toBe(0xffffffff);
  }, 120_000);

  test("a sink that fails ends the write with its error instead of hanging", async () => {
    const sink = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, done) {
        setImmediate(() => done(Object.assign(new Error("no space left on device"), { code: "ENOSPC" })));
      },
    });
    const zip = new ZipWriter(sink, WHEN);
    const run = (async () => {
      await zip.addDeflated("xl/worksheets/sheet1.xml", (function* () {
        for (let i = 0; i < 2000; i++) yield `<row r="${i}">${"<c><v>1</v></c>".repeat(500)}</row>`;
      })());
      await zip.finish();
    })();
    await expect(run).rejects.toThrow("no space left on device");
  });

  test("parts copied from one input may declare at most MAX_COPIED_BYTES together: the one past it is refused unread", async () => {
    const { sink } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    // Declared sizes only (a zip bomb's parts each inflate to what they declare): the first part is copied, the
    // part that takes the total past the limit is refused before one byte of it is read or inflated.
    const big = Buffer.alloc(1 << 20);
    const first = stored(big, 8);
    await zip.addCopy("xl/media/a.bin", first.part, pieces(first.bytes));
    let read = 0;
    const untouched = new Readable({
      read() {
        read++;
        this.push(null);
      },
    });
    const claim = { ...first.part, uncompressedSize: MAX_COPIED_BYTES - big.length + 1 };
    await expect(zip.addCopy("xl/media/b.bin", claim, untouched)).rejects.toThrow(/would unpack to 8,192 MiB, more than the 8 GiB/);
    expect(read).toBe(0);
  });

  test("rows that fail while a sheet is built fail the write", async () => {
    const { sink } = memorySink();
    const zip = new ZipWriter(sink, WHEN);
    const failing = (function* () {
      yield "<sheetData>".repeat(100_000);
      throw new Error("rows failed");
    })();
    await expect(zip.addDeflated("xl/worksheets/sheet1.xml", failing)).rejects.toThrow("rows failed");
  });
});

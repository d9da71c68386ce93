/**
 * OutputSheet[] → .xlsx (docs/ARCHITECTURE.md: the adapter only places what the engine built).
 *
 * docs/CONTRACT.md, Principles ("Nothing is lost") and Command line:
 * - the output goes into a COPY of the input workbook; the input file is only ever read. The copy is the input's
 *   own package with the output sheets added (package.ts): every part of the user's — sheets, charts, pivot
 *   tables, macros — goes across as it is;
 * - a sheet is replaced only when the tool created it, as listed in the very-hidden MARKER_SHEET; a user's sheet of
 *   the same name stays and the output is written beside it ("Settlement 2026-10 (2)"), via planOutputSheets;
 * - the file is written to a temporary name in the target's folder and renamed, so a failed run never leaves a
 *   half-written file (a rename within one folder is atomic).
 * Every text cell is written as a string (never a formula, even "=1+1" or "-5 min"); formulas come only from
 * OutputSheet.formulas, with the engine's own figure as the cached result (so a reader that does not recalculate
 * shows the same number). Sheets are streamed a block of rows at a time (sheetXml.ts), so a month of any size is
 * written in flat memory.
 */
import { randomBytes } from "crypto";
import { createWriteStream, promises as fs, rmSync } from "fs";
import path from "path";
import { Writable } from "stream";
import type { OutputSheet, PlannedSheet } from "../engine/core/output";
import { blankWorkbookParts, editWorkbook, listedOutputSheets, openZip, PackageError, type PartSource } from "./package";
import { checkXlsxSignature, XlsxReadError } from "./read";

/** The target exists and the command must not overwrite it (`template`), or it is the input itself. */
export class XlsxWriteRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: "exists" | "is-input",
  ) {
    super(reason === "exists" ? `${file} already exists; choose another name` : `${file} is the input workbook; the input is never rewritten`);
    this.name = "XlsxWriteRefused";
  }
}

/**
 * Writes bytes to `target` atomically: a temporary file in the same folder, then a rename (or, with
 * `overwrite: false`, a hard link that fails if the target exists, so an existing file is never replaced).
 */
const pendingTempFiles = new Set<string>();

/**
 * Removes temporary files of writes still in progress; for a host's SIGINT/SIGTERM handler (bin/sla-ledger.js), so
 * that Ctrl-C during a write leaves nothing behind. Synchronous: it runs just before the process exits.
 */
export function removePendingTempFiles(): void {
  for (const tmp of pendingTempFiles) rmSync(tmp, { force: true });
  pendingTempFiles.clear();
}

export async function writeFileAtomic(target: string, bytes: Uint8Array, opts: { overwrite: boolean }): Promise<void> {
  await writeAtomically(target, (tmp) => fs.writeFile(tmp, bytes, { flag: "wx" }), opts);
}

/** As writeFileAtomic, with the temporary file created (exclusively, "wx") and written by `fill`. */
async function writeAtomically(target: string, fill: (tmp: string) => Promise<void>, opts: { overwrite: boolean }): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pendingTempFiles.add(tmp);
  try {
    await fill(tmp);
    const handle = await fs.open(tmp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.overwrite) {
      await fs.rename(tmp, target);
    } else {
      try {
        await fs.link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new XlsxWriteRefused(target, "exists");
        throw e;
      }
    }
  } finally {
    await fs.rm(tmp, { force: true });
    pendingTempFiles.delete(tmp);
  }
}

/** Streams a package into a new file; resolves once the file is written and closed. */
function intoFile(write: (sink: NodeJS.WritableStream) => Promise<void>): (tmp: string) => Promise<void> {
  return async (tmp) => {
    const sink = createWriteStream(tmp, { flags: "wx", highWaterMark: 1 << 20 });
    const closed = new Promise<void>((resolve, reject) => {
      sink.on("close", resolve);
      sink.on("error", reject);
    });
    try {
      await write(sink);
    } finally {
      sink.end();
      await closed.catch(() => undefined);
    }
    await closed;
  };
}

/** The input workbook's package, opened for reading; XlsxReadError when it is missing or not a readable .xlsx. */
async function openInput(file: string): Promise<PartSource> {
  let head: Buffer;
  try {
    const h = await fs.open(file, "r");
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await h.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await h.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new XlsxReadError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String((e as Error).message));
  }
  checkXlsxSignature(head, file);
  try {
    return await openZip(file);
  } catch (e) {
    throw new XlsxReadError(file, `damaged .xlsx (${(e as Error).message})`);
  }
}

/** A package error (no workbook part, no styles…) is the input's fault: reported as an unreadable workbook. */
function asReadError(file: string, e: unknown): unknown {
  return e instanceof PackageError ? new XlsxReadError(file, `damaged or not an .xlsx workbook (${e.message})`) : e;
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (samePath(a, b)) return true;
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Places the output sheets into a copy of `input` and writes it to `out` atomically. The input is never opened
 * for writing; `out` equal to the input is refused (XlsxWriteRefused "is-input").
 */
export async function writeOutputWorkbook(input: string, sheets: readonly OutputSheet[], out: string): Promise<PlannedSheet[]> {
  if (await sameFile(input, out)) throw new XlsxWriteRefused(out, "is-input");
  const src = await openInput(input);
  try {
    const edit = await editWorkbook(src, sheets, { modified: new Date(), marker: true });
    await writeAtomically(out, intoFile(edit.writeTo), { overwrite: true });
    return edit.plans;
  } catch (e) {
    throw asReadError(input, e);
  } finally {
    src.close();
  }
}

/** The sheets the tool created in a workbook file, as its marker sheet lists them. */
export async function outputSheetsOf(file: string): Promise<string[]> {
  const src = await openInput(file);
  try {
    return await listedOutputSheets(src);
  } catch (e) {
    throw asReadError(file, e);
  } finally {
    src.close();
  }
}

/** A new workbook from sheets (the `template` command); refuses to overwrite an existing file. */
export async function writeNewWorkbook(sheets: readonly OutputSheet[], out: string, opts: { markAsOutput: boolean }): Promise<void> {
  const now = new Date();
  const edit = await editWorkbook(blankWorkbookParts(now), sheets, { modified: now, marker: opts.markAsOutput });
  await writeAtomically(out, intoFile(edit.writeTo), { overwrite: false });
}

/**
 * Bytes of a new workbook built from sheets (tests, the sample generator). `fixedDate` sets the document's
 * created/modified properties and the parts' times, so the same sheets give the same bytes on every run.
 */
export async function workbookBytes(sheets: readonly OutputSheet[], opts: { fixedDate?: Date } = {}): Promise<Uint8Array> {
  const when = opts.fixedDate ?? new Date();
  const edit = await editWorkbook(blankWorkbookParts(when), sheets, { modified: when, marker: false });
  const chunks: Buffer[] = [];
  await edit.writeTo(new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); } }));
  return new Uint8Array(Buffer.concat(chunks));
}

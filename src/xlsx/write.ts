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
import { constants as fsConstants, createWriteStream, promises as fs, rmSync } from "fs";
import path from "path";
import { Writable } from "stream";
import type { OutputSheet, PlannedSheet } from "../engine/core/output";
import { blankWorkbookParts, editWorkbook, listedOutputSheets, openZip, PackageError, type PartSource } from "./package";
import { checkXlsxSignature, openInputFile, XlsxReadError } from "./read";

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
 * The output cannot be written where the user asked: the folder is missing, not a folder or read-only, the target
 * is a read-only file, a folder or a device, or the file system refused during the write (disk full…). The CLI
 * says it in one line (exit 2); nothing is left behind. `folder` is the target's folder as the user wrote it.
 */
export class OutputNotWritable extends Error {
  readonly folder: string;
  constructor(
    readonly file: string,
    readonly problem: "no-folder" | "not-a-folder" | "folder-read-only" | "is-folder" | "not-a-file" | "read-only-file" | "write-failed",
    /** The file system's code (ENOSPC, EROFS…) for "write-failed". */
    readonly code?: string,
  ) {
    super(`cannot write ${file}: ${problem}${code ? ` (${code})` : ""}`);
    this.name = "OutputNotWritable";
    this.folder = path.dirname(file);
  }
}

/**
 * What the host is told about temporary files, and asked before one is published (bin/sla-ledger.js: a worker
 * process tells its parent each temporary file's name, so the parent can remove it if the worker is killed, and
 * publishes nothing once its parent is gone).
 */
export interface TempFileHooks {
  created?(tmp: string): void;
  /** Called just before the rename that publishes the output; the host may end the process instead of returning. */
  beforePublish?(): void;
}
let hooks: TempFileHooks = {};
export function setTempFileHooks(h: TempFileHooks): void {
  hooks = h;
}

/** Temporary files of writes still in progress (removed by removePendingTempFiles). */
const pendingTempFiles = new Set<string>();

/**
 * Removes temporary files of writes still in progress; for the host's handlers of signals (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) and of bugs no caller caught (bin/sla-ledger.js), so that an interrupted or failed write leaves nothing
 * behind. Synchronous: it runs just before the process exits.
 */
export function removePendingTempFiles(): void {
  for (const tmp of pendingTempFiles) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Already gone, or the folder went away: nothing of ours is left there.
    }
  }
  pendingTempFiles.clear();
}

const ERRNO_TO_PROBLEM: Record<string, OutputNotWritable["problem"]> = { ENOENT: "no-folder", ENOTDIR: "not-a-folder", EISDIR: "is-folder" };

/**
 * A file-system error on `target` or its temporary file as the target's problem (the temporary name means nothing
 * to the user); any other error (the input's, a bug) as it is.
 */
function asWriteFailure(target: string, tmp: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== "string" || typeof err.syscall !== "string") return e;
  if (err.path !== undefined && err.path !== tmp && path.resolve(err.path) !== path.resolve(target)) return e;
  return new OutputNotWritable(target, ERRNO_TO_PROBLEM[err.code] ?? "write-failed", err.code);
}

/** The folder `target` goes into exists, is a folder and may be written in; OutputNotWritable when not. */
export async function checkTargetFolder(target: string): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  let st;
  try {
    st = await fs.stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputNotWritable(target, code === "ENOENT" ? "no-folder" : code === "ENOTDIR" ? "not-a-folder" : "write-failed", code);
  }
  if (!st.isDirectory()) throw new OutputNotWritable(target, "not-a-folder");
  try {
    await fs.access(dir, fsConstants.W_OK | fsConstants.X_OK);
  } catch {
    throw new OutputNotWritable(target, "folder-read-only");
  }
}

/**
 * Whether `target` may be written: its folder as checkTargetFolder, and an existing target must be a regular file
 * (a rename would replace a folder's name or a device such as /dev/null) that is not read-only. A read-only file is
 * the user's way to say "keep this one" (a signed-off month, say): it is refused, not silently replaced — for
 * every account, as the file's permission bits say (the superuser, whom the system would let through, included).
 */
export async function checkTarget(target: string, opts: { overwrite: boolean }): Promise<void> {
  await checkTargetFolder(target);
  let st;
  try {
    st = await fs.lstat(target);
  } catch {
    return; // nothing there yet
  }
  if (st.isSymbolicLink()) {
    try {
      st = await fs.stat(target);
    } catch {
      return; // a dangling link: the rename replaces the link itself
    }
  }
  if (st.isDirectory()) throw new OutputNotWritable(target, "is-folder");
  if (!st.isFile()) throw new OutputNotWritable(target, "not-a-file");
  if (!opts.overwrite) throw new XlsxWriteRefused(target, "exists");
  const writable = (st.mode & 0o222) !== 0 && (await fs.access(target, fsConstants.W_OK).then(() => true, () => false));
  if (!writable) throw new OutputNotWritable(target, "read-only-file");
}

/**
 * Writes bytes to `target` atomically: a temporary file in the same folder, then a rename (or, with
 * `overwrite: false`, a hard link that fails if the target exists, so an existing file is never replaced).
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array, opts: { overwrite: boolean }): Promise<void> {
  await writeAtomically(target, (tmp) => fs.writeFile(tmp, bytes, { flag: "wx" }), opts);
}

/** As writeFileAtomic, with the temporary file created (exclusively, "wx") and written by `fill`. */
async function writeAtomically(target: string, fill: (tmp: string) => Promise<void>, opts: { overwrite: boolean }): Promise<void> {
  await checkTarget(target, opts);
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pendingTempFiles.add(tmp);
  try {
    hooks.created?.(tmp);
    await fill(tmp);
    const handle = await fs.open(tmp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Checked again at the last moment: the target may have been made read-only (or a folder) during the write.
    await checkTarget(target, opts);
    hooks.beforePublish?.();
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
  } catch (e) {
    throw asWriteFailure(target, tmp, e);
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
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
    // A file error (disk full, the folder gone) settles both at once: the write stops waiting for a drain that
    // will never come, and the rejection is observed here, never left unhandled.
    const failed = new Promise<never>((_, reject) => sink.on("error", reject));
    closed.catch(() => undefined);
    failed.catch(() => undefined);
    try {
      await Promise.race([write(sink), failed]);
    } finally {
      sink.end();
      await closed.catch(() => undefined);
    }
    await closed;
  };
}

/** The input workbook's package, opened for reading; XlsxReadError when it is missing or not a readable .xlsx. */
async function openInput(file: string): Promise<PartSource> {
  // A pipe, a device, a folder or a file past the size cap is refused before a byte is read (read.ts openInputFile).
  const h = await openInputFile(file);
  let head = Buffer.alloc(8);
  try {
    const { bytesRead } = await h.read(head, 0, 8, 0);
    head = head.subarray(0, bytesRead);
  } catch (e) {
    throw new XlsxReadError(file, String((e as Error).message));
  } finally {
    await h.close();
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

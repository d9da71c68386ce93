/**
 * The output sheets' XML built on a second core. The command's write was one thread building XML text (and zlib's
 * thread deflating it); the engine's thread now builds each block of rows (the engine's work: findings, traces) and
 * hands it to a worker thread (sheetXmlWorker.ts), which builds the block's XML and encodes it while the next block
 * is being built here. The XML is the same, byte for byte, as worksheetXml gives on one thread: the worker runs the
 * same code (worksheetParts) with a style book planned from the same sheets, and it alone extends the shared-string
 * table while the sheets are written, in the same order; the table's additions come back at the end (finish).
 *
 * Off unless SLA_LEDGER_SHEET_WORKER=1, and then for a copy of WORKER_MIN_ROWS rows or more. Measured on the full
 * sheet (1,048,575 tickets, the shared 2-core machine at load 3-4, one run each): 214.8 s and 4.05 GB peak with the
 * worker, 216.8 s and 3.27 GB on one thread. The engine's thread, zlib's and the worker compete for two cores, and
 * the worker's copy of each block and its heap cost memory the full sheet cannot spare; so one thread stays the
 * default until the rows can reach the worker cheaper than by structured cloning.
 */
import { existsSync } from "fs";
import path from "path";
import { Worker } from "worker_threads";
import type { Cell } from "../engine/core/cells";
import { rowBlockOf, rowCountOf, sheetWidthOf, type OutputSheet } from "../engine/core/output";
import { WRITE_BLOCK_ROWS, type SharedStrings, type StylesBase } from "./sheetXml";

/** A sheet without its rows: what the worker needs to write it. */
export interface SheetSpec {
  fields: Partial<OutputSheet>;
  count: number;
  width: number;
}

export interface WorkerSetup {
  stylesBase: StylesBase;
  /** The sheets the style book is planned from, in the order the engine's thread planned them. */
  planned: SheetSpec[];
  sharedBase: number;
}

export type ToWorker =
  | { type: "sheet"; spec: SheetSpec }
  | { type: "rows"; from: number; to: number; block: Cell[][] }
  | { type: "end" }
  | { type: "finish" };

export type FromWorker =
  | { type: "xml"; bytes: ArrayBuffer; length: number }
  | { type: "consumed" }
  | { type: "sheetDone" }
  | { type: "shared"; added: string[]; references: number }
  | { type: "error"; message: string };

/** Below this many rows in all, the copy is written on this thread. */
export const WORKER_MIN_ROWS = 20_000;
/** Blocks sent ahead of the worker: enough to keep it busy, few enough to bound the memory they hold. */
const BLOCKS_AHEAD = 4;

/** The sheet's own fields but its rows (a lazy sheet's `rows` is a getter that would build them all). */
export function specOf(sheet: OutputSheet): SheetSpec {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(sheet)) {
    if (key === "rows" || key === "lazyRows" || key === "remoteRows") continue;
    fields[key] = (sheet as unknown as Record<string, unknown>)[key];
  }
  return { fields: fields as Partial<OutputSheet>, count: rowCountOf(sheet), width: sheetWidthOf(sheet) };
}

/** Where the worker's code is: beside this file, compiled (build/) or, in tests, as TypeScript. */
function workerFile(): { file: string; execArgv: string[] } | null {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `sheetXmlWorker${ext}`);
  if (!existsSync(file)) return null;
  return { file, execArgv: ext === ".ts" ? ["--require", "ts-node/register/transpile-only"] : [] };
}

export function useSheetWorker(sheets: readonly OutputSheet[], env: Record<string, string | undefined> = process.env): boolean {
  if (env.SLA_LEDGER_SHEET_WORKER !== "1") return false;
  let rows = 0;
  for (const s of sheets) rows += rowCountOf(s);
  return rows >= WORKER_MIN_ROWS && workerFile() !== null;
}

export interface SheetXmlThread {
  /** One sheet's XML as UTF-8 bytes; sheets one after the other, in the order the copy writes them. */
  sheet(sheet: OutputSheet): AsyncGenerator<Buffer>;
  /** Brings the shared-string table up to date with what the worker added; then the worker stops. */
  finish(shared: SharedStrings): Promise<void>;
  /** Stops the worker (on failure, or after finish). */
  close(): Promise<void>;
}

export function startSheetXmlThread(setup: WorkerSetup): SheetXmlThread {
  const where = workerFile();
  if (!where) throw new Error("the sheet XML worker is missing");
  // The worker keeps little for long (the style book, the texts it added to the shared table: at most 100,000),
  // so its heap is bounded well below the engine's: garbage from the blocks it has written is collected early
  // instead of piling up beside the month held on the main thread.
  const worker = new Worker(where.file, { workerData: setup, execArgv: where.execArgv, resourceLimits: { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 48 } });
  // Messages wait here until the writer asks for them; a failure of the worker ends every wait.
  const inbox: FromWorker[] = [];
  let waiting: ((m: FromWorker) => void) | null = null;
  let failure: Error | null = null;
  const deliver = (m: FromWorker) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else inbox.push(m);
  };
  worker.on("message", (m: FromWorker) => deliver(m));
  worker.on("error", (e) => {
    failure ??= e;
    deliver({ type: "error", message: e.message });
  });
  worker.on("exit", (code) => {
    if (code !== 0) {
      failure ??= new Error(`the sheet XML worker stopped (exit ${code})`);
      deliver({ type: "error", message: failure.message });
    }
  });
  const next = (): Promise<FromWorker> => {
    const m = inbox.shift();
    if (m) return Promise.resolve(m);
    if (failure) return Promise.resolve({ type: "error", message: failure.message });
    return new Promise((resolve) => (waiting = resolve));
  };
  const post = (m: ToWorker) => worker.postMessage(m);
  const fail = (m: { message: string }) => new Error(`writing sheet XML on the worker thread: ${m.message}`);

  return {
    async *sheet(sheet) {
      const count = rowCountOf(sheet);
      post({ type: "sheet", spec: specOf(sheet) });
      let from = 0;
      let ahead = 0;
      let ended = false;
      for (;;) {
        while (!ended && ahead < BLOCKS_AHEAD) {
          if (from < count) {
            const to = Math.min(count, from + WRITE_BLOCK_ROWS);
            post({ type: "rows", from, to, block: rowBlockOf(sheet, from, to) });
            from = to;
            ahead += 1;
          } else {
            post({ type: "end" });
            ended = true;
          }
        }
        const m = await next();
        if (m.type === "xml") yield Buffer.from(m.bytes, 0, m.length);
        else if (m.type === "consumed") ahead -= 1;
        else if (m.type === "sheetDone") return;
        else if (m.type === "error") throw fail(m);
        else throw new Error(`unexpected message from the sheet XML worker: ${m.type}`);
      }
    },
    async finish(shared) {
      post({ type: "finish" });
      const m = await next();
      if (m.type === "error") throw fail(m);
      if (m.type !== "shared") throw new Error(`unexpected message from the sheet XML worker: ${m.type}`);
      shared.adopt(m.added, m.references);
      await worker.terminate();
    },
    async close() {
      await worker.terminate();
    },
  };
}

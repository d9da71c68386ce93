/**
 * The worker thread of sheetXmlThread.ts: builds the output sheets' XML from blocks of rows the engine's thread
 * sends, and sends it back as UTF-8 bytes, a megabyte at a time. It holds its own copy of the style book (planned
 * from the same sheets, so every cell format has the same index) and the workbook's shared-string table, which only
 * this thread extends while sheets are written; the table's additions go back at the end.
 */
import { parentPort, workerData } from "worker_threads";
import type { Cell } from "../engine/core/cells";
import type { OutputSheet } from "../engine/core/output";
import { SharedStrings, StyleBook, worksheetParts, type StylesBase, type WorksheetParts } from "./sheetXml";
import type { SheetSpec, ToWorker, FromWorker, WorkerSetup } from "./sheetXmlThread";

const port = parentPort!;
const setup = workerData as WorkerSetup;
const book = new StyleBook(setup.stylesBase as StylesBase);
for (const spec of setup.planned) book.plan(sheetOf(spec));
const shared = new SharedStrings(setup.sharedBase);

/** A sheet as worksheetParts reads it: everything but its rows, which arrive in blocks. */
function sheetOf(spec: SheetSpec): OutputSheet {
  return {
    ...spec.fields,
    rows: [],
    lazyRows: {
      count: spec.count,
      block: () => {
        throw new Error("the rows of a sheet come from the engine's thread");
      },
    },
  } as OutputSheet;
}

const BATCH_BYTES = 1 << 20;
const encoder = new TextEncoder();
let batch = new Uint8Array(BATCH_BYTES);
let filled = 0;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Sends what is filled, handing its memory over (no copy). */
function flush(): void {
  if (filled === 0) return;
  const bytes = batch.buffer as ArrayBuffer;
  post({ type: "xml", bytes, length: filled }, [bytes]);
  batch = new Uint8Array(BATCH_BYTES);
  filled = 0;
}

function send(text: string): void {
  // UTF-8 takes at most three bytes per UTF-16 unit.
  if (filled + text.length * 3 > BATCH_BYTES) flush();
  if (text.length * 3 > BATCH_BYTES) {
    const bytes = encoder.encode(text);
    post({ type: "xml", bytes: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);
    return;
  }
  filled += encoder.encodeInto(text, batch.subarray(filled)).written;
}

let current: { parts: WorksheetParts; next: number } | null = null;

port.on("message", (m: ToWorker) => {
  try {
    switch (m.type) {
      case "sheet": {
        const parts = worksheetParts(sheetOf(m.spec), book, shared, m.spec.width);
        current = { parts, next: 0 };
        send(parts.head());
        break;
      }
      case "rows": {
        const c = current!;
        for (const piece of c.parts.rows(m.from, m.to, m.block as Cell[][])) send(piece);
        c.next = m.to;
        flush();
        post({ type: "consumed" });
        break;
      }
      case "end": {
        const c = current!;
        // Rows past the values that carry a formula or a row style (worksheetXml writes them the same way).
        if (c.next < c.parts.end) for (const piece of c.parts.rows(c.next, c.parts.end, [])) send(piece);
        send(c.parts.tail());
        flush();
        current = null;
        post({ type: "sheetDone" });
        break;
      }
      case "finish":
        post({ type: "shared", added: shared.added, references: shared.references });
        break;
    }
  } catch (e) {
    post({ type: "error", message: (e as Error)?.stack ?? String(e) });
  }
});

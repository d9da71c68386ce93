/**
 * Microsoft's own Office.js client library (the `@microsoft/office-js` package's Excel web script), loaded in a
 * Node VM, so a test can see the exact request Excel would receive for each `context.sync()`.
 *
 * The library builds each batch as JSON (actions and object paths) and hands it to a request executor; inside
 * Office that executor is the host bridge, which sends `JSON.stringify(body)` to Excel (OfficeJsRequestExecutor in
 * the script). Here a stub executor takes its place: it records the body's UTF-8 size and answers with an empty
 * result, which the library accepts.
 *
 * `dualRun` drives the adapter through both at once: every call goes to the in-memory fake (which answers, and
 * enforces Excel's rules) and to a real Office.js RequestContext (which serialises); each sync sends the real
 * batch to the stub, then the fake's. Collections' items (sheet lists, a sheet's tables and charts) exist only in
 * the fake's answers, so the few actions on them (deleting a rerun's old tables and charts) are not measured;
 * every action on sheets, ranges, formats, page layout, tables and charts created by the adapter is.
 */
import { readFileSync } from "fs";
import path from "path";
import vm from "vm";
import type { ExcelRun } from "../../src/excel/adapter";
import type { FakeExcel, FakeRequestContext } from "../../src/excel/fake/fakeExcel";

const SCRIPT = path.resolve(__dirname, "../../node_modules/@microsoft/office-js/dist/excel-web-16.00.js");

interface OfficeJsExcel {
  RequestContext: new (url: string) => Excel.RequestContext & { _requestExecutor: unknown };
}

let loaded: OfficeJsExcel | null = null;

/** The Excel namespace of Microsoft's script, evaluated once per process in a sandbox with a minimal window. */
export function loadOfficeJs(): OfficeJsExcel {
  if (loaded) return loaded;
  const quiet = { log() {}, warn() {}, error() {}, info() {}, debug() {} };
  const sandbox: Record<string, unknown> = { console: quiet, setTimeout, clearTimeout, Promise };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  sandbox.navigator = { userAgent: "node" };
  sandbox.document = { addEventListener() {}, readyState: "complete", getElementsByTagName: () => [], createElement: () => ({}) };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(SCRIPT, "utf8"), sandbox, { filename: "excel-web-16.00.js" });
  loaded = sandbox.Excel as OfficeJsExcel;
  if (!loaded?.RequestContext) throw new Error("Office.js did not define Excel.RequestContext");
  return loaded;
}

export interface RequestLog {
  /** UTF-8 bytes of each request body Office.js built, in order. */
  requests: number[];
  /** The body of the largest request (for a look at what it holds). */
  largestBody: string;
}

/** A real Office.js context whose requests go to a stub that measures them. */
export function measuringContext(log: RequestLog): Excel.RequestContext {
  const ctx = new (loadOfficeJs().RequestContext)("https://stub.invalid/excel");
  ctx._requestExecutor = {
    executeAsync(_customData: unknown, _flags: number, message: { Body: { Actions?: { Id: number; ActionType: number }[] } }) {
      const body = JSON.stringify(message.Body);
      const bytes = Buffer.byteLength(body, "utf8");
      if (bytes > Math.max(0, ...log.requests)) log.largestBody = body;
      log.requests.push(bytes);
      // Excel answers each Instantiate action (type 1) with a reference to the object, which keeps an object a
      // method made (worksheets.add()) usable in the next batch; nothing else needs an answer here.
      const results = (message.Body.Actions ?? []).filter((a) => a.ActionType === 1).map((a) => ({ ActionId: a.Id, Value: { _ReferenceId: `ref${a.Id}` } }));
      return Promise.resolve({ HttpStatusCode: 200, ErrorCode: "", ErrorMessage: "", Headers: {}, Body: { Results: results } });
    },
  };
  return ctx;
}

const PAIR = Symbol("pair");
type Pair = { fake: unknown; real: unknown };
const pairOf = (v: unknown): Pair | null => (v !== null && (typeof v === "object" || typeof v === "function") && (v as Record<symbol, Pair>)[PAIR]) || null;
const fakeSide = (v: unknown) => pairOf(v)?.fake ?? v;
const realSide = (v: unknown) => (pairOf(v) ? pairOf(v)!.real : v);

/** One object seen through both sides: answers come from the fake, every call and assignment goes to both. */
function dual(fake: unknown, real: unknown): unknown {
  if (fake === null || (typeof fake !== "object" && typeof fake !== "function")) return fake;
  if (Array.isArray(fake)) return fake.map((item) => dual(item, null));
  const pair: Pair = { fake, real };
  return new Proxy(fake as object, {
    get(target, prop) {
      if (prop === PAIR) return pair;
      const value = Reflect.get(target, prop, target);
      if (typeof value === "function") {
        return (...args: unknown[]) => {
          const fromFake = (value as (...a: unknown[]) => unknown).apply(target, args.map(fakeSide));
          // sync is the fake's, which sends the real batch first (dualRun); a promise is the fake's alone.
          if (prop === "sync" || fromFake instanceof Promise) return fromFake;
          let fromReal: unknown = null;
          const r = real as Record<PropertyKey, unknown> | null;
          if (r && typeof r[prop] === "function") fromReal = (r[prop] as (...a: unknown[]) => unknown).apply(r, args.map(realSide));
          return dual(fromFake, fromReal);
        };
      }
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        let fromReal: unknown = null;
        try {
          fromReal = real ? (real as Record<PropertyKey, unknown>)[prop] : null;
        } catch {
          fromReal = null; // a value the real side would need loaded: only the fake answers
        }
        return dual(value, fromReal);
      }
      return value;
    },
    set(target, prop, value) {
      Reflect.set(target, prop, fakeSide(value), target);
      if (real) (real as Record<PropertyKey, unknown>)[prop] = realSide(value);
      return true;
    },
  });
}

/**
 * An ExcelRun over the fake host that also builds every batch with the real Office.js and logs its size. The
 * adapter sees the fake's answers and errors.
 */
export function dualRun(fake: FakeExcel, log: RequestLog): ExcelRun {
  return (async (options: Excel.RunOptions, batch: (ctx: Excel.RequestContext) => Promise<unknown>) =>
    fake.run(options, async (fakeCtx: FakeRequestContext) => {
      const real = measuringContext(log);
      const ctx = dual(fakeCtx, real) as Excel.RequestContext;
      const fakeSync = fakeCtx.sync.bind(fakeCtx);
      // One sync: the real batch to the measuring stub, then the fake's (which may refuse it, as Excel would).
      (fakeCtx as { sync: () => Promise<void> }).sync = async () => {
        await real.sync();
        await fakeSync();
      };
      return batch(ctx);
    })) as ExcelRun;
}

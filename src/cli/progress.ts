/**
 * A progress bar on stderr for large workbooks, only when stderr is a terminal: piped or redirected
 * output (CI logs, `--json > out.json`) never gets control characters. The engine is synchronous and reports no
 * progress of its own, so the bar moves per stage (read, settle, write).
 */
import { SingleBar } from "cli-progress";
import type { CliIO } from "./io";

/** Workbooks at least this large (bytes; about 30,000 ticket rows) get a bar. */
export const LARGE_BOOK_BYTES = 1024 * 1024;

export interface Progress {
  stage(name: string): void;
  stop(): void;
  readonly shown: boolean;
}

export function makeProgress(io: CliIO, bookBytes: number, stages: readonly string[]): Progress {
  if (!io.stderr.isTTY || bookBytes < LARGE_BOOK_BYTES) return { stage: () => undefined, stop: () => undefined, shown: false };
  const bar = new SingleBar({
    // The bar's own cursor codes go to the terminal as they are (io.ts escapes only what is printed as text).
    stream: io.stderr.raw ?? (io.stderr as unknown as NodeJS.WritableStream),
    format: "sla-ledger {stage} [{bar}] {value}/{total}",
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  let stopped = false;
  return {
    shown: true,
    stage(name: string) {
      if (stopped) return;
      const index = Math.max(0, stages.indexOf(name));
      if (!started) {
        bar.start(stages.length, index, { stage: name });
        started = true;
      } else bar.update(index, { stage: name });
    },
    stop() {
      if (started && !stopped) {
        bar.update(stages.length);
        bar.stop();
      }
      stopped = true;
    },
  };
}

/** Where the CLI writes: injectable so tests run `main` in-process and capture stdout/stderr. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  /** `raw`: the terminal stream itself, for the progress bar's own cursor codes (processIO; absent in tests). */
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number; raw?: NodeJS.WritableStream };
  /** The environment (LANG, SOURCE_DATE_EPOCH); defaults to process.env. */
  env: Record<string, string | undefined>;
  /** The host clock for "generated at" in reports; injectable for tests. */
  now: () => Date;
}

/**
 * Characters that a terminal obeys rather than shows: the C0 controls except tab and line feed (ESC starts the
 * ECMA-48 sequences that move the cursor, recolour or set the window title; BEL rings; CR overwrites the line),
 * DEL, the C1 controls U+0080–U+009F (8-bit CSI/OSC, ECMA-48 §5.3), and the Unicode bidirectional controls that
 * reorder what is shown (Unicode UAX #9: LRM/RLM, ALM, LRE…RLO, LRI…PDI), by which a cell could make a line read
 * other than it is.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: every such character written visibly as `\uXXXX` (the form JSON uses, so a JSON document
 * on stdout keeps its meaning). Everything the command prints passes through here (processIO), since workbook
 * content reaches the terminal in issue lines, provider and sheet names, and file names.
 */
export function escapeForTerminal(text: string): string {
  TERMINAL_CONTROL.lastIndex = 0;
  if (!TERMINAL_CONTROL.test(text)) return text;
  TERMINAL_CONTROL.lastIndex = 0;
  return text.replace(TERMINAL_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function processIO(): CliIO {
  const stderr = {
    write: (text: string) => process.stderr.write(escapeForTerminal(text)),
    get isTTY() {
      return process.stderr.isTTY;
    },
    get columns() {
      return process.stderr.columns;
    },
    raw: process.stderr as NodeJS.WritableStream,
  };
  return { stdout: { write: (text: string) => process.stdout.write(escapeForTerminal(text)) }, stderr, env: process.env, now: () => new Date() };
}

/** Exit codes (docs/CONTRACT.md, Command line). */
export const EXIT_OK = 0;
export const EXIT_DATA_ERRORS = 1;
export const EXIT_USAGE = 2;

/** A usage problem or an unreadable workbook: message on stderr, exit 2, nothing written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

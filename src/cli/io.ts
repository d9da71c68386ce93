/** Where the CLI writes: injectable so tests run `main` in-process and capture stdout/stderr. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** The environment (LANG, SOURCE_DATE_EPOCH); defaults to process.env. */
  env: Record<string, string | undefined>;
  /** The host clock for "generated at" in reports; injectable for tests. */
  now: () => Date;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() };
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

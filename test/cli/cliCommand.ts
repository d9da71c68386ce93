/**
 * How tests run the command as a user does: Node on bin/sla-ledger.js, in a process of its own (jest's global setup
 * has brought build/ up to date). SLA_LEDGER_BIN names another checkout's bin/sla-ledger.js instead, to take
 * reference figures from an older version of the command (the output hashes of outputParts.test.ts).
 */
import * as path from "path";

export function cliCommand(): string[] {
  return [process.execPath, process.env.SLA_LEDGER_BIN || path.resolve(__dirname, "../../bin/sla-ledger.js")];
}

/** How tests run the command as a user does: Node on bin/sla-ledger.js, in a process of its own. */
import * as path from "path";

export function cliCommand(): string[] {
  return [process.execPath, path.resolve(__dirname, "../../bin/sla-ledger.js")];
}

/**
 * `npm run hostile-corpus -- DIR`: writes every hostile input of the corpus into DIR (one file or folder per case,
 * named by its id), with a list of what each is and what the command must do with it, to try by hand.
 */
import * as fs from "fs";
import * as path from "path";
import { allCases } from "./corpus";

async function main(target: string | undefined): Promise<void> {
  if (!target) {
    process.stderr.write("usage: npm run hostile-corpus -- DIR\n");
    process.exit(2);
  }
  fs.mkdirSync(target, { recursive: true });
  const lines: string[] = [];
  for (const c of allCases()) {
    const dir = path.join(target, c.id);
    fs.mkdirSync(dir, { recursive: true });
    const input = await c.make(dir);
    lines.push(`${c.id}\t${c.klass}\texit ${c.expect.exit}\t${path.relative(target, input)}\t${c.what}`);
  }
  fs.writeFileSync(path.join(target, "CASES.tsv"), `id\tclass\texpected\tinput\twhat\n${lines.join("\n")}\n`);
  process.stdout.write(`wrote ${lines.length} cases to ${target} (CASES.tsv lists them)\n`);
}

void main(process.argv[2]);

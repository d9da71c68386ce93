/**
 * For `npm run bench`: the largest request Office.js builds for the adapter's batches (reading the input,
 * writing the outputs), for a synthetic month of N tickets with Chinese remarks. Prints one JSON line.
 *   node -r ts-node/register/transpile-only test/officejs/largestRequest.ts 100000
 */
import { settleMonth } from "../../src/engine";
import { readInputSheets, writeOutputSheets } from "../../src/excel/adapter";
import { FakeExcel } from "../../src/excel/fake/fakeExcel";
import { syntheticWorkbook } from "../../bench/synthetic";
import { dualRun, type RequestLog } from "./officeJs";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10000);
  const wb = syntheticWorkbook(n);
  const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
  tickets.rows[0].push("Remarks");
  for (let r = 1; r < tickets.rows.length; r++) tickets.rows[r].push(`客户反映设备无法开机，工程师上门检测后更换主板并完成调试。（工单 ${r}）`);
  const fake = new FakeExcel(wb.sheets);
  const log: RequestLog = { requests: [], largestBody: "" };
  const read = await readInputSheets(dualRun(fake, log));
  const readRequests = log.requests.length;
  const run = settleMonth(read, { month: "2026-10", lang: "zh" });
  fake.state.keepWrittenCells = false;
  await writeOutputSheets(dualRun(fake, log), run.sheets);
  process.stdout.write(`${JSON.stringify({ tickets: n, requests: log.requests.length, readRequests, largestRequestBytes: Math.max(...log.requests) })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

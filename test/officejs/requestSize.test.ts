/**
 * Every request the adapter sends, as Microsoft's Office.js serialises it, stays under Excel on the web's 5 MB
 * limit with margin: for the sample workbook and for a 100,000-ticket month with Chinese text.
 */
import path from "path";
import { settleMonth } from "../../src/engine";
import { readInputSheets, writeOutputSheets } from "../../src/excel/adapter";
import { FakeExcel } from "../../src/excel/fake/fakeExcel";
import { ACTION_BYTES, PAYLOAD_LIMIT, REQUEST_BUDGET } from "../../src/excel/payload";
import { readXlsx } from "../../src/xlsx";
import { syntheticWorkbook } from "../../bench/synthetic";
import { dualRun, measuringContext, type RequestLog } from "./officeJs";

/** Margin kept under the limit: a request may be at most 60% of 5 MB. */
const WITH_MARGIN = 0.6 * PAYLOAD_LIMIT;
const newLog = (): RequestLog => ({ requests: [], largestBody: "" });

describe("Office.js's own requests", () => {
  it("the real library serialises a batch; a formatting action costs a few hundred bytes, as the adapter plans", async () => {
    const log = newLog();
    const ctx = measuringContext(log);
    const ws = ctx.workbook.worksheets.getItem("发现 2026-10");
    ws.getRangeByIndexes(0, 0, 1, 1).values = [["x"]];
    await ctx.sync();
    for (let i = 0; i < 1000; i++) {
      const rows = ws.getRangeByIndexes(i * 2, 0, 1, 14);
      rows.format.fill.color = "#FDE7E9";
      rows.format.font.bold = true;
    }
    await ctx.sync();
    const perAction = log.requests[1] / 2000;
    expect(perAction).toBeGreaterThan(100);
    expect(perAction).toBeLessThanOrEqual(ACTION_BYTES); // the adapter's estimate is not below the real cost
  });

  it("reading and settling the sample: every request under 5 MB with margin", async () => {
    const wb = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
    const fake = new FakeExcel(wb.sheets);
    const log = newLog();
    const read = await readInputSheets(dualRun(fake, log));
    const run = settleMonth(read, { month: "2026-10", lang: "zh" });
    await writeOutputSheets(dualRun(fake, log), run.sheets);
    await writeOutputSheets(dualRun(fake, log), run.sheets); // the rerun, in place
    expect(log.requests.length).toBeGreaterThan(20);
    expect(Math.max(...log.requests)).toBeLessThan(WITH_MARGIN);
    // The figures written are the engine's (the fake answered every call).
    expect(fake.sheet(run.sheets[0].name)!.values.length).toBe(run.sheets[0].rows.length);
  }, 120_000);

  it("a 100,000-ticket month with Chinese remarks: every request under 5 MB with margin", async () => {
    const wb = syntheticWorkbook(100_000);
    const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
    const remarks = "客户反映设备无法开机，工程师上门检测后更换主板并完成调试。";
    tickets.rows[0].push("Remarks");
    for (let r = 1; r < tickets.rows.length; r++) tickets.rows[r].push(`${remarks}（工单 ${r}）`);
    const fake = new FakeExcel(wb.sheets);
    const log = newLog();
    const read = await readInputSheets(dualRun(fake, log));
    const run = settleMonth(read, { month: "2026-10", lang: "zh" });
    fake.state.keepWrittenCells = false; // measured and checked, not kept
    await writeOutputSheets(dualRun(fake, log), run.sheets);
    const largest = Math.max(...log.requests);
    expect(largest).toBeGreaterThan(REQUEST_BUDGET / 4); // blocks are large, not needlessly small
    expect(largest).toBeLessThan(WITH_MARGIN);
  }, 600_000);
});

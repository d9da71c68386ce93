import * as path from "path";
import { settleMonth } from "../engine";
import { Dec } from "../engine/core/money";
import { buildReport } from "../engine/report";
import type { ReportModel } from "../engine/report/model";
import { readXlsx } from "../xlsx";
import { decimalsFromWire, decimalsToWire } from "./wire";

describe("the report model crossing from the engine's worker (structured clone)", () => {
  let model: ReportModel;
  beforeAll(async () => {
    const run = settleMonth(await readXlsx(path.join(__dirname, "../../examples/sample.xlsx")), { month: "2026-10", lang: "en" });
    model = buildReport(run, run.statements[0].provider, { generatedAt: "2026-11-28T00:00:00Z", inputSha256: "ab".repeat(32), toolVersion: "test" });
  });

  it("cannot cross as it is: a decimal carries its class, which structured clone refuses (why the wire format exists)", () => {
    expect(() => structuredClone(model)).toThrow(/could not be cloned/);
  });

  it("arrives with every amount a decimal of the same exact value, and every other field equal", () => {
    const back = decimalsFromWire<ReportModel>(structuredClone(decimalsToWire(model)));
    expect(JSON.stringify(back)).toBe(JSON.stringify(model));
    expect(Dec.isDecimal(back.summary.netPayable)).toBe(true);
    expect(back.summary.netPayable.plus(0).toFixed(2)).toBe(model.summary.netPayable.toFixed(2));
    expect(back.evidence.length).toBeGreaterThan(0);
    expect(back.evidence.every((e) => Dec.isDecimal(e.penalty) && typeof e.trace.en === "string" && e.trace.en.length > 0)).toBe(true);
  });
});

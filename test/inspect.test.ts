/** The add-in's Setup view reads the structure without settling: sheets and fields, providers, the likely month. */
import * as path from "path";
import { inspectWorkbook, templateWorkbook } from "../src/engine";
import { readXlsx } from "../src/xlsx";

it("inspects the sample: its sheets, two providers, October 2026", async () => {
  const o = inspectWorkbook(await readXlsx(path.join(__dirname, "../examples/sample.xlsx")));
  expect(o.providers).toEqual(["Huaxiu Service Co.", "Jietong Repair Ltd."]);
  expect(o.latestReportMonth).toBe("2026-10");
  expect(o.recognised.map((r) => r.role).sort()).toEqual(["agreement", "events", "invoice", "payments", "sla", "statements", "tickets"]);
  expect(o.recognised.find((r) => r.role === "tickets")!.unrecognised.map((u) => u.header)).toEqual(["Remarks"]);
});

it("an empty workbook has nothing recognised and no month", () => {
  expect(inspectWorkbook({ sheets: [{ name: "Sheet1", rows: [] }] })).toEqual({ recognised: [], providers: [], latestReportMonth: "", providerVariants: [] });
  const t = inspectWorkbook({ sheets: templateWorkbook("zh").map((s) => ({ name: s.name, rows: s.rows })) });
  expect(t.latestReportMonth).toBe("2026-10");
});

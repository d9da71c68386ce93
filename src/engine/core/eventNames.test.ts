import "../index"; // registers every module's message catalog
import { fieldsFor } from "../sheet";
import { renderIssue } from "./messages";
import { eventName, STANDARD_EVENT_ZH } from "./eventNames";
import type { Issue } from "./issues";

const issue = (code: string, params: Record<string, string>): Issue => ({ severity: "warning", code, sheet: "Tickets", cell: "A2", value: "T-1", params, ticket: "T-1" });

describe("event names in Chinese texts", () => {
  it("are the Tickets sheet's Chinese headers without their 时间", () => {
    const headers = fieldsFor("tickets").filter((f) => f.field in STANDARD_EVENT_ZH);
    expect(headers.length).toBe(9);
    for (const f of headers) expect(`${STANDARD_EVENT_ZH[f.field]}时间`).toBe(f.zh);
  });

  it("name standard events in Chinese, with no stray spaces", () => {
    const t = renderIssue(issue("FINDING_END_MISSING", { clause: "2.4", event: "returned" }), "zh");
    expect(t.problem + t.fix).not.toMatch(/returned/);
    expect(t.problem).toContain("所需的返还时间");
    expect(t.fix).toContain("补充返还时间");
  });

  it("keep a custom event name as the user wrote it, and English as it was", () => {
    expect(renderIssue(issue("FINDING_START_MISSING", { clause: "3", event: "Parts Ordered" }), "zh").problem).toContain("缺少“Parts Ordered”时间");
    expect(renderIssue(issue("FINDING_END_MISSING", { clause: "2.4", event: "returned" }), "en").problem).toContain("returned");
    expect(eventName("onsite", "zh")).toBe("上门");
    expect(eventName("onsite", "en")).toBe("onsite");
  });
});

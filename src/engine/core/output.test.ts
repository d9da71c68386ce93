import { planOutputSheets } from "./output";

describe("planOutputSheets (SPEC §1.1: nothing is lost)", () => {
  it("creates new sheets under the wanted names", () => {
    expect(planOutputSheets(["Findings 2026-10"], ["Tickets"], [])).toEqual([
      { wanted: "Findings 2026-10", name: "Findings 2026-10", replace: false },
    ]);
  });
  it("replaces a sheet the tool created", () => {
    expect(planOutputSheets(["Findings 2026-10"], ["Tickets", "findings 2026-10"], ["Findings 2026-10"])[0]).toEqual({
      wanted: "Findings 2026-10", name: "Findings 2026-10", replace: true,
    });
  });
  it("writes beside a user's own sheet of the same name, and reuses its own earlier (2)", () => {
    expect(planOutputSheets(["Settlement 2026-10"], ["Settlement 2026-10"], [])[0].name).toBe("Settlement 2026-10 (2)");
    expect(
      planOutputSheets(["Settlement 2026-10"], ["Settlement 2026-10", "Settlement 2026-10 (2)"], ["Settlement 2026-10 (2)"])[0],
    ).toEqual({ wanted: "Settlement 2026-10", name: "Settlement 2026-10 (2)", replace: true });
  });
});

import { planOutputSheets, supersededOutputSheets } from "./output";

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

describe("supersededOutputSheets: an earlier, larger run's extra sheets of the same month", () => {
  const created = [
    "Findings 2026-10", "Findings 2026-10 part 2", "Findings 2026-10 part 3", "Fees 2026-10", "Fees 2026-10 part 2",
    "Settlement 2026-10", "Findings 2026-09 part 2", "Fees 2026-09",
  ];
  it("are the parts and Fees sheets of this run's month that this run does not write", () => {
    expect(supersededOutputSheets(created, ["Findings 2026-10", "Findings 2026-10 part 2", "Settlement 2026-10", "KPIs 2026-10"]))
      .toEqual(["Findings 2026-10 part 3", "Fees 2026-10", "Fees 2026-10 part 2"]);
  });
  it("never another month's sheets, never a sheet the tool did not create, nothing for a run without a Findings sheet", () => {
    expect(supersededOutputSheets(created, ["Findings 2026-11"])).toEqual([]);
    expect(supersededOutputSheets(["Findings 2026-10"], ["Findings 2026-10"])).toEqual([]);
    expect(supersededOutputSheets(created, ["Tickets", "Events"])).toEqual([]);
  });
});

/**
 * `report`'s file names (src/cli/main.ts slug, reportFileNames): one PDF per provider, each a name of its own on any
 * disk — case-insensitive ones (Windows, macOS) included — and a name every system can hold.
 */
import { reportFileNames, slug } from "../../src/cli/main";
import { shortHash } from "../../src/engine/core/output";

const hash = (p: string) => shortHash(p, 8);

describe("report file names", () => {
  it("one provider: exactly --pdf", () => {
    expect([...reportFileNames("out/r.pdf", ["Huaxiu Service Co."], hash)]).toEqual([["Huaxiu Service Co.", "out/r.pdf"]]);
  });

  it("names that differ only by case or punctuation each get their own tag, whatever the order", () => {
    const providers = ["Huaxiu Service Co.", "Huaxiu Service Co", "HUAXIU SERVICE CO", "Jietong Repair Ltd."];
    const a = reportFileNames("r.pdf", providers, hash);
    const b = reportFileNames("r.pdf", [...providers].reverse(), hash);
    for (const p of providers) expect(a.get(p)).toBe(b.get(p));
    expect(new Set([...a.values()].map((f) => f.toLowerCase())).size).toBe(4);
    expect(a.get("Jietong Repair Ltd.")).toBe("r.Jietong-Repair-Ltd.pdf");
    expect(a.get("Huaxiu Service Co.")).toMatch(/^r\.Huaxiu-Service-Co-[0-9a-f]{8}\.pdf$/);
  });

  it("a slug is letters and digits within 80 bytes, cut between characters, never a Windows device name", () => {
    expect(slug("a/b\\c:..\u0007CON")).toBe("a-b-c-CON");
    expect(slug("con")).toBe("con-provider");
    expect(slug("LPT1")).toBe("LPT1-provider");
    expect(slug("...")).toBe("provider");
    const long = slug("捷通维修服务有限公司".repeat(11));
    expect(Buffer.byteLength(long, "utf8")).toBeLessThanOrEqual(80);
    expect(long.startsWith("捷通维修服务有限公司")).toBe(true);
    expect(slug("😀".repeat(40))).toBe("provider"); // no letter or digit in it: the word stands in
  });
});

/**
 * The manifest is valid against the Office XSDs, every resid resolves, every URL points at a file the
 * production build produces (npm test builds dist/ first), each icon has its declared size, and the production
 * build writes SLA_LEDGER_URL into dist/manifest.xml.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const checks = require("../../scripts/manifest-checks.js");
const root = path.resolve(__dirname, "../..");
const source = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const DEV = "https://localhost:3000";

describe("manifest.xml", () => {
  it("validates against the Office add-in XSDs with xmllint", () => {
    expect(checks.xmllint(path.join(root, "manifest.xml"))).toMatchObject({ ok: true });
  });

  it("is rejected by the same check when an element is out of order (the check can fail)", () => {
    const broken = source.replace(/(<Permissions>ReadWriteDocument<\/Permissions>)/, "").replace("<Hosts>", "<Permissions>ReadWriteDocument</Permissions><Hosts>");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "broken.xml");
    fs.writeFileSync(file, broken);
    expect(checks.xmllint(file).ok).toBe(false);
  });

  it("declares an Excel task pane with ExcelApi 1.9, ReadWriteDocument, a Home-tab button and zh-CN texts", () => {
    expect(source).toMatch(/<Host Name="Workbook"\/>/);
    expect(source).toMatch(/<Set Name="ExcelApi" MinVersion="1.9"\/>/);
    expect(source).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
    expect(source).toMatch(/<OfficeTab id="TabHome">[\s\S]*<Action xsi:type="ShowTaskpane">/);
    expect(source.match(/Locale="zh-CN"/g)!.length).toBeGreaterThanOrEqual(6);
    expect(source).toMatch(/<Id>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/Id>/);
  });

  it("resolves every resid (and notices one that does not)", () => {
    expect(checks.unresolvedResids(source)).toEqual([]);
    expect(checks.unresolvedResids(source.replace('resid="Taskpane.Url"', 'resid="Taskpane.Nowhere"'))).toEqual(["Taskpane.Nowhere"]);
  });

  it("has icons of the declared sizes (16, 32, 64, 80)", () => {
    const icons = checks.declaredIcons(source, DEV);
    expect(new Set(icons.map((i: { size: number }) => i.size))).toEqual(new Set([16, 32, 64, 80]));
    for (const icon of icons) {
      expect(checks.pngSize(path.join(root, icon.file))).toEqual({ width: icon.size, height: icon.size });
    }
  });
});

describe("the production build (dist/)", () => {
  const dist = path.join(root, "dist");
  it("produces every file the manifest points at", () => {
    expect(fs.existsSync(path.join(dist, "manifest.xml"))).toBe(true); // npm test builds first; else `npm run build`
    const built = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
    const paths: string[] = checks.urlPaths(built, DEV);
    expect(paths).toEqual(expect.arrayContaining(["taskpane.html", "commands.html", "assets/icon-16.png", "assets/icon-80.png"]));
    for (const p of paths) expect(fs.existsSync(path.join(dist, p))).toBe(true);
    // SupportUrl is a page that makes sense outside Office, not the task pane.
    expect(built).toMatch(/<SupportUrl DefaultValue="[^"]*\/support\.html"\/>/);
    expect(fs.readFileSync(path.join(dist, "support.html"), "utf8")).toMatch(/SLA Ledger support/);
  });

  it("writes SLA_LEDGER_URL into dist/manifest.xml, and the result is still valid", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const makeConfig = require("../../webpack.config.js");
    const previous = process.env.SLA_LEDGER_URL;
    process.env.SLA_LEDGER_URL = "https://addins.example.com/sla-ledger/";
    try {
      const config = await makeConfig({}, { mode: "production" });
      const copy = config.plugins.find((p: { constructor: { name: string } }) => p.constructor.name === "CopyPlugin");
      const pattern = copy.patterns.find((p: { to: string }) => p.to === "manifest.xml");
      const out = String(pattern.transform(Buffer.from(source)));
      expect(out).not.toContain(DEV);
      expect(out).toContain('<SourceLocation DefaultValue="https://addins.example.com/sla-ledger/taskpane.html"/>');
      // An AppDomain is an origin: no path.
      expect(out).toContain("<AppDomain>https://addins.example.com</AppDomain>");
      expect(out).not.toMatch(/<AppDomain>[^<]*\/sla-ledger/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "manifest.xml");
      fs.writeFileSync(file, out);
      expect(checks.xmllint(file)).toMatchObject({ ok: true });
    } finally {
      if (previous === undefined) delete process.env.SLA_LEDGER_URL;
      else process.env.SLA_LEDGER_URL = previous;
    }
  });

  it("the task pane page forbids connections beyond its own origin (CSP) and loads Office.js from Microsoft's CDN", () => {
    const html = fs.readFileSync(path.join(dist, "taskpane.html"), "utf8");
    expect(html).toMatch(/Content-Security-Policy[^>]*connect-src 'self' blob:;/);
    expect(html).toMatch(/script-src 'self' https:\/\/appsforoffice\.microsoft\.com;/);
    expect(html).toMatch(/<script src="?office-loader.js"?>/); // minified HTML drops the quotes
    expect(fs.readFileSync(path.join(dist, "office-loader.js"), "utf8")).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    expect(fs.existsSync(path.join(dist, "office-js"))).toBe(false); // no local copy to drift from Microsoft's
    expect(fs.readFileSync(path.join(dist, "commands.html"), "utf8")).toMatch(/<script src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"?>/);
  });
});

/**
 * The manifest's worksheet functions: a shared runtime on taskpane.html (Runtimes, FunctionFile and the functions'
 * Page all on Taskpane.Url, as Microsoft's shared-runtime setup requires), the CustomFunctions extension point with
 * namespace SLA, and a production build that produces functions.js and the functions.json generated from the code.
 * https://learn.microsoft.com/office/dev/add-ins/develop/configure-your-add-in-to-use-a-shared-runtime
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const checks = require("../../scripts/manifest-checks.js");
const root = path.resolve(__dirname, "../..");
const source = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const DEV = "https://localhost:3000";
const urlOf = (id: string) => new RegExp(`<bt:Url id="${id.replace(".", "\\.")}" DefaultValue="([^"]+)"`).exec(source)?.[1];

describe("manifest.xml: the SLA functions in a shared runtime", () => {
  it("requires SharedRuntime 1.1 and runs one long-lived runtime on taskpane.html", () => {
    expect(source).toMatch(/<Set Name="SharedRuntime" MinVersion="1\.1"\/>/);
    expect(source).toMatch(/<Runtimes>\s*<Runtime resid="Taskpane\.Url" lifetime="long"\/>\s*<\/Runtimes>/);
    expect(source).toMatch(/<FunctionFile resid="Taskpane\.Url"\/>/);
    expect(urlOf("Taskpane.Url")).toBe(`${DEV}/taskpane.html`);
  });

  it("declares the CustomFunctions extension point: functions.js, the page taskpane.html, functions.json, namespace SLA", () => {
    const point = /<ExtensionPoint xsi:type="CustomFunctions">([\s\S]*?)<\/ExtensionPoint>/.exec(source)?.[1] ?? "";
    expect(point).toMatch(/<Script>\s*<SourceLocation resid="Functions\.Script\.Url"\/>/);
    expect(point).toMatch(/<Page>\s*<SourceLocation resid="Taskpane\.Url"\/>/);
    expect(point).toMatch(/<Metadata>\s*<SourceLocation resid="Functions\.Metadata\.Url"\/>/);
    expect(point).toMatch(/<Namespace resid="Functions\.Namespace"\/>/);
    expect(urlOf("Functions.Script.Url")).toBe(`${DEV}/functions.js`);
    expect(urlOf("Functions.Metadata.Url")).toBe(`${DEV}/functions.json`);
    expect(source).toMatch(/<bt:String id="Functions\.Namespace" DefaultValue="SLA"\/>/);
    expect(checks.unresolvedResids(source)).toEqual([]);
  });

  it("validates offline, and the schema still rejects Runtimes out of place (after DesktopFormFactor)", () => {
    expect(checks.xmllint(path.join(root, "manifest.xml"))).toMatchObject({ ok: true });
    const runtimes = /\s*<!--[^>]*-->\s*<Runtimes>[\s\S]*?<\/Runtimes>/.exec(source)![0];
    const moved = source.replace(runtimes, "").replace("</DesktopFormFactor>", `</DesktopFormFactor>${runtimes}`);
    expect(moved).not.toBe(source);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "moved.xml");
    fs.writeFileSync(file, moved);
    expect(checks.xmllint(file).ok).toBe(false);
    const badLifetime = source.replace('lifetime="long"', 'lifetime="forever"');
    fs.writeFileSync(file, badLifetime);
    expect(checks.xmllint(file).ok).toBe(false);
  });
});

describe("webpack: the functions bundle", () => {
  it("builds functions.js into taskpane.html (the shared runtime's page) and functions.json from the code", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const makeConfig = require("../../webpack.config.js");
    const config = await makeConfig({}, { mode: "production" });
    expect(config.entry.functions).toBe("./src/functions/functions.ts");
    const names = config.plugins.map((p: { constructor: { name: string } }) => p.constructor.name);
    expect(names).toContain("CustomFunctionsMetadataPlugin");
    const pane = config.plugins.find((p: { userOptions?: { filename?: string } }) => p.userOptions?.filename === "taskpane.html");
    expect(pane.userOptions.chunks).toEqual(expect.arrayContaining(["taskpane", "functions"]));
  });

  it("dist/ (when built) holds functions.js with the five associations and functions.json as generated from the code", async () => {
    const dist = path.join(root, "dist");
    if (!fs.existsSync(path.join(dist, "functions.json"))) {
      // npm test builds dist/ first; a bare jest run without a build checks the configuration above only.
      expect(fs.existsSync(path.join(dist, "manifest.xml"))).toBe(false);
      return;
    }
    const generated = await generateCustomFunctionsMetadata(path.join(root, "src/functions/functions.ts"), false);
    expect(JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8"))).toEqual(JSON.parse(generated.metadataJson));
    const js = fs.readFileSync(path.join(dist, "functions.js"), "utf8");
    for (const id of ["DUE", "ELAPSED", "LATEBY", "WORKDAY", "ISWORKDAY"]) expect(js).toContain(`CustomFunctions.associate("${id}"`);
    expect(fs.readFileSync(path.join(dist, "taskpane.html"), "utf8")).toMatch(/<script defer(?:="defer")? src="?functions\.js"?>/);
    const built = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
    expect(checks.urlPaths(built, DEV)).toEqual(expect.arrayContaining(["functions.js", "functions.json"]));
  }, 60_000);
});

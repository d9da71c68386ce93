/**
 * LibreOffice as an independent spreadsheet engine: recalculates an .xlsx headless
 * and hands back the recalculated workbook. Each call uses its own private profile (-env:UserInstallation), so
 * parallel jest workers and a user's running LibreOffice never clash, and the profile tells Calc to recalculate
 * every .xlsx formula on load (its default trusts the cached values, which would prove nothing).
 */
import { execFile } from "child_process";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { pathToFileURL } from "url";

const ALWAYS_RECALC = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Converts `file` (.xlsx) to a recalculated .xlsx in a fresh folder; resolves to its path. */
export async function recalculateWithLibreOffice(file: string): Promise<string> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "sla-soffice-"));
  const profile = path.join(work, "profile");
  await fs.mkdir(path.join(profile, "user"), { recursive: true });
  await fs.writeFile(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALC);
  const outdir = path.join(work, "out");
  await fs.mkdir(outdir);
  await new Promise<void>((resolve, reject) => {
    execFile(
      "soffice",
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, file],
      { timeout: 120_000 },
      (err, _stdout, stderr) => (err ? reject(new Error(`soffice failed: ${err.message}\n${stderr}`)) : resolve()),
    );
  });
  const out = path.join(outdir, path.basename(file).replace(/\.[^.]+$/, "") + ".xlsx");
  await fs.access(out);
  return out;
}

/**
 * Prints each .xlsx to PDF as LibreOffice would (its print setup: paper, orientation, scaling, print titles,
 * header/footer), all in one soffice run; resolves to the PDFs' paths in the same order.
 */
export async function printWithLibreOffice(files: string[]): Promise<string[]> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "sla-soffice-pdf-"));
  const profile = path.join(work, "profile");
  await fs.mkdir(path.join(profile, "user"), { recursive: true });
  await fs.writeFile(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALC);
  const outdir = path.join(work, "out");
  await fs.mkdir(outdir);
  await new Promise<void>((resolve, reject) => {
    execFile(
      "soffice",
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outdir, ...files],
      { timeout: 240_000 },
      (err, _stdout, stderr) => (err ? reject(new Error(`soffice failed: ${err.message}\n${stderr}`)) : resolve()),
    );
  });
  const out = files.map((f) => path.join(outdir, path.basename(f).replace(/\.[^.]+$/, "") + ".pdf"));
  for (const f of out) await fs.access(f);
  return out;
}

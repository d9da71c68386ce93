/**
 * Bad files: a password-protected workbook, a zip bomb, a truncated file → exit 2 with a clear message,
 * no output file, and the zip bomb refused from its directory before anything is inflated (bounded memory).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { declaredEntrySizes, MAX_UNCOMPRESSED_BYTES } from "../../src/xlsx/read";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-badfiles-"));

/** A zip whose central directory declares one entry of `declared` bytes (what a bomb's directory says). */
function zipDeclaring(declared: number): Buffer {
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(local.length + name.length, 16);
  return Buffer.concat([local, name, central, name, eocd]);
}

function reconcile(file: string) {
  const out = path.join(dir, `${path.basename(file)}.out.xlsx`);
  const r = spawnSync(process.execPath, [path.join(root, "bin", "sla-ledger.js"), "reconcile", file, "--month", "2026-10", "--out", out], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr, wrote: fs.existsSync(out) };
}

/** What the zip directory declares the parts unpack to, together; null when it cannot be read. */
function declaredUncompressedBytes(bytes: Buffer): number | null {
  const sizes = declaredEntrySizes(bytes);
  return sizes ? [...sizes.values()].reduce((a, b) => a + b, 0) : null;
}

it("reads the declared size from the zip directory", () => {
  expect(declaredUncompressedBytes(zipDeclaring(123456))).toBe(123456);
  expect(declaredUncompressedBytes(Buffer.from("PK\x03\x04 no directory"))).toBeNull();
  const sample = fs.readFileSync(path.join(root, "examples", "sample.xlsx"));
  expect(declaredUncompressedBytes(sample)).toBeGreaterThan(sample.length);
  expect(declaredUncompressedBytes(sample)).toBeLessThan(MAX_UNCOMPRESSED_BYTES);
});

it.each([
  ["password-protected", Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]), /password-protected/],
  ["zip bomb", zipDeclaring(4_000_000_000), /would unpack to 3,815 MiB/],
  ["truncated", fs.readFileSync(path.join(root, "examples", "sample.xlsx")).subarray(0, 5000), /damaged/],
])("%s → exit 2, a clear message, nothing written", (name, bytes, message) => {
  const file = path.join(dir, `${name.replace(/\W/g, "-")}.xlsx`);
  fs.writeFileSync(file, bytes);
  const r = reconcile(file);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.wrote).toBe(false);
}, 60_000);

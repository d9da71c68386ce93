import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileSha256, nodeSha256 } from "../../src/cli/main";
import { XlsxReadError } from "../../src/xlsx/read";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-sha-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the input's SHA-256 (read a mebibyte at a time)", () => {
  it.each([0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345])("equals the digest of the whole file (%d bytes)", async (size) => {
    const file = path.join(dir, `f${size}.xlsx`);
    const bytes = randomBytes(size);
    fs.writeFileSync(file, bytes);
    expect(await fileSha256(file)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("refuses what the reader refuses, as the reader says it: no such file, a folder", async () => {
    await expect(fileSha256(path.join(dir, "missing.xlsx"))).rejects.toThrow(XlsxReadError);
    await expect(fileSha256(dir)).rejects.toThrow(XlsxReadError);
  });
});

describe("nodeSha256 (the evidence file's hasher in the CLI)", () => {
  it("is the digest of the texts' UTF-8 join", () => {
    const texts = ["ticket,clause\n", "T-1,2.2(1)\n", "工单，超时\n", "\ud83d\ude00\n"];
    expect(nodeSha256(texts)).toBe(createHash("sha256").update(texts.join(""), "utf8").digest("hex"));
    expect(nodeSha256([])).toBe(createHash("sha256").digest("hex"));
  });
});

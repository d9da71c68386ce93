import { createHash } from "crypto";
import { nodeSha256 } from "../../src/cli/main";

describe("nodeSha256 (the evidence file's hasher in the CLI)", () => {
  it("is the digest of the texts' UTF-8 join", () => {
    const texts = ["ticket,clause\n", "T-1,2.2(1)\n", "工单，超时\n", "\ud83d\ude00\n"];
    expect(nodeSha256(texts)).toBe(createHash("sha256").update(texts.join(""), "utf8").digest("hex"));
    expect(nodeSha256([])).toBe(createHash("sha256").digest("hex"));
  });
});

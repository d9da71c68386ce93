import { createHash } from "crypto";
import fc from "fast-check";
import { sha256Hex, utf8Bytes } from "./sha256";

describe("sha256Hex (the engine's own, for the report's evidence file)", () => {
  it("equals Node's SHA-256 on any text, its UTF-8 bytes equal Buffer's (CJK, emoji, lone lengths around block edges)", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 200 })), (text) => {
      const bytes = utf8Bytes(text);
      expect(Buffer.from(bytes).equals(Buffer.from(text, "utf8"))).toBe(true);
      expect(sha256Hex(bytes)).toBe(createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex"));
    }), { numRuns: 200 });
  });

  it("known digests (FIPS 180-4 examples)", () => {
    expect(sha256Hex(utf8Bytes(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(utf8Bytes("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const n of [55, 56, 63, 64, 65, 119, 120]) {
      const text = "a".repeat(n);
      expect(sha256Hex(utf8Bytes(text))).toBe(createHash("sha256").update(text).digest("hex"));
    }
  });
});

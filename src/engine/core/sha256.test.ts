import { createHash } from "crypto";
import fc from "fast-check";
import { Sha256, sha256Hex, sha256OfTexts, utf8Bytes } from "./sha256";

const nodeSha = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

describe("sha256Hex (the engine's own, for the report's evidence file)", () => {
  it("equals Node's SHA-256 on any text, its UTF-8 bytes equal Buffer's (CJK, emoji, lone lengths around block edges)", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 200 })), (text) => {
      const bytes = utf8Bytes(text);
      expect(Buffer.from(bytes).equals(Buffer.from(text, "utf8"))).toBe(true);
      expect(sha256Hex(bytes)).toBe(nodeSha(Buffer.from(text, "utf8")));
    }), { numRuns: 200 });
  });

  it("writes a lone surrogate as U+FFFD, as TextEncoder and Buffer do, and a pair as one 4-byte character", () => {
    for (const text of ["\ud800", "a\udc00b", "\udbff\udfff", "\ud83d\ude00x\ud83d", "\ude00\ud83d"]) {
      expect(Buffer.from(utf8Bytes(text)).equals(Buffer.from(text, "utf8"))).toBe(true);
      expect(Buffer.from(utf8Bytes(text)).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
    }
  });

  it("known digests (FIPS 180-4 examples)", () => {
    expect(sha256Hex(utf8Bytes(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(utf8Bytes("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const n of [55, 56, 63, 64, 65, 119, 120]) {
      const text = "a".repeat(n);
      expect(sha256Hex(utf8Bytes(text))).toBe(nodeSha(text));
    }
  });
});

describe("Sha256 fed in pieces", () => {
  it("gives the digest of the whole, wherever the pieces are cut (within a block, at its edges, over several)", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 8 }), (bytes, cuts) => {
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const hash = new Sha256();
      let from = 0;
      for (const to of [...at, bytes.length]) {
        hash.update(bytes.subarray(from, to));
        from = to;
      }
      expect(hash.hex()).toBe(nodeSha(bytes));
    }), { numRuns: 300 });
  });

  it("answers the same digest when asked twice, and refuses bytes after it", () => {
    const hash = new Sha256().update(utf8Bytes("abc"));
    expect(hash.hex()).toBe(hash.hex());
    expect(() => hash.update(new Uint8Array(1))).toThrow(/after hex/);
  });
});

describe("sha256OfTexts (the engine's TextSha256)", () => {
  it("is the digest of the texts' join, for texts of whole characters (CJK, emoji), short and long", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 200 })), { maxLength: 12 }), (texts) => {
      expect(sha256OfTexts(texts)).toBe(nodeSha(Buffer.from(texts.join(""), "utf8")));
    }), { numRuns: 200 });
  });

  it("takes any iterable once, generators included", () => {
    function* lines() {
      for (let i = 0; i < 1000; i++) yield `line ${i}, 第${i}行\n`;
    }
    expect(sha256OfTexts(lines())).toBe(nodeSha([...lines()].join("")));
  });
});

/**
 * Text on its way to the terminal (src/cli/io.ts escapeForTerminal): what a terminal would obey is shown as
 * `\uXXXX`, everything else — line breaks, tabs, Chinese, the CLI's own punctuation — goes out as it is.
 */
import { escapeForTerminal } from "../../src/cli/io";

it("shows C0 controls (but tab and line feed), DEL, C1 controls and bidi controls as \\uXXXX", () => {
  expect(escapeForTerminal("a\u001b]0;title\u0007b")).toBe("a\\u001b]0;title\\u0007b");
  expect(escapeForTerminal("x\ry\u0000z\u007f\u0085\u009b")).toBe("x\\u000dy\\u0000z\\u007f\\u0085\\u009b");
  expect(escapeForTerminal("\u202eevil\u2066\u2069\u200e\u200f\u061c")).toBe("\\u202eevil\\u2066\\u2069\\u200e\\u200f\\u061c");
});

it("leaves ordinary text alone: lines, tabs, Chinese, symbols", () => {
  const text = "book.xlsx:Tickets!F7: DATE_UNREADABLE: \"2026-13-01\"\tFix: …\n华修服务有限公司 · 净应付 49,395.70 — ✓\n";
  expect(escapeForTerminal(text)).toBe(text);
});

it("keeps a JSON document's meaning: the escaped text parses back to the exact string", () => {
  const value = { provider: "Jietong \u001b[2J\u009b31mRepair\u202eLtd.", note: "line\nbreak" };
  const printed = escapeForTerminal(JSON.stringify(value, null, 2));
  expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  expect(JSON.parse(printed)).toEqual(value);
});

/**
 * The functions' metadata as Microsoft's generator makes it from the JSDoc tags in src/functions/functions.ts (the
 * same call the webpack plugin makes): names, parameters, which are optional, result types, and one
 * CustomFunctions.associate per function onto the function that computes it.
 */
import * as path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import * as functions from "../../src/functions/functions";

const source = path.resolve(__dirname, "../../src/functions/functions.ts");

interface Parameter {
  name: string;
  type: string;
  optional?: boolean;
  description: string;
}
interface Metadata {
  functions: { id: string; name: string; description: string; parameters: Parameter[]; result: { type: string } }[];
}

let metadata: Metadata;
let associations: { id: string; functionName: string }[];
beforeAll(async () => {
  const result = await generateCustomFunctionsMetadata(source, false);
  expect(result.errors).toEqual([]);
  metadata = JSON.parse(result.metadataJson);
  associations = result.associate;
}, 60_000);

const signature = (id: string) =>
  metadata.functions.find((f) => f.id === id)?.parameters.map((p) => `${p.name}:${p.type}${p.optional ? "?" : ""}`);

it("declares the five SLA functions by name", () => {
  expect(metadata.functions.map((f) => [f.id, f.name])).toEqual([
    ["DUE", "DUE"], ["ELAPSED", "ELAPSED"], ["LATEBY", "LATEBY"], ["WORKDAY", "WORKDAY"], ["ISWORKDAY", "ISWORKDAY"],
  ]);
});

it("has the documented parameters, with calendar and hours optional", () => {
  expect(signature("DUE")).toEqual(["start:number", "target:number", "unit:string", "calendar:string?", "hours:string?"]);
  expect(signature("ELAPSED")).toEqual(["start:number", "end:number", "unit:string", "calendar:string?", "hours:string?"]);
  expect(signature("LATEBY")).toEqual(["start:number", "end:number", "target:number", "unit:string", "calendar:string?", "hours:string?"]);
  expect(signature("WORKDAY")).toEqual(["date:number", "n:number", "calendar:string?"]);
  expect(signature("ISWORKDAY")).toEqual(["date:number", "calendar:string?"]);
});

it("returns numbers (date serials, durations) and a boolean for ISWORKDAY; every function and parameter is described", () => {
  expect(Object.fromEntries(metadata.functions.map((f) => [f.id, f.result.type]))).toEqual({
    DUE: "number", ELAPSED: "number", LATEBY: "number", WORKDAY: "number", ISWORKDAY: "boolean",
  });
  for (const f of metadata.functions) {
    expect(f.description.length).toBeGreaterThan(20);
    for (const p of f.parameters) expect(p.description.length).toBeGreaterThan(5);
  }
});

it("associates each id with the exported function that computes it", () => {
  expect(associations.map((a) => [a.id, a.functionName])).toEqual([
    ["DUE", "due"], ["ELAPSED", "elapsed"], ["LATEBY", "lateBy"], ["WORKDAY", "workday"], ["ISWORKDAY", "isWorkday"],
  ]);
  for (const a of associations) expect(typeof (functions as Record<string, unknown>)[a.functionName]).toBe("function");
});

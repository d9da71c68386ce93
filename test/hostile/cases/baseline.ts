/**
 * The yardsticks: the sample as it is (settles, exit 0), and the sample passed through the corpus's own zip writer
 * (the same parts re-zipped settle the same way), so every other case differs from a working workbook only in what
 * it sets out to break.
 */
import * as fs from "fs";
import type { HostileCase } from "../corpus";
import { SAMPLE, sampleWith, writeCase } from "../zipParts";

export const cases: HostileCase[] = [
  {
    id: "baseline-sample",
    klass: "baseline",
    what: "the sample workbook as shipped settles with exit 0",
    make: (dir) => writeCase(dir, "sample.xlsx", fs.readFileSync(SAMPLE)),
    expect: { exit: 0, stdout: /net payable 49,395\.70/ },
  },
  {
    id: "baseline-rezipped",
    klass: "baseline",
    what: "the sample re-zipped by the corpus's zip writer settles to the same figures",
    make: async (dir) => writeCase(dir, "rezipped.xlsx", await sampleWith({})),
    expect: { exit: 0, stdout: /net payable 49,395\.70[\s\S]*net payable 23,910\.95/ },
  },
];

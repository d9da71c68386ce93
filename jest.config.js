const fs = require("fs");
const path = require("path");

/** Type-checking is done once by `tsc` (npm run lint, and the first step of npm test); jest only transpiles. */
module.exports = {
  testEnvironment: "node",
  // Only existing folders: jest refuses a missing root, and a fresh clone may have no test/ yet.
  roots: ["src", "test"].filter((d) => fs.existsSync(path.join(__dirname, d))).map((d) => `<rootDir>/${d}`),
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, tsconfig: "tsconfig.json" }],
  },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testTimeout: 120000,
  // Tests that spawn bin/sla-ledger.js run the built command: build/ is refreshed from the sources first.
  globalSetup: "<rootDir>/test/buildCli.js",
};

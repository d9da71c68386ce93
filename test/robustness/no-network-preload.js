/**
 * Preloaded into the CLI by test/robustness/no-network.test.ts: every way Node can reach the network throws, and
 * the attempt is reported on stderr, so a run that succeeds made no network call (docs/CONTRACT.md, Principles, "Offline and private").
 */
"use strict";
const blocked = (what) =>
  function () {
    process.stderr.write(`NETWORK CALL BLOCKED: ${what}\n`);
    throw new Error(`network call blocked in test: ${what}`);
  };
for (const mod of ["net", "tls", "http", "https", "http2", "dns", "dgram"]) {
  const m = require(mod);
  for (const fn of ["connect", "createConnection", "request", "get", "lookup", "resolve", "createSocket"]) {
    if (typeof m[fn] === "function") m[fn] = blocked(`${mod}.${fn}`);
  }
}
globalThis.fetch = blocked("fetch");
globalThis.WebSocket = blocked("WebSocket");

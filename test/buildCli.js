/**
 * jest's global setup: tests run the command as a user does (bin/sla-ledger.js, which runs the JavaScript in
 * build/), so build/ is brought up to date from the sources before any test starts.
 */
"use strict";
module.exports = () => {
  require("../scripts/build-cli.js").build();
};

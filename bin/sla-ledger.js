#!/usr/bin/env node
/**
 * The `sla-ledger` command (package.json "bin"). Runs the compiled JavaScript in build/ (`npm run build:cli`, which
 * `npm ci` runs through the "prepare" script), as an installed npm package would: no TypeScript compiler at start.
 * When build/ is missing (a checkout where `npm ci` ran with --ignore-scripts), it says how to build, and exits 2.
 *
 * The process around the command (docs/SECURITY.md, "Errors, exit codes and signals"): every way a run can end —
 * a bug, a signal, the worker process killed by the system — ends in one plain line, the documented exit code, and
 * no temporary file left beside the output.
 */
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const v8 = require("v8");

const root = path.join(__dirname, "..");
const built = path.join(root, "build", "cli", "main.js");
const writer = path.join(root, "build", "xlsx", "write.js");
const ioModule = path.join(root, "build", "cli", "io.js");
if (!fs.existsSync(built)) {
  process.stderr.write(
    `sla-ledger: the command is not built yet (${path.relative(process.cwd(), built)} is missing); run \`npm run build:cli\` in ${root}\n` +
      `sla-ledger：命令尚未构建（缺少 ${path.relative(process.cwd(), built)}）；请在 ${root} 中运行 \`npm run build:cli\`\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const EXIT_INTERNAL = 3;
/** The signals that end a run; each exits 128 + its number (130 for Ctrl-C), as a shell reports a signal. */
const SIGNALS = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM"];
const signalExit = (signal) => 128 + (os.constants.signals[signal] || 0);

/** The language of messages written here: --lang, else the locale (main.ts langOfArgs). */
function lang() {
  try {
    return require(built).langOfArgs(args, process.env);
  } catch {
    return "en";
  }
}

/** One line on stderr, escaped as everything the command prints (io.ts); never throws (the terminal may be gone). */
function say(en, zh) {
  try {
    const text = `${lang() === "zh" ? zh : en}\n`;
    process.stderr.write(require(ioModule).escapeForTerminal(text));
  } catch {
    /* no terminal left to tell */
  }
}

// A reader that went away (`sla-ledger … | head`) is not a failure of the run: what it no longer reads is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e && e.code !== "EPIPE" && e.code !== "EIO") throw e;
  });
}

// Only a settling command reads a workbook; help, version and template start at once, in this process.
const settles = args[0] === "reconcile" || args[0] === "report";

// A full sheet of a million tickets needs more than Node's default heap (about 4 GB): the input's values and the
// month's findings are held while the output streams out. So a settling command runs itself once more with a heap
// sized to the machine (three quarters of its memory) and a larger young generation; the child does the work.
const HEAP_MIB = Math.floor((os.totalmem() / 2 ** 20) * 0.75);
if (settles && !process.env.SLA_LEDGER_SIZED && v8.getHeapStatistics().heap_size_limit / 2 ** 20 < HEAP_MIB * 0.9) {
  runWorker();
} else {
  runHere();
}

/**
 * This process waits for the worker. The worker tells it, over an IPC channel, the name of each temporary file it
 * creates; whatever way the worker ends, those files are removed here too (a worker killed by the system's
 * out-of-memory killer cannot remove its own). The IPC channel is also how the worker knows this process is still
 * there: when this process dies, even by SIGKILL, the channel closes and the worker stops without publishing.
 */
function runWorker() {
  const { spawn } = require("child_process");
  const child = spawn(
    process.execPath,
    // The parent's own Node options (e.g. a `-r` preload) go along, so the child runs exactly as this one would.
    [...process.execArgv, `--max-old-space-size=${HEAP_MIB}`, "--max-semi-space-size=32", __filename, ...args],
    { stdio: ["inherit", "inherit", "inherit", "ipc"], env: { ...process.env, SLA_LEDGER_SIZED: "1" } },
  );
  const temps = new Set();
  child.on("message", (m) => {
    if (m && typeof m.tmp === "string") temps.add(m.tmp);
  });
  const removeTemps = () => {
    for (const tmp of temps) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* its folder is gone too */
      }
    }
  };
  // A bug in this process: the worker goes too (nothing is published without this process), one line, exit 3.
  process.on("uncaughtException", (e) => internalInParent(e));
  process.on("unhandledRejection", (e) => internalInParent(e));
  const internalInParent = (e) => {
    child.kill("SIGKILL");
    removeTemps();
    say(
      `sla-ledger: internal error: ${e && e.message ? e.message : String(e)}. Please report it (with the workbook if you can).`,
      `sla-ledger：内部错误：${e && e.message ? e.message : String(e)}。请报告此问题（如可能请附上工作簿）。`,
    );
    process.exit(EXIT_INTERNAL);
  };
  child.on("error", (e) => {
    say(`sla-ledger: internal error: cannot start the worker process (${e.message}). Please report it.`, `sla-ledger：内部错误：无法启动工作进程（${e.message}）。请报告此问题。`);
    process.exit(EXIT_INTERNAL);
  });

  // A signal to this process goes to the worker, which removes its temporary file and exits 128 + the signal's
  // number; this process exits with it. A worker that does not end within a few seconds (busy in one long step) is
  // killed, and its temporary files are removed here.
  let asked = null;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (!asked) {
        asked = signal;
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }
      child.kill(signal);
    });
  }

  // The worker's last messages may still be in the channel when its exit is seen: its end is handled once both the
  // exit and the channel's close have come.
  let ended = null;
  let done = false;
  const finish = () => {
    if (done || !ended) return;
    done = true;
    removeTemps();
    const { code, signal } = ended;
    if (code !== null) process.exit(code);
    if (asked) {
      say(`sla-ledger: stopped by ${asked}; no partial file was left.`, `sla-ledger：已被 ${asked} 中止；未留下写了一半的文件。`);
      process.exit(signalExit(asked));
    }
    say(
      `sla-ledger: the run was stopped by the system (${signal}${signal === "SIGKILL" ? "; most likely it ran out of memory" : ""}); no partial file was left. Close other programs and run it again, or report it if it recurs.`,
      `sla-ledger：运行被系统中止（${signal}${signal === "SIGKILL" ? "；很可能是内存不足" : ""}）；未留下写了一半的文件。请关闭其他程序后重试；若反复出现，请报告此问题。`,
    );
    process.exit(signalExit(signal));
  };
  child.on("exit", (code, signal) => {
    ended = { code, signal };
    if (!child.connected) finish();
  });
  child.on("disconnect", finish);
}

/** The command itself, in this process: the worker, or the only process for help, version and template. */
function runHere() {
  const removeTemps = () => {
    // Only a process that has loaded the writer can have temporary files.
    if (require.cache[writer]) require(writer).removePendingTempFiles();
  };

  // Ctrl-C, a kill, a closed terminal (SIGHUP) or Ctrl-\ (SIGQUIT) at any point: remove the temporary file, so an
  // interrupted run leaves nothing behind, and exit 128 + the signal's number.
  let stopping = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      removeTemps();
      say(`sla-ledger: stopped by ${signal}; no partial file was left.`, `sla-ledger：已被 ${signal} 中止；未留下写了一半的文件。`);
      process.exit(signalExit(signal));
    });
  }

  // A bug anywhere, even outside the command's own error handling: one line (the stack trace only with
  // SLA_LEDGER_DEBUG=1), the temporary files removed, exit 3.
  const internal = (e) => {
    try {
      removeTemps();
    } finally {
      let text;
      try {
        text = require(built).internalErrorText(e, lang(), process.env);
      } catch {
        text = `sla-ledger: internal error: ${e && e.message ? e.message : String(e)}. Please report it.\n`;
      }
      try {
        process.stderr.write(require(ioModule).escapeForTerminal(text));
      } catch {
        /* no terminal left to tell */
      }
      process.exit(EXIT_INTERNAL);
    }
  };
  process.on("uncaughtException", internal);
  process.on("unhandledRejection", internal);

  if (typeof process.send === "function") {
    // The worker of runWorker: it tells its parent each temporary file, and stops — removing them, publishing
    // nothing — as soon as the parent is gone (the channel closes when the parent dies, SIGKILL included). Just
    // before the rename that publishes the output, it looks again: the parent is still its parent, the channel open.
    const parent = process.ppid;
    const parentGone = () => !process.connected || process.ppid !== parent;
    const abandon = () => {
      removeTemps();
      process.exit(signalExit("SIGHUP"));
    };
    process.on("disconnect", abandon);
    // The channel alone does not keep this process running: it ends when the command's work is done.
    if (process.channel) process.channel.unref();
    require(writer).setTempFileHooks({
      created(tmp) {
        if (process.connected) process.send({ tmp }, () => undefined);
      },
      beforePublish() {
        if (parentGone()) abandon();
      },
    });
  }

  require(built)
    .main(args)
    .then((code) => {
      process.exitCode = code;
      // A failed run ends now, not when work abandoned by the failure (a write cut short by a full disk) has run
      // out; its message is written already (stderr to a terminal, a file or a pipe is synchronous on Linux).
      if (code >= 2) {
        removeTemps();
        process.exit(code);
      }
    }, internal);
}

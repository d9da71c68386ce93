/**
 * The add-in's bundle (issue 2): `npm run build` → dist/ with taskpane.html, commands.html, assets/, a local copy
 * of Office.js (no CDN: the add-in makes no network calls beyond its own origin) and manifest.xml whose URLs point
 * at SLA_LEDGER_URL (default https://localhost:3000). `npm run dev-server` serves the same on https://localhost:3000
 * with office-addin-dev-certs — only when serving, so a production build never touches certificates.
 */
"use strict";
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_URL = "https://localhost:3000";
/** Where the built add-in is hosted (no trailing slash). */
const productionUrl = () => (process.env.SLA_LEDGER_URL || DEV_URL).replace(/\/+$/, "");

module.exports = async (env, argv) => {
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const production = argv.mode === "production";
  const config = {
    context: __dirname,
    devtool: production ? false : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
      // The engine runs here, off Excel's thread (src/taskpane/runEngine.ts).
      "engine-worker": "./src/taskpane/engineWorker.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      chunkFilename: "[name].[contenthash:8].chunk.js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Type checking is `npm run lint`; ES modules so the PDF export (pdfkit) becomes a lazily loaded chunk.
          options: { transpileOnly: true, compilerOptions: { module: "esnext", sourceMap: !production } },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane"] }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: "./src/commands/commands.html", chunks: ["commands"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "node_modules/@microsoft/office-js/dist/office.js", to: "office-js/office.js" },
          // office.js looks this up next to itself to pick the host's script.
          { from: "node_modules/@microsoft/office-js/dist/o15apptofilemappingtable.js", to: "office-js/o15apptofilemappingtable.js" },
          {
            from: "node_modules/@microsoft/office-js/dist/excel-*.js",
            to: "office-js/[name][ext]",
            globOptions: { ignore: ["**/*.debug.js"] },
          },
          { from: "node_modules/@microsoft/office-js/dist/en-us", to: "office-js/en-us" },
          { from: "node_modules/@microsoft/office-js/dist/zh-cn", to: "office-js/zh-cn" },
          {
            from: "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
            to: "assets/fonts/NotoSansSC-Regular.ttf",
          },
          {
            // The report PDF's headings and totals (src/pdf/browser.ts REPORT_BOLD_FONT_URL).
            from: "node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
            to: "assets/fonts/NotoSansSC-Bold.ttf",
          },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (production ? content.toString().split(DEV_URL).join(productionUrl()) : content),
          },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: undefined,
  };
  if (serving) {
    // Only here: the dev certificates (office-addin-dev-certs asks the user to trust them once).
    const devCerts = require("office-addin-dev-certs");
    config.devServer = {
      port: 3000,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: await devCerts.getHttpsServerOptions() },
      static: { directory: path.resolve(__dirname, "dist") },
    };
  }
  return config;
};

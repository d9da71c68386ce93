/**
 * The add-in's bundle: `npm run build` → dist/ with taskpane.html, commands.html, support.html, assets/, and
 * manifest.xml whose URLs point at SLA_LEDGER_URL (default https://localhost:3000). `npm run dev-server` serves the same on https://localhost:3000
 * with office-addin-dev-certs — only when serving, so a production build never touches certificates.
 */
"use strict";
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");

const DEV_URL = "https://localhost:3000";
/** Where the built add-in is hosted (no trailing slash). */
const productionUrl = () => (process.env.SLA_LEDGER_URL || DEV_URL).replace(/\/+$/, "");

/**
 * The manifest with the production URL. An <AppDomain> is an origin and carries no path ("AppDomains element":
 * scheme and host only), so it gets the URL's origin; every other URL the full base.
 */
function productionManifest(xml) {
  const base = productionUrl();
  return xml
    .split(`<AppDomain>${DEV_URL}</AppDomain>`).join(`<AppDomain>${new URL(base).origin}</AppDomain>`)
    .split(DEV_URL).join(base);
}

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
      // The SLA.* worksheet functions: loaded by taskpane.html (the shared runtime) and named by the manifest's Script.
      functions: "./src/functions/functions.ts",
      // Loads Office.js from Microsoft's CDN (a blocking script in the pane's head, not injected by the plugin).
      "office-loader": "./src/taskpane/officeLoader.ts",
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
      // functions.json from the functions' JSDoc tags; the plugin also adds their CustomFunctions.associate calls.
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      // Office.js comes from Microsoft's CDN, which Microsoft requires of marketplace add-ins (office-loader).
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane", "functions"] }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: "./src/commands/commands.html", chunks: ["commands"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          // A real support page (the manifest's SupportUrl): it must make sense in a browser, outside Office.
          { from: "src/support/support.html", to: "support.html" },
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
            transform: (content) => (production ? productionManifest(content.toString()) : content),
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

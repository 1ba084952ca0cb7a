// Bundles extension.js and the client library it requires (vscode-languageclient and
// its dependencies) into dist/extension.js with esbuild, so the .vsix carries one
// small file instead of node_modules. `vscode` is provided by the editor at run
// time. The licenses of the bundled packages go to dist/THIRD_PARTY_NOTICES.txt.
// Run by `npm run vscode:prepublish`, which `vsce package` runs first.
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist");

const result = esbuild.buildSync({
  entryPoints: [path.join(root, "extension.js")],
  outfile: path.join(dist, "extension.js"),
  bundle: true,
  platform: "node",
  target: "node18", // VS Code 1.85's Electron runs Node 18
  format: "cjs",
  external: ["vscode"],
  minify: true,
  legalComments: "none", // the full license texts are in THIRD_PARTY_NOTICES.txt
  metafile: true,
  logLevel: "warning",
});

// The packages whose code went into the bundle, each with its license text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
  if (!m) {
    continue;
  }
  const last = m[m.length - 1];
  const dir = input.slice(0, input.lastIndexOf(last) + last.length);
  packages.set(dir, path.join(root, dir));
}
let notices = "Third-party packages bundled into extension.js, with their licenses.\n";
for (const [rel, dir] of [...packages].sort()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const license = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  notices += `\n${"=".repeat(78)}\n${pkg.name} ${pkg.version} (${pkg.license || "see below"})\n${"=".repeat(78)}\n`;
  notices += license ? fs.readFileSync(path.join(dir, license), "utf8").trim() + "\n" : `(no license file in ${rel})\n`;
}
fs.writeFileSync(path.join(dist, "THIRD_PARTY_NOTICES.txt"), notices);

// Copies the grammar (kept at the repository's grammar/specl.tmLanguage.json) into
// syntaxes/, because vsce packages only the files under the extension's folder.
// Run by `npm run vscode:prepublish`, which `vsce package` runs first.
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "..", "..", "grammar", "specl.tmLanguage.json");
const to = path.join(__dirname, "..", "syntaxes", "specl.tmLanguage.json");
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);

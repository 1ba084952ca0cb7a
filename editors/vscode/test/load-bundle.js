// Loads a bundled extension (argv[2], dist/extension.js taken out of the .vsix)
// under a stand-in `vscode` module and prints, as JSON, what it exports and which
// modules it required besides `vscode`: a bundle that still needs node_modules
// would fail here, as it would in the editor. Run by tests/grammar's TestPackage.
"use strict";
const Module = require("module");

const anything = new Proxy(function () {}, {
  get: (_, k) => (k === "prototype" ? {} : anything),
  construct: () => anything,
  apply: () => anything,
});
const bundle = require("path").resolve(process.argv[2]);
const required = [];
const orig = Module._load;
Module._load = function (req, ...rest) {
  if (req === "vscode") {
    return anything;
  }
  if (req !== bundle) {
    required.push(req);
  }
  return orig.call(this, req, ...rest);
};
const ext = require(bundle);
const builtin = new Set(Module.builtinModules);
process.stdout.write(JSON.stringify({
  exports: Object.keys(ext).filter((k) => typeof ext[k] === "function").sort(),
  notBuiltin: [...new Set(required)].filter((r) => !builtin.has(r.replace(/^node:/, ""))),
}));

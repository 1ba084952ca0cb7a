// Unit tests of extension.js under node:test, with a fake `vscode` module and a fake
// LanguageClient (VS Code itself cannot be downloaded where the tests run). The
// protocol types come from the real vscode-languageclient.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Module = require("module");
const path = require("path");

function fakeVscode(config) {
  const calls = { messages: [], commands: [], providers: {}, configListeners: [], opened: [], registered: {}, outputs: [] };
  class EventEmitter {
    constructor() { this.listeners = []; this.event = (l) => this.listeners.push(l); }
    fire(v) { this.listeners.forEach((l) => l(v)); }
    dispose() {}
  }
  const vscode = {
    EventEmitter,
    ViewColumn: { Beside: -2 },
    Uri: {
      from: (c) => ({ ...c, toString: () => `${c.scheme}:${c.path}?${c.query}` }),
    },
    workspace: {
      getConfiguration: (section) => ({
        get: (key, dflt) => (config[`${section}.${key}`] !== undefined ? config[`${section}.${key}`] : dflt),
      }),
      registerTextDocumentContentProvider: (scheme, p) => { calls.providers[scheme] = p; return { dispose() {} }; },
      onDidChangeConfiguration: (l) => { calls.configListeners.push(l); return { dispose() {} }; },
      openTextDocument: async (uri) => ({ uri }),
    },
    window: {
      createOutputChannel: (name) => {
        const channel = { name, lines: [], shown: 0, appendLine(l) { this.lines.push(l); }, show() { this.shown++; }, dispose() {} };
        calls.outputs.push(channel);
        return channel;
      },
      showErrorMessage: (m) => calls.messages.push(["error", m]),
      showWarningMessage: (m) => calls.messages.push(["warning", m]),
      showInformationMessage: (m) => calls.messages.push(["info", m]),
      showTextDocument: async (doc) => calls.opened.push(doc),
    },
    commands: {
      executeCommand: async (...a) => { calls.commands.push(a); },
      registerCommand: (name, f) => { calls.registered[name] = f; return { dispose() {} }; },
    },
  };
  return { vscode, calls };
}

// The real client, loaded against a stand-in that answers every property with
// itself, only for its protocol types (ShowMessageNotification, MessageType, ...).
const realClient = (() => {
  const anything = new Proxy(function () {}, {
    get: (_, k) => (k === "prototype" ? {} : anything),
    construct: () => anything,
    apply: () => anything,
  });
  const orig = Module._load;
  Module._load = function (req, ...rest) {
    return req === "vscode" ? anything : orig.call(this, req, ...rest);
  };
  try {
    return require("vscode-languageclient/node");
  } finally {
    Module._load = orig;
  }
})();

function load(config, { startFails = false } = {}) {
  const { vscode, calls } = fakeVscode(config);
  const clients = [];
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, handlers: {}, sent: [], started: false, disposed: false });
      clients.push(this);
    }
    onNotification(type, h) { this.handlers[type.method] = h; }
    async start() { if (startFails) throw new Error("spawn specls ENOENT"); this.started = true; }
    async sendNotification(type, params) { this.sent.push([type.method, params]); }
    async dispose() { this.disposed = true; }
  }
  const orig = Module._load;
  Module._load = function (req, ...rest) {
    if (req === "vscode") return vscode;
    if (req === "vscode-languageclient/node") return { ...realClient, LanguageClient };
    return orig.call(this, req, ...rest);
  };
  const file = path.join(__dirname, "..", "extension.js");
  delete require.cache[file];
  try {
    return { ext: require(file), calls, clients };
  } finally {
    Module._load = orig;
  }
}

const context = () => ({ subscriptions: [] });

test("activate starts `specls serve --stdio` for Specl files with the settings as initializationOptions", async () => {
  const { ext, clients } = load({ "specls.path": "/opt/bin/specls", "specls.depth": 12, "specls.budget": 500, "specls.disabledCodes": ["redundant"] });
  await ext.activate(context());
  assert.equal(clients.length, 1);
  const c = clients[0];
  assert.deepEqual(c.serverOptions, { command: "/opt/bin/specls", args: ["serve", "--stdio"] });
  assert.deepEqual(c.clientOptions.documentSelector, [{ language: "specl" }]);
  assert.deepEqual(c.clientOptions.initializationOptions(), { depth: 12, budget: 500, disabledCodes: ["redundant"], mutationHints: false });
  assert.equal(c.started, true);
});

test("the defaults: specls on PATH, depth and budget 0 (the spec's own options), no code disabled", async () => {
  const { ext, clients } = load({ "specls.path": "  " });
  await ext.activate(context());
  assert.equal(clients[0].serverOptions.command, "specls");
  assert.deepEqual(clients[0].clientOptions.initializationOptions(), { depth: 0, budget: 0, disabledCodes: [], mutationHints: false });
});

test("a settings change is sent as workspace/didChangeConfiguration under specls", async () => {
  const config = { "specls.depth": 3 };
  const { ext, calls, clients } = load(config);
  await ext.activate(context());
  config["specls.depth"] = 7;
  config["specls.disabledCodes"] = ["vacuous", "redundant"];
  await calls.configListeners[0]({ affectsConfiguration: (s) => s === "specls" || s === "specls.depth" });
  assert.deepEqual(clients[0].sent, [["workspace/didChangeConfiguration", { settings: { specls: { depth: 7, budget: 0, disabledCodes: ["vacuous", "redundant"], mutationHints: false } } }]]);
  await calls.configListeners[0]({ affectsConfiguration: (s) => s === "editor.fontSize" });
  assert.equal(clients[0].sent.length, 1, "a change outside specls is not sent");
});

test("a new specls.path restarts the server with the new binary", async () => {
  const config = { "specls.path": "specls" };
  const { ext, calls, clients } = load(config);
  await ext.activate(context());
  config["specls.path"] = "/new/specls";
  await calls.configListeners[0]({ affectsConfiguration: (s) => s === "specls" || s === "specls.path" });
  assert.equal(clients.length, 2);
  assert.equal(clients[0].disposed, true);
  assert.equal(clients[1].serverOptions.command, "/new/specls");
  assert.equal(clients[1].started, true);
  assert.deepEqual(clients[0].sent, []);
});

test("a server that cannot start is reported, naming specls.path", async () => {
  const { ext, calls } = load({ "specls.path": "/missing/specls" }, { startFails: true });
  await ext.activate(context());
  assert.equal(calls.messages.length, 1);
  assert.equal(calls.messages[0][0], "error");
  assert.match(calls.messages[0][1], /`\/missing\/specls serve --stdio`.*ENOENT.*specls\.path/);
});

test("specls.showRun opens the run's markdown beside the spec, and holds back the server's copy of it", async () => {
  const { ext, calls, clients } = load({});
  await ext.activate(context());
  const c = clients[0];
  const showMessage = c.handlers["window/showMessage"];
  const md = "**invariant Small is violated**\n\n| step | balance |\n| --- | --- |\n| 0 | 0 |";
  const ref = { uri: "file:///w/bank.specl", code: "invariant-violated", name: "Small" };
  const answer = await c.clientOptions.middleware.executeCommand("specls.showRun", [ref], async (cmd, args) => {
    assert.equal(cmd, "specls.showRun");
    assert.deepEqual(args, [ref]);
    showMessage({ type: realClient.MessageType.Info, message: md }); // the server sends it before it answers
    return md;
  });
  assert.equal(answer, md);
  assert.deepEqual(calls.messages, [], "the run is not also shown as a notification");
  assert.equal(calls.commands.length, 1);
  const [cmd, uri] = calls.commands[0];
  assert.equal(cmd, "markdown.showPreviewToSide");
  assert.equal(uri.scheme, "specls-run");
  assert.equal(uri.path, "/invariant-violated Small.md");
  assert.equal(calls.providers["specls-run"].provideTextDocumentContent(uri), md);

  // Outside a run request, the server's messages show as usual.
  showMessage({ type: realClient.MessageType.Info, message: "**bold** news" });
  showMessage({ type: realClient.MessageType.Warning, message: "careful" });
  showMessage({ type: realClient.MessageType.Error, message: "broken" });
  assert.deepEqual(calls.messages, [["info", "**bold** news"], ["warning", "careful"], ["error", "broken"]]);

  // Other commands pass through untouched.
  const other = await c.clientOptions.middleware.executeCommand("other", [1], async (cmd, args) => [cmd, args]);
  assert.deepEqual(other, ["other", [1]]);
  assert.equal(calls.commands.length, 1);
});

test("specls.restartServer stops the server and starts a new one on the current settings, logging it", async () => {
  const config = { "specls.depth": 2 };
  const { ext, calls, clients } = load(config);
  await ext.activate(context());
  assert.equal(typeof calls.registered["specls.restartServer"], "function");
  config["specls.path"] = "/other/specls";
  config["specls.depth"] = 5;
  await calls.registered["specls.restartServer"]();
  assert.equal(clients.length, 2);
  assert.equal(clients[0].disposed, true);
  assert.equal(clients[1].started, true);
  assert.equal(clients[1].disposed, false);
  assert.equal(clients[1].serverOptions.command, "/other/specls");
  assert.deepEqual(clients[1].clientOptions.initializationOptions(), { depth: 5, budget: 0, disabledCodes: [], mutationHints: false });
  // Both clients write into the one output channel, which records the restart.
  assert.equal(calls.outputs.length, 1);
  assert.equal(clients[0].clientOptions.outputChannel, calls.outputs[0]);
  assert.equal(clients[1].clientOptions.outputChannel, calls.outputs[0]);
  assert.deepEqual(calls.outputs[0].lines, ["specls: restarting the server"]);
  // Each restart replaces the client before it.
  await calls.registered["specls.restartServer"]();
  assert.equal(clients.length, 3);
  assert.equal(clients[1].disposed, true);
});

test("specls.showOutput shows the server's log: the output channel named specls", async () => {
  const { ext, calls } = load({});
  await ext.activate(context());
  assert.equal(calls.outputs[0].name, "specls");
  calls.registered["specls.showOutput"]();
  assert.equal(calls.outputs[0].shown, 1);
});

test("every command the extension registers is declared in package.json, and vice versa", async () => {
  const { ext, calls } = load({});
  await ext.activate(context());
  const manifest = require(path.join(__dirname, "..", "package.json"));
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  // specls.showRun is the server's command: the client library registers it.
  assert.deepEqual([...Object.keys(calls.registered), "specls.showRun"].sort(), declared);
});

test("deactivate stops the server", async () => {
  const { ext, clients } = load({});
  await ext.activate(context());
  await ext.deactivate();
  assert.equal(clients[0].disposed, true);
});

// The VS Code client of specls: it starts `specls serve --stdio` for Specl files,
// passes the user's settings to it (at start and on every change), shows the run
// behind a "show run" lens in a Markdown preview, keeps the server's log in the
// "specls" output channel, and restarts the server on request. Plain JavaScript;
// scripts/bundle.js bundles it with the client library into dist/extension.js.
"use strict";

const vscode = require("vscode");
const { LanguageClient, ShowMessageNotification, MessageType, DidChangeConfigurationNotification } = require("vscode-languageclient/node");

const SHOW_RUN = "specls.showRun";
const RESTART = "specls.restartServer";
const SHOW_OUTPUT = "specls.showOutput";
const RUN_SCHEME = "specls-run";

/** @type {LanguageClient | undefined} */
let client;
/** The markdown of each run shown, by its document's URI. */
const runs = new Map();
const runChanged = new vscode.EventEmitter();
/** How many specls.showRun requests await their answer. */
let runsInFlight = 0;

/** The settings the server reads: initializationOptions and didChangeConfiguration both carry them. */
function serverSettings() {
  const c = vscode.workspace.getConfiguration("specls");
  return {
    depth: c.get("depth", 0),
    budget: c.get("budget", 0),
    disabledCodes: c.get("disabledCodes", []),
    mutationHints: c.get("mutationHints", false),
  };
}

function serverCommand() {
  const p = vscode.workspace.getConfiguration("specls").get("path", "specls");
  return p && p.trim() !== "" ? p.trim() : "specls";
}

function createClient(output) {
  // The server logs to stderr, which the client copies into the output channel.
  const serverOptions = { command: serverCommand(), args: ["serve", "--stdio"] };
  const clientOptions = {
    documentSelector: [{ language: "specl" }],
    outputChannel: output,
    initializationOptions: serverSettings,
    middleware: {
      // The server answers specls.showRun with the run as markdown (and, for clients
      // without an extension, also as window/showMessage, which is held back below).
      async executeCommand(command, args, next) {
        if (command !== SHOW_RUN) {
          return next(command, args);
        }
        runsInFlight++;
        try {
          const markdown = await next(command, args);
          if (typeof markdown === "string") {
            await showRun(args && args[0], markdown);
          }
          return markdown;
        } finally {
          runsInFlight--;
        }
      },
    },
  };
  const c = new LanguageClient("specls", "specls", serverOptions, clientOptions);
  // Registered before start, so it replaces the client's own handler on every
  // (re)start. A run's message while its request is pending is the answer shown in
  // the preview; every other message shows as usual.
  c.onNotification(ShowMessageNotification.type, (m) => {
    if (runsInFlight > 0 && m.type === MessageType.Info && m.message.startsWith("**")) {
      return;
    }
    switch (m.type) {
      case MessageType.Error:
        void vscode.window.showErrorMessage(m.message);
        break;
      case MessageType.Warning:
        void vscode.window.showWarningMessage(m.message);
        break;
      default:
        void vscode.window.showInformationMessage(m.message);
    }
  });
  return c;
}

/** runUri names the preview document of a run: one per finding, reused when shown again. */
function runUri(ref) {
  const code = (ref && ref.code) || "run";
  const name = (ref && ref.name) || "run";
  const file = ref && ref.uri ? ref.uri.replace(/^.*\//, "") : "";
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${code} ${name}.md`, query: file });
}

async function showRun(ref, markdown) {
  const uri = runUri(ref);
  runs.set(uri.toString(), markdown);
  runChanged.fire(uri);
  try {
    await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
  } catch {
    // Without the built-in Markdown extension, the text itself.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/** restart replaces the running client (if any) by a new one on the current settings. */
async function restart(output) {
  if (client) {
    const old = client;
    client = undefined;
    try {
      await old.dispose();
    } catch (err) {
      output.appendLine(`specls: stopping the server: ${err && err.message ? err.message : err}`);
    }
  }
  client = createClient(output);
  await startClient(client);
}

async function activate(context) {
  const output = vscode.window.createOutputChannel("specls");
  context.subscriptions.push(
    output,
    runChanged,
    vscode.commands.registerCommand(RESTART, async () => {
      output.appendLine("specls: restarting the server");
      await restart(output);
    }),
    vscode.commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, {
      onDidChange: runChanged.event,
      provideTextDocumentContent: (uri) => runs.get(uri.toString()) || "",
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!client || !e.affectsConfiguration("specls")) {
        return;
      }
      if (e.affectsConfiguration("specls.path")) {
        // Another server binary: start it afresh.
        await restart(output);
        return;
      }
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { specls: serverSettings() } });
    }),
    { dispose: () => (client ? client.dispose() : undefined) },
  );
  await restart(output);
}

async function startClient(c) {
  try {
    await c.start();
  } catch (err) {
    const msg = `specls: could not start \`${serverCommand()} serve --stdio\` (${err && err.message ? err.message : err}). Set specls.path to the specls binary.`;
    void vscode.window.showErrorMessage(msg);
  }
}

async function deactivate() {
  if (client) {
    const c = client;
    client = undefined;
    await c.dispose();
  }
}

module.exports = { activate, deactivate, serverSettings, runUri, RESTART, SHOW_OUTPUT };

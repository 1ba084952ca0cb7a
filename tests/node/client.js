// An LSP client on vscode-languageserver-protocol (the library under VS Code's own
// client) that drives `specls serve` the way an editor does, and prints what it
// observed as one JSON document on stdout. It judges nothing: tests/e2e asserts on
// the output. Usage: node client.js SPECLS_BINARY DIR (DIR holds bank.specl).
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  DefinitionRequest,
  PrepareRenameRequest,
  RenameRequest,
  DocumentSymbolRequest,
  InlayHintRequest,
  CompletionRequest,
  CodeActionRequest,
  WorkDoneProgressCreateRequest,
  WorkDoneProgress,
  ShutdownRequest,
  ExitNotification,
} = require('vscode-languageserver-protocol/node');

const [binary, dir] = process.argv.slice(2);
const waitMs = Number(process.env.SPECLS_E2E_WAIT_MS || 20000);
const out = { publishes: [], progress: [] };

function finish(code) {
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(code);
}

// The whole session is bounded: a server that hangs fails the test, not CI's clock.
const overall = setTimeout(() => {
  out.error = `session did not finish within ${2 * waitMs} ms`;
  server.kill('SIGKILL');
  finish(1);
}, 2 * waitMs);

const server = spawn(binary, ['serve', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (b) => { stderr += b; });
const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));

const conn = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));

// Every publish is kept, in arrival order; waiters are woken on each.
const waiters = [];
conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
  out.publishes.push({
    uri: p.uri,
    version: p.version,
    codes: p.diagnostics.map((d) => d.code),
  });
  for (const w of waiters.slice()) w.check(p);
});

// Work-done progress: each token the server creates, and what is reported on it.
conn.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
  out.progress.push(`create ${p.token}`);
  conn.onProgress(WorkDoneProgress.type, p.token, (v) => {
    out.progress.push(`${v.kind} ${p.token}${v.cancellable ? ' cancellable' : ''}`);
  });
  return null;
});

// waitPublish resolves with the first publish (from now on) that satisfies pred.
function waitPublish(what, pred) {
  return new Promise((resolve, reject) => {
    const w = {
      check(p) {
        if (!pred(p)) return;
        clearTimeout(w.timer);
        waiters.splice(waiters.indexOf(w), 1);
        resolve(p);
      },
    };
    w.timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(w), 1);
      reject(new Error(`no publishDiagnostics ${what} within ${waitMs} ms`));
    }, waitMs);
    waiters.push(w);
  });
}

// at returns the position (UTF-16, as the protocol counts) of the n-th (0-based)
// occurrence of word on 0-based line of text.
function at(text, line, word, n = 0) {
  const l = text.split('\n')[line];
  let col = -1;
  for (let i = 0; i <= n; i++) {
    col = l.indexOf(word, col + 1);
    if (col < 0) throw new Error(`${word} not on line ${line}: ${l}`);
  }
  return { line, character: col };
}

async function main() {
  conn.listen();
  const file = path.join(dir, 'bank.specl');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');

  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: 'specls-node-e2e', version: '1' },
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'e2e' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        definition: {},
        rename: { prepareSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        inlayHint: {},
        completion: { completionItem: { snippetSupport: false } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
      },
      window: { workDoneProgress: true },
      workspace: { configuration: false, workspaceFolders: true },
    },
  });
  out.serverInfo = init.serverInfo;
  out.positionEncoding = init.capabilities.positionEncoding;
  out.capabilities = Object.keys(init.capabilities).sort();
  await conn.sendNotification(InitializedNotification.type, {});

  // Open: the front end's publish first, then the deep check's for the same version.
  const deep1 = waitPublish('with blocked-action for version 1', (p) =>
    p.uri === uri && p.version === 1 && p.diagnostics.some((d) => d.code === 'blocked-action'));
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'specl', version: 1, text },
  });
  const p1 = await deep1;
  out.open = p1.diagnostics;

  // Edit: a new invariant that a run violates, typed at the end of the file.
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const added = '\ninvariant Small: balance <= 100\n';
  const front2 = waitPublish('for version 2', (p) => p.uri === uri && p.version === 2);
  const deep2 = waitPublish('with invariant-violated for version 2', (p) =>
    p.uri === uri && p.version === 2 && p.diagnostics.some((d) => d.code === 'invariant-violated'));
  await conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: end, end }, text: added }],
  });
  out.edit_front = (await front2).diagnostics.map((d) => d.code);
  out.edit = (await deep2).diagnostics;
  const edited = text + added;
  const doc = { uri };

  out.hover = await conn.sendRequest(HoverRequest.type, { textDocument: doc, position: at(edited, 25, 'balance') });
  out.definition = await conn.sendRequest(DefinitionRequest.type, { textDocument: doc, position: at(edited, 38, 'Deposit') });
  out.prepareRename = await conn.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position: at(edited, 10, 'balance') });
  out.rename = await conn.sendRequest(RenameRequest.type, {
    textDocument: doc, position: at(edited, 10, 'balance'), newName: 'funds',
  });
  out.symbols = await conn.sendRequest(DocumentSymbolRequest.type, { textDocument: doc });
  if (init.capabilities.inlayHintProvider) {
    out.inlayHints = await conn.sendRequest(InlayHintRequest.type, {
      textDocument: doc,
      range: { start: { line: 0, character: 0 }, end: { line: lines.length + 2, character: 0 } },
    });
  }
  if (init.capabilities.completionProvider) {
    // After `do ` in the example: the actions are what may follow.
    const pos = at(edited, 38, 'Deposit');
    out.completion = await conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: pos });
  }

  // A misspelt name: its "did you mean" finding comes with a quick fix.
  const typoUri = pathToFileURL(path.join(dir, 'typo.specl')).href;
  const typoText = 'spec Typo\nenum Status { Open, Closed }\nvar status: Status\nfact F: status == Opne\n';
  const typo = waitPublish('with name for typo.specl', (p) => p.uri === typoUri && p.diagnostics.some((d) => d.code === 'name'));
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: typoUri, languageId: 'specl', version: 1, text: typoText },
  });
  const named = (await typo).diagnostics.filter((d) => d.code === 'name');
  out.typoDiagnostics = named;
  out.typoActions = await conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: typoUri }, range: named[0].range,
    context: { diagnostics: named, only: ['quickfix'] },
  });

  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  out.exit = await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve({ code: null, signal: 'still running' }), waitMs)),
  ]);
}

main().then(
  () => { clearTimeout(overall); finish(0); },
  (err) => {
    clearTimeout(overall);
    out.error = String(err && err.stack || err);
    out.stderr = stderr.slice(-4000);
    server.kill('SIGKILL');
    finish(1);
  },
);

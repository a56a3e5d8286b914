#!/usr/bin/env node
// Drives yaml-language-server the way an editor does (LSP over stdio) to see what a user of
// VS Code or Neovim is shown for a platform file and a config file: the diagnostics, and the
// completion offered inside a section. A developer tool, not part of `cargo test`.
//
// Usage:
//   npm install --prefix /tmp/yls yaml-language-server
//   cargo build
//   node scripts/editor-lsp-check.mjs [path/to/yaml-language-server] [path/to/ipps-check]
//
// It writes a scratch project in a temporary directory: platform.yaml from `ipps-check init
// --schema-file platform.schema.json` (so its first line is the modeline) with a misspelt field
// and a value of the wrong type, and a .ipps-check.yaml associated with `ipps-check schema config`
// through the `yaml.schemas` setting, as docs/editors.md tells users to do.

import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const server = process.argv[2] ?? "/tmp/yls/node_modules/.bin/yaml-language-server";
const ipps = resolve(process.argv[3] ?? "target/debug/ipps-check");

// ── a scratch project ───────────────────────────────────────────────────────────────────────
const dir = mkdtempSync(join(tmpdir(), "ipps-editor-"));
const template = execFileSync(ipps, ["init", "--schema-file", "platform.schema.json"], { cwd: dir, encoding: "utf8" })
  .replace("staffing:\n  full_time:", "staffing:\n  ful_time: 3\n  full_time: five")
  .replace("  level:  # one of", "  level: citywide  # one of");
writeFileSync(join(dir, "platform.yaml"), template);
writeFileSync(
  join(dir, "config.schema.json"),
  execFileSync(ipps, ["schema", "config"], { encoding: "utf8" }),
);
writeFileSync(join(dir, ".ipps-check.yaml"), "fail_on: should\nmin-score: 150\nformats: [text, 'jsno:r.json']\n");

// ── LSP framing over stdio ──────────────────────────────────────────────────────────────────
const child = spawn(server, ["--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const diagnostics = new Map();

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
const notify = (method, params) => send({ method, params });

const settings = {
  yaml: {
    validate: true,
    completion: true,
    hover: true,
    schemaStore: { enable: false },
    schemas: { "./config.schema.json": [".ipps-check.yaml"] },
  },
};

child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8"));
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (message.id !== undefined && message.method) {
      // A request from the server: answer the ones an editor answers.
      const result =
        message.method === "workspace/configuration" ? message.params.items.map((i) => settings[i.section] ?? settings.yaml) : null;
      send({ id: message.id, result });
    } else if (message.id !== undefined) {
      pending.get(message.id)?.(message.result ?? message.error);
    } else if (message.method === "textDocument/publishDiagnostics") {
      diagnostics.set(message.params.uri, message.params.diagnostics);
    }
  }
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function diagnosticsOf(uri) {
  for (let i = 0; i < 100; i++) {
    const d = diagnostics.get(uri);
    if (d && d.length) return d;
    await sleep(100);
  }
  return diagnostics.get(uri) ?? [];
}

// ── the session ─────────────────────────────────────────────────────────────────────────────
const root = pathToFileURL(dir).href;
await request("initialize", {
  processId: process.pid,
  rootUri: root,
  workspaceFolders: [{ uri: root, name: "scratch" }],
  capabilities: {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: false } } },
  },
});
notify("initialized", {});
notify("workspace/didChangeConfiguration", { settings });

for (const name of ["platform.yaml", ".ipps-check.yaml"]) {
  const uri = pathToFileURL(join(dir, name)).href;
  const text = readFileSync(join(dir, name), "utf8");
  notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  console.log(`== ${name}: diagnostics`);
  for (const d of await diagnosticsOf(uri)) {
    const line = text.split("\n")[d.range.start.line];
    console.log(`  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message.replace(/\n/g, " ")}`);
    console.log(`      | ${line}`);
  }
}

// Completion as the user types: the value of `platform.level` in a fresh template (every key of
// the template is already there, so keys are completed in a new config file instead).
async function complete(name, text, line, character) {
  writeFileSync(join(dir, name), text);
  const uri = pathToFileURL(join(dir, name)).href;
  notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  await sleep(500);
  const result = await request("textDocument/completion", { textDocument: { uri }, position: { line, character } });
  const labels = (result?.items ?? result ?? []).map((i) => i.label);
  console.log(`== ${name}: completion at ${line + 1}:${character + 1}`);
  console.log(`      | ${text.split("\n")[line]}`);
  console.log(`  ${labels.join(", ")}`);
}
const fresh = execFileSync(ipps, ["init"], { cwd: dir, encoding: "utf8" }).replace(/\n {2}level: .*\n/, "\n  level: \n");
const levelLine = fresh.split("\n").findIndex((l) => l.startsWith("  level:"));
await complete("fresh.yaml", fresh, levelLine, "  level: ".length);
mkdirSync(join(dir, "sub"));
await complete("sub/.ipps-check.yaml", "# yaml-language-server: $schema=../config.schema.json\n\n", 1, 0);

await request("shutdown", null);
notify("exit", null);
console.log(`(scratch project: ${dir})`);

#!/usr/bin/env python3
"""Regenerates the field tables of docs/platform.md from the platform schema and the rule pack.

Usage: scripts/gen-platform-doc.py [path/to/ipps-check]   (default: target/debug/ipps-check)
Everything above the line '<!-- generated below -->' in docs/platform.md is kept as written.
"""
import json
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "target/debug/ipps-check"
schema = json.loads(subprocess.check_output([binary, "schema", "platform"]))
rules = json.loads(subprocess.check_output([binary, "rules", "list", "--format", "json"]))
defs = schema.get("$defs", {})

uses = {}
for r in rules:
    for p in r.get("evidence", []):
        dotted = ""
        for tok in p.split("/")[1:]:
            dotted += "[]" if tok == "*" else ("." if dotted else "") + tok
        uses.setdefault(dotted, []).append(r["id"])


def resolve(node):
    for _ in range(10):
        if "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        elif "anyOf" in node:
            node = [b for b in node["anyOf"] if b.get("type") != "null"][0]
        else:
            return node
    return node


def type_of(node):
    raw = node
    node = resolve(node)
    name = raw.get("$ref", "").split("/")[-1] if "$ref" in raw else ""
    if not name and "anyOf" in raw:
        refs = [b.get("$ref", "") for b in raw["anyOf"] if "$ref" in b]
        name = refs[0].split("/")[-1] if refs else ""
    if name in ("Date",):
        return "date (YYYY-MM-DD)"
    if name in ("Url",):
        return "url (http/https)"
    if name in ("Uscc",):
        return "USCC (18 characters)"
    values = []
    for branch in node.get("oneOf", []):
        if "const" in branch:
            values.append(branch["const"])
        values += branch.get("enum", [])
    values += node.get("enum", [])
    if values:
        return "one of: " + ", ".join(f"`{v}`" for v in values)
    t = node.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    if t == "array":
        return "list of " + type_of(node.get("items", {}))
    if t == "object":
        return "mapping"
    rng = []
    if "minimum" in node:
        rng.append(f"≥ {node['minimum']}")
    if "maximum" in node:
        rng.append(f"≤ {node['maximum']}")
    return (t or "any") + (" " + " ".join(rng) if rng else "")


rows = []


def walk(node, path, required):
    node = resolve(node)
    for key, child in node.get("properties", {}).items():
        if key == "$schema":
            continue
        dotted = f"{path}.{key}" if path else key
        desc = (child.get("description") or resolve(child).get("description") or "").replace("\n", " ")
        req = "yes" if key in node.get("required", []) else ""
        clauses = ", ".join(uses.get(dotted, []))
        rows.append((dotted, type_of(child), req, desc, clauses))
        inner = resolve(child)
        t = inner.get("type")
        if isinstance(t, list):
            t = [x for x in t if x != "null"][0]
        if t == "object" or "properties" in inner:
            walk(child, dotted, required)
        elif t == "array" and "properties" in resolve(inner.get("items", {})):
            walk(inner["items"], dotted + "[]", required)


walk(schema, "", [])
out = ["<!-- generated below -->", ""]
section = None
for dotted, typ, req, desc, clauses in rows:
    top = dotted.split(".")[0].split("[")[0]
    if top != section:
        section = top
        out += ["", f"### `{top}`", "", "| field | type | required | meaning | clauses |", "|---|---|---|---|---|"]
    out.append(f"| `{dotted}` | {typ} | {req} | {desc} | {clauses} |")
doc = open("docs/platform.md").read()
head = doc.split("<!-- generated below -->")[0]
open("docs/platform.md", "w").write(head + "\n".join(out) + "\n")
print(f"{len(rows)} fields written to docs/platform.md")

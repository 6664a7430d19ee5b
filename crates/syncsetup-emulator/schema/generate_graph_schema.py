#!/usr/bin/env python3
"""Writes graph-v1.0.json, the emulator's pinned Graph v1.0 schema, from Microsoft's published
type definitions: npm package @microsoft/microsoft-graph-types (MIT), file microsoft-graph.d.ts.

    cd /tmp && npm pack @microsoft/microsoft-graph-types@2.43.1 && tar xzf microsoft-microsoft-graph-types-2.43.1.tgz
    python3 generate_graph_schema.py /tmp/package/microsoft-graph.d.ts > graph-v1.0.json

Python 3 standard library only. For each type the emulator serves (ENTITY_TYPES, plus every
complex type reachable from them through non-navigation properties) it records each property
(inherited ones included: Entity.id, DirectoryObject.deletedDateTime, PolicyBase, StsPolicy, ...)
with:
  - "readOnly": the doc comment says "Read-only" (case-insensitive, not "not read-only");
  - "filter": the operators of "Supports $filter (...)" in the doc comment, lowercase;
  - "type" / "collection" / "navigation": the declared type when it is an interface.
OVERRIDES adds what the package does not say but Microsoft's docs do, each with its source.
"""

import json
import re
import sys

PACKAGE = "@microsoft/microsoft-graph-types"
VERSION = "2.43.1"

# The entity types the emulator serves (src/graph.rs and src/graph/*.rs), by d.ts interface name.
ENTITY_TYPES = [
    "Application",
    "ServicePrincipal",
    "OAuth2PermissionGrant",
    "HomeRealmDiscoveryPolicy",
    "TenantAppManagementPolicy",
    "User",
    "Organization",
    "DirectoryRole",
    "Domain",
    "AppRoleAssignment",
    "ConditionalAccessPolicy",
    "IdentitySecurityDefaultsEnforcementPolicy",
    "OnPremisesDirectorySynchronization",
]
# Complex types named explicitly (request bodies of actions), besides those reached by closure.
EXTRA_COMPLEX = ["PasswordCredential", "RequiredResourceAccess", "ResourceAccess",
                 "PermissionScope", "VerifiedDomain"]

# Facts the type package leaves out, from Microsoft's documentation.
OVERRIDES = {
    # Entity.id has no "Supports $filter" in the package; directory objects are filtered by id
    # with eq and in by default: microsoft-graph-docs-contrib concepts/aad-advanced-queries.md
    # (table of directory-object properties) and api-reference/v1.0/resources/application.md
    # (id: "Supports $filter (eq, ne, not, in)").
    # Key: (a type the owner must derive from, property).
    ("DirectoryObject", "id"): {"filter": ["eq", "ne", "not", "in"],
                                "source": "microsoft-graph-docs-contrib api-reference/v1.0/resources/application.md (id)"},
}

IFACE = re.compile(r"^export interface (\w+)(?: extends ([\w, ]+))? \{(\}?)\s*$")
PROP = re.compile(r"^    (\w+)\??: (.+);\s*$")
FILTER = re.compile(r"Supports \$filter \(([^)]*)\)")


def parse(path):
    types = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = IFACE.match(lines[i])
        if not m:
            i += 1
            continue
        name, bases, closed = m.group(1), m.group(2), m.group(3)
        entry = {"bases": [b.strip() for b in bases.split(",")] if bases else [], "props": []}
        types[name] = entry
        i += 1
        if closed:
            continue
        doc = []
        while i < len(lines) and lines[i] != "}":
            line = lines[i]
            s = line.strip()
            if s.startswith("/**"):
                doc = []
                while True:
                    doc.append(lines[i].strip().lstrip("/*").rstrip("*/").strip())
                    if lines[i].strip().endswith("*/"):
                        break
                    i += 1
            elif s.startswith("//"):
                doc = [s[2:].strip()]
            else:
                pm = PROP.match(line)
                if pm:
                    entry["props"].append((pm.group(1), pm.group(2), " ".join(doc)))
                doc = []
            i += 1
        i += 1
    return types


def ops(doc):
    m = FILTER.search(doc)
    if not m:
        return []
    out = []
    for part in m.group(1).split(","):
        words = part.strip().split()
        if words and words[0] == "and":
            words = words[1:]
        if not words:
            continue
        w = words[0].lower().rstrip(".")
        if w in ("eq", "ne", "not", "ge", "le", "gt", "lt", "in", "startswith", "endswith", "any", "all"):
            if w not in out:
                out.append(w)
    return out


def type_info(decl):
    t = decl.strip()
    t = re.sub(r"^NullableOption<(.*)>$", r"\1", t)
    coll = t.endswith("[]")
    t = t[:-2] if coll else t
    t = re.sub(r"^NullableOption<(.*)>$", r"\1", t)
    return t, coll


def is_entity(types, name):
    seen = set()
    while name in types and name not in seen:
        seen.add(name)
        if name == "Entity":
            return True
        bases = types[name]["bases"]
        if not bases:
            return False
        name = bases[0]
    return False


def chain(types, name):
    out = []
    while name in types:
        out.append(name)
        bases = types[name]["bases"]
        if not bases:
            break
        name = bases[0]
    return list(reversed(out))


def props_of(types, name):
    props = {}
    ancestry = chain(types, name)
    for t in ancestry:
        for pname, decl, doc in types[t]["props"]:
            tname, coll = type_info(decl)
            p = {}
            low = doc.lower()
            if "read-only" in low and "not read-only" not in low:
                p["readOnly"] = True
            f = ops(doc)
            if f:
                p["filter"] = f
            if tname in types:
                p["type"] = tname
                if coll:
                    p["collection"] = True
                if is_entity(types, tname):
                    p["navigation"] = True
            elif coll:
                p["collection"] = True
            for (ancestor, oname), ov in OVERRIDES.items():
                if oname == pname and ancestor in ancestry:
                    p.update(ov)
            props[pname] = p
    return props


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/package/microsoft-graph.d.ts"
    types = parse(path)
    out = {}
    todo = list(ENTITY_TYPES) + list(EXTRA_COMPLEX)
    while todo:
        name = todo.pop(0)
        if name in out:
            continue
        if name not in types:
            sys.exit(f"{name}: not in {path}")
        props = props_of(types, name)
        out[name] = {"entity": is_entity(types, name), "properties": props}
        for p in props.values():
            t = p.get("type")
            if t and not p.get("navigation") and t not in out:
                todo.append(t)
    doc = {
        "source": f"npm {PACKAGE}@{VERSION} microsoft-graph.d.ts (MIT); generated by generate_graph_schema.py",
        "types": {k: out[k] for k in sorted(out)},
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

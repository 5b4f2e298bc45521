#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the
conformance vectors, the example rules and messages, and the validator's test files.

Run from anywhere: python3 tests/fuzz/make_corpus.py. Each seed is named by the SHA-1 of its
bytes, as libFuzzer names what it adds; the directories are rewritten from scratch, so running it
twice gives the same files. Seeds stay small (at most 4 KiB, a few hundred per target).
"""
import base64
import glob
import hashlib
import json
import os
import random
import shutil

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
MAX_BYTES = 4096
MAX_SEEDS = 400


def vectors():
    with open(os.path.join(ROOT, "tests", "data", "conformance_vectors.jsonl"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def payload_bytes(v):
    if "payload" not in v:
        return None
    p = v["payload"]
    if v.get("payload_encoding") == "base64" and isinstance(p, dict) and "base64" in p:
        return base64.b64decode(p["base64"])
    if isinstance(p, str) and v.get("payload_encoding") == "raw":
        return p.encode("utf-8")
    return json.dumps(p, ensure_ascii=False).encode("utf-8")


def example_rules():
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "rules", "*.json"))):
        with open(path, "rb") as f:
            yield path, f.read()


def templates_in(node, out):
    if isinstance(node, str):
        if "${" in node:
            out.append(node)
    elif isinstance(node, dict):
        for v in node.values():
            templates_in(v, out)
    elif isinstance(node, list):
        for v in node:
            templates_in(v, out)


def from_filter(sql):
    at = sql.upper().find(" FROM '")
    if at < 0:
        return None
    rest = sql[at + 7:]
    end = rest.find("'")
    return rest[:end] if end >= 0 else None


def write(target, seeds):
    d = os.path.join(OUT, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    unique = {}
    for s in seeds:
        if isinstance(s, str):
            s = s.encode("utf-8")
        if 0 < len(s) <= MAX_BYTES:
            unique.setdefault(hashlib.sha1(s).hexdigest(), s)
    chosen = sorted(unique.items())[:MAX_SEEDS]
    for name, data in chosen:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print(f"{target:18} {len(chosen)} seeds")


def main():
    vs = list(vectors())
    sqls = [v["sql"] for v in vs if "sql" in v]
    payloads = [p for p in (payload_bytes(v) for v in vs) if p is not None]
    with open(os.path.join(ROOT, "examples", "messages.ndjson"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            m = json.loads(line)
            if "payload" in m:
                payloads.append(json.dumps(m["payload"]).encode("utf-8"))
            elif "payload_base64" in m:
                payloads.append(base64.b64decode(m["payload_base64"]))
    rules = list(example_rules())
    templates = [v["template"] for v in vs if "template" in v]
    for _, data in rules:
        doc = json.loads(data)
        sqls.append(doc.get("sql", doc.get("topicRulePayload", {}).get("sql", "")))
        templates_in(doc, templates)

    write("compile", sqls)
    write("eval", payloads)
    write("template", templates + ["plain text", "$$ and ${'a'}", "${upper(device)}-${@x}"])
    validate_files = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "validate", "**", "*.*"),
                                      recursive=True))
    validate_seeds = []
    rule_seeds = [data for _, data in rules]
    for path in validate_files:
        if path.endswith((".json", ".yaml", ".yml")):
            with open(path, "rb") as f:
                data = f.read()
            validate_seeds.append(data)
            if path.endswith(".json"):
                rule_seeds.append(data)
    write("rule_document", rule_seeds)
    write("validate", validate_seeds + [data for _, data in rules])

    topics = []
    for v in vs:
        f = from_filter(v.get("sql", ""))
        if f is not None and "topic" in v:
            topics.append(f + "\n" + v["topic"])
    topics += ["sensor/#\nsensor", "+/a\n$aws/a", "#\n$SYS/x", "a/+/c\na//c", "a/#\na/",
               "$aws/rules/r/#\n$aws/rules/r/x/y", "a+\na", "a/#/b\na/x/b", "\n", "+\n"]
    write("topic", topics)
    # One control byte (SQL version, member choice) before each payload.
    rng = random.Random(8)
    write("json_differential", [bytes([rng.randrange(256)]) + p for p in payloads] +
          [b"\x03" + b"[" * 300 + b"]" * 300, b"\x01 1e400", b"\x00\"\\ud800\"",
           b"\x07{\"a\":1,\"a\":2,\"b\":{\"a\":3}}", b"\x00{\"\\u0061\": 5}"])
    # The differential target turns bytes into a statement and a payload: random bytes are as
    # good a start as any.
    # decode(v, 'proto', ...): a control byte, then a message of the test schema (even) or a
    # descriptor set (odd).
    proto_dir = os.path.join(ROOT, "tests", "data", "protobuf")
    with open(os.path.join(proto_dir, "device.bin"), "rb") as f:
        device = f.read()
    with open(os.path.join(proto_dir, "wkt.bin"), "rb") as f:
        wkt = f.read()
    with open(os.path.join(ROOT, "examples", "descriptors", "schemas", "device.desc"), "rb") as f:
        descriptor = f.read()
    write("protobuf", [b"\x00" + device, b"\x02\x0a\x01a\x11" + bytes(8), b"\x04\x0a\x02\x10\x05",
                       b"\x00\x50\x01\x52\x02\x03\x04\x62\x05\x0a\x01x\x10\x01",
                       b"\x01" + descriptor, b"\x06" + wkt])
    write("vm_differential", [bytes(rng.randrange(256) for _ in range(rng.randrange(8, 200)))
                              for _ in range(200)])


if __name__ == "__main__":
    main()

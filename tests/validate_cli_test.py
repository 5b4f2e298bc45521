#!/usr/bin/env python3
"""`iotsql validate` as CI runs it: exit codes, --werror, --disable, the three formats,
directories, and usage errors.

usage: validate_cli_test.py IOTSQL_BINARY SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s%s" % (name, (": " + detail) if detail else ""))


def run(binary, *args, cwd=None):
    p = subprocess.run([binary, "validate", *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    root = sys.argv[2]
    data = os.path.join(root, "tests", "data", "validate")
    examples = os.path.join(root, "examples", "rules")

    rc, out, err = run(binary, examples)
    check("examples: exit 0", rc == 0, err)
    check("examples: only no-error-action warnings",
          all("[no-error-action]" in line for line in out.splitlines()
              if ": warning: " in line or ": error: " in line), out)
    check("examples: summary", "13 files, 13 rules: 0 errors, 12 warnings" in err, err)

    rc, out, err = run(binary, "--werror", examples)
    check("--werror: exit 1", rc == 1)
    check("--werror: warnings reported as errors",
          ": error: the rule has no errorAction" in out, out[:300])

    rc, out, err = run(binary, "--werror", "--disable", "no-error-action", examples)
    check("--disable: exit 0", rc == 0, out[:300])
    check("--disable: nothing printed", out == "", out[:300])

    rc, out, err = run(binary, "--quiet", os.path.join(data, "valid"))
    check("valid inputs: exit 0", rc == 0, out)
    check("valid inputs: no output", out == "" and err == "", out + err)

    rc, out, err = run(binary, os.path.join(data, "invalid", "sql_errors.json"), cwd=root)
    first = out.splitlines()[0] if out else ""
    check("text: exit 1", rc == 1)
    check("text: file:line:col: error: message [check]",
          first.endswith(":2:42: error: unknown function 'uppr' [unknown-function]"), first)
    check("text: source line and caret", "\n  " in out and "^~~~" in out, out[:400])

    rc, out, err = run(binary, "--format", "json", os.path.join(data, "invalid"))
    check("json: exit 1", rc == 1)
    try:
        doc = json.loads(out)
        check("json: counts", doc["errors"] > 0 and doc["warnings"] > 0 and doc["files"] >= 20,
              str({k: doc[k] for k in ("files", "rules", "errors", "warnings")}))
        keys = {"file", "line", "column", "end_line", "end_column", "severity", "check",
                "message"}
        check("json: every diagnostic complete",
              all(keys <= set(d) for d in doc["diagnostics"]))
        check("json: severities", all(d["severity"] in ("error", "warning")
                                      for d in doc["diagnostics"]))
        check("json: no summary on stderr", err == "", err)
    except ValueError as e:
        check("json: parses", False, str(e))

    rc, out, err = run(binary, "--format", "sarif", os.path.join(data, "invalid"),
                       os.path.join(data, "valid"))
    check("sarif: exit 1", rc == 1)
    try:
        log = json.loads(out)
        check("sarif: version", log.get("version") == "2.1.0")
        check("sarif: schema", log.get("$schema", "").endswith("sarif-2.1.0.json"))
        run0 = log["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        check("sarif: rule ids unique", len(ids) == len(set(ids)))
        ok = True
        for res in run0["results"]:
            ok = ok and res["ruleId"] in ids and ids[res["ruleIndex"]] == res["ruleId"]
            ok = ok and res["level"] in ("error", "warning", "note")
            ok = ok and bool(res["message"]["text"])
            region = res["locations"][0]["physicalLocation"]["region"]
            ok = ok and region["startLine"] >= 1 and region["startColumn"] >= 1
            ok = ok and (region["endLine"], region["endColumn"]) >= (region["startLine"],
                                                                    region["startColumn"])
        check("sarif: results consistent with rules and regions", ok)
        check("sarif: has results", len(run0["results"]) > 20)
    except (ValueError, KeyError, IndexError) as e:
        check("sarif: parses", False, repr(e))

    # A directory: non-rule JSON files are skipped, broken ones are not.
    tmp = tempfile.mkdtemp(prefix="iotsql_validate_cli_")
    try:
        shutil.copy(os.path.join(data, "valid", "cli_input.json"), tmp)
        with open(os.path.join(tmp, "package.json"), "w") as f:
            f.write('{"name": "x"}')
        os.mkdir(os.path.join(tmp, "nested"))
        shutil.copy(os.path.join(data, "valid", "cloudformation.yaml"),
                    os.path.join(tmp, "nested"))
        rc, out, err = run(binary, tmp)
        check("dir: exit 0", rc == 0, out + err)
        check("dir: counts rule files only", "2 files, 3 rules" in err, err)
        with open(os.path.join(tmp, "nested", "broken.json"), "w") as f:
            f.write('{"sql": "SELECT * FROM \'a\'",}')
        rc, out, err = run(binary, tmp)
        check("dir: broken JSON fails", rc == 1 and "[json-syntax]" in out, out + err)
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        rc, out, err = run(binary, empty)
        check("empty dir: exit 0 with a note", rc == 0 and "no rule files" in err, err)
    finally:
        shutil.rmtree(tmp)

    for args, what in [((), "no paths"), (("--format", "xml", examples), "bad format"),
                       (("/nonexistent/rules",), "missing path"),
                       (("--disable", "syntax", examples), "disabling an error"),
                       (("--disable", "nosuch", examples), "unknown check"),
                       (("--frobnicate", examples), "unknown option")]:
        rc, out, err = run(binary, *args)
        check("usage error (%s): exit 2" % what, rc == 2, "exit %d %s" % (rc, err))

    rc, out, err = run(binary, "--list-checks")
    check("--list-checks", rc == 0 and "no-error-action" in out and "unknown-function" in out)
    rc, out, err = run(binary, "--help")
    check("--help", rc == 0 and "usage: iotsql validate" in out)

    for f in failures:
        print("FAIL " + f)
    print("validate CLI: %s" % ("ok" if not failures else "%d failures" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

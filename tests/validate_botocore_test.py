#!/usr/bin/env python3
"""`iotsql validate`'s shape check against botocore's own parameter validation.

Every rule file is turned into CreateTopicRule parameters ({ruleName, topicRulePayload}; for
CloudFormation the PascalCase members spelled the API way) and validated offline with
botocore's ParamValidator against the IoT service model (no network, fake credentials). Then:

  * every valid example (examples/rules/*.json, tests/data/validate/valid/*) passes both
    botocore and our shape check (no shape errors);
  * every file of tests/data/validate/shape_invalid/ is rejected by both;
  * over all inputs, whatever botocore rejects we reject too (our check is the stricter one:
    it also knows enum values, patterns, list maxima, ARN formats and one kind per action,
    which botocore does not check).

usage: validate_botocore_test.py IOTSQL_BINARY SOURCE_DIR
Exit 77 (ctest: skipped) when botocore is not installed.
"""
import glob
import json
import os
import subprocess
import sys

try:
    import botocore.session
    import botocore.validate
except ImportError:
    print("botocore is not installed: skipped")
    sys.exit(77)
try:
    import yaml
except ImportError:
    yaml = None

SHAPE_CHECKS = {"type", "missing-member", "unknown-member", "enum", "length", "range",
                "pattern", "rule-name", "action-kind", "arn",
                "not-a-rule-file"}  # the whole document fits none of the rule shapes


class Intrinsic:
    """A CloudFormation intrinsic function: its value exists only at deployment."""


def load_yaml(text):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: Intrinsic())
    return yaml.load(text, Loader=Loader)


def mark_json_intrinsics(v):
    if isinstance(v, dict):
        if len(v) == 1:
            (k,) = v.keys()
            if k == "Ref" or k == "Condition" or k.startswith("Fn::"):
                return Intrinsic()
        return {k: mark_json_intrinsics(x) for k, x in v.items()}
    if isinstance(v, list):
        return [mark_json_intrinsics(x) for x in v]
    return v


def camel(v):
    """CloudFormation's PascalCase members to the API's camelCase (intrinsics as strings)."""
    if isinstance(v, Intrinsic):
        return "placeholder"
    if isinstance(v, dict):
        return {k[0].lower() + k[1:]: camel(x) for k, x in v.items()}
    if isinstance(v, list):
        return [camel(x) for x in v]
    return v


def requests_of(path):
    """CreateTopicRule parameters for every rule in the file, like validate reads them."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith((".yaml", ".yml")):
        if yaml is None:
            return None
        doc = load_yaml(text)
    else:
        doc = json.loads(text)
    stem = os.path.splitext(os.path.basename(path))[0]
    if not isinstance(doc, dict):
        return []
    if "Resources" in doc or "AWSTemplateFormatVersion" in doc:
        doc = mark_json_intrinsics(doc)
        out = []
        for logical_id, res in (doc.get("Resources") or {}).items():
            if not isinstance(res, dict) or res.get("Type") != "AWS::IoT::TopicRule":
                continue
            props = res.get("Properties") or {}
            name = props.get("RuleName", logical_id)
            if isinstance(name, Intrinsic):
                name = logical_id
            out.append({"ruleName": name,
                        "topicRulePayload": camel(props.get("TopicRulePayload"))})
        return out
    if isinstance(doc.get("rule"), dict) and "sql" not in doc:
        rule = dict(doc["rule"])
        name = rule.pop("ruleName", stem)
        rule.pop("createdAt", None)
        return [{"ruleName": name, "topicRulePayload": rule}]
    if "topicRulePayload" in doc:
        req = {"ruleName": doc.get("ruleName"), "topicRulePayload": doc["topicRulePayload"]}
        if "tags" in doc:
            req["tags"] = doc["tags"]
        return [req]
    return [{"ruleName": stem, "topicRulePayload": doc}]


def main():
    binary, root = sys.argv[1], sys.argv[2]
    session = botocore.session.get_session()
    client = session.create_client("iot", region_name="us-east-1", aws_access_key_id="x",
                                   aws_secret_access_key="x")
    input_shape = client.meta.service_model.operation_model("CreateTopicRule").input_shape
    validator = botocore.validate.ParamValidator()

    def botocore_errors(path):
        reqs = requests_of(path)
        if reqs is None:
            return None
        errors = []
        for req in reqs:
            report = validator.validate(req, input_shape)
            if report.has_errors():
                errors.append(report.generate_report())
        return errors

    def our_shape_errors(path):
        run = subprocess.run([binary, "validate", "--format", "json", path],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise RuntimeError("%s: exit %d: %s" % (path, run.returncode, run.stderr))
        out = json.loads(run.stdout)
        return [d for d in out["diagnostics"]
                if d["severity"] == "error" and d["check"] in SHAPE_CHECKS]

    d = os.path.join(root, "tests", "data", "validate")
    valid = sorted(glob.glob(os.path.join(root, "examples", "rules", "*.json")) +
                   glob.glob(os.path.join(d, "valid", "*")))
    invalid = sorted(glob.glob(os.path.join(d, "shape_invalid", "*")))
    everything = sorted(set(valid + invalid + glob.glob(os.path.join(d, "invalid", "*"))))

    failures = []
    counts = {"valid": 0, "invalid": 0, "implied": 0, "stricter": 0}
    for path in valid:
        b = botocore_errors(path)
        if b is None:
            continue
        ours = our_shape_errors(path)
        if b:
            failures.append("%s: botocore rejects a valid example:\n%s" % (path, "\n".join(b)))
        if ours:
            failures.append("%s: shape errors on a valid example: %s" % (path, ours))
        counts["valid"] += 1
    for path in invalid:
        b = botocore_errors(path)
        if b is None:
            continue
        ours = our_shape_errors(path)
        if not b:
            failures.append("%s: botocore accepts a file meant to be invalid" % path)
        if not ours:
            failures.append("%s: no shape error, but botocore says:\n%s" % (path, "\n".join(b)))
        counts["invalid"] += 1
    for path in everything:
        try:
            b = botocore_errors(path)
        except (ValueError, yaml.YAMLError if yaml else ValueError):
            continue  # not JSON/YAML at all: a syntax test
        if b is None:
            continue
        ours = our_shape_errors(path)
        if b and not ours:
            failures.append("%s: botocore rejects it, we do not:\n%s" % (path, "\n".join(b)))
        counts["implied"] += 1
        if ours and not b:
            counts["stricter"] += 1
            print("only we reject %s: %s" % (os.path.relpath(path, root),
                                             sorted({d["check"] for d in ours})))
    print("botocore agreement: %d valid files accepted by both, %d invalid files rejected by "
          "both, %d files checked for 'botocore rejects => we reject' (%d rejected only by our "
          "stricter checks)" % (counts["valid"], counts["invalid"], counts["implied"],
                                counts["stricter"]))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

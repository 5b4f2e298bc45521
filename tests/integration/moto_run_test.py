#!/usr/bin/env python3
"""`iotsql run --sinks aws` against moto_server, read back with boto3.

Usage: moto_run_test.py PATH/TO/iotsql

  1. delivery: rule files using s3, dynamoDB, dynamoDBv2, sns (read back through an SQS
     subscription) and lambda (read back from moto's request recording), a failure an error action
     catches and one that is dead-lettered; every counter of the summary and of --metrics is
     checked against what arrived.
  2. fault: messages are fed through a pipe while moto is killed and restarted; every message is
     delivered (found in either moto), error-actioned (its error document is in the errors
     bucket) or dead-lettered (a line of dead-letter.ndjson), and the counters say the same.
Skips (exit 0, "SKIPPED") only when python3 cannot import moto.
"""
import base64
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

sys.dont_write_bytecode = True  # importing the sibling test must leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import moto_actions_test as base  # noqa: E402  (Moto, drain, recorded, check; skips without moto)
from moto_actions_test import ACCOUNT, KEY_ID, REGION, SECRET, Moto, check, drain, recorded  # noqa: E402


def write_rules(d, rules):
    os.makedirs(d, exist_ok=True)
    for name, doc in rules.items():
        with open(os.path.join(d, name + ".json"), "w") as f:
            json.dump(doc, f)


def run_env():
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET)
    env.pop("AWS_SESSION_TOKEN", None)
    env.pop("AWS_PROFILE", None)
    return env


def summary(text):
    """The totals of a run summary, and the per-action table."""
    head = re.search(r"iotsql run: (\d+) rules, (\d+) messages.* in ([0-9.]+) s", text)
    act = re.search(r"actions   (\d+) requests = (\d+) delivered \+ (\d+) error-actioned \+ "
                    r"(\d+) dead-lettered \((\d+) retries\)", text)
    check(head is not None and act is not None, f"summary has its totals: {text[:400]}")
    s = {"rules": int(head[1]), "messages": int(head[2]), "seconds": float(head[3]),
         "requests": int(act[1]), "delivered": int(act[2]), "error_actioned": int(act[3]),
         "dead_lettered": int(act[4]), "retries": int(act[5]), "rows": {}}
    for m in re.finditer(r"^  (\w+/\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$", text, re.M):
        s["rows"][m[1]] = tuple(int(m[i]) for i in range(2, 7))
    return s


def prometheus(path):
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'(iotsql_\w+)\{rule="(\w+)"(?:,action="(\w+)",kind="\w+")?\} (\d+)', line)
            if m:
                out[(m[1], m[2], m[3])] = int(m[4])
    return out


def check_reconciled(metrics, label):
    for (name, rule, action), sent in metrics.items():
        if name != "iotsql_action_sent_total" or action in (None, "error"):
            continue
        outputs = metrics[("iotsql_rule_outputs_total", rule, None)]
        caught = metrics[("iotsql_action_error_actions_total", rule, action)]
        dead = metrics[("iotsql_action_dead_lettered_total", rule, action)]
        check(outputs == sent + caught + dead,
              f"{label}: {rule}/{action}: outputs {outputs} = {sent} + {caught} + {dead}")


# ---- phase 1 ---------------------------------------------------------------------------------
def phase_delivery(tool, workdir):
    rec = os.path.join(workdir, "recording-run.ndjson")
    m = Moto(workdir, recording=rec)
    try:
        s3, ddb, sns, sqs = m.client("s3"), m.client("dynamodb"), m.client("sns"), m.client("sqs")
        for b in ("telemetry", "rule-errors"):
            s3.create_bucket(Bucket=b)
        ddb.create_table(TableName="Readings",
                         KeySchema=[{"AttributeName": "device", "KeyType": "HASH"},
                                    {"AttributeName": "ts", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "device", "AttributeType": "S"},
                                               {"AttributeName": "ts", "AttributeType": "N"}],
                         BillingMode="PAY_PER_REQUEST")
        ddb.create_table(TableName="Latest", KeySchema=[{"AttributeName": "device", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "device", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        topic = sns.create_topic(Name="hot")["TopicArn"]
        q = sqs.create_queue(QueueName="hot-q")["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn,
                      Attributes={"RawMessageDelivery": "false"})
        role = m.client("iam").create_role(RoleName="iot", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("h.py", "def handler(event, context):\n    return event\n")
        m.client("lambda").create_function(FunctionName="notify", Runtime="python3.11", Role=role,
                                           Handler="h.handler", Code={"ZipFile": buf.getvalue()})

        rules = os.path.join(workdir, "rules")
        role_arn = f"arn:aws:iam::{ACCOUNT}:role/iot"
        write_rules(rules, {
            "archive": {"sql": "SELECT * FROM 'fleet/+/telemetry'", "awsIotSqlVersion": "2016-03-23",
                        "actions": [{"s3": {"bucketName": "telemetry", "key": "${topic(2)}/${seq}.json",
                                            "roleArn": role_arn}}]},
            "readings": {"sql": "SELECT topic(2) AS device, temp, seq FROM 'fleet/+/telemetry'",
                         "awsIotSqlVersion": "2016-03-23",
                         "actions": [{"dynamoDB": {"tableName": "Readings", "hashKeyField": "device",
                                                   "hashKeyValue": "${topic(2)}", "rangeKeyField": "ts",
                                                   "rangeKeyValue": "${seq}", "rangeKeyType": "NUMBER",
                                                   "roleArn": role_arn}},
                                     {"dynamoDBv2": {"putItem": {"tableName": "Latest"}, "roleArn": role_arn}}]},
            "alerts": {"sql": "SELECT topic(2) AS device, temp, seq FROM 'fleet/+/telemetry' WHERE temp > 80",
                       "awsIotSqlVersion": "2016-03-23",
                       "actions": [{"sns": {"targetArn": topic, "roleArn": role_arn}},
                                   {"lambda": {"functionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:notify"}}]},
            # A bucket that does not exist: NOT_FOUND, not retried; the error action catches it.
            "caught": {"sql": "SELECT * FROM 'fleet/+/bad'", "awsIotSqlVersion": "2016-03-23",
                       "actions": [{"s3": {"bucketName": "no-such-bucket", "key": "k", "roleArn": role_arn}}],
                       "errorAction": {"s3": {"bucketName": "rule-errors", "key": "caught/${seq}",
                                              "roleArn": role_arn}}},
            # A table that does not exist, and no error action: dead-lettered.
            "lost": {"sql": "SELECT * FROM 'fleet/+/bad'", "awsIotSqlVersion": "2016-03-23",
                     "actions": [{"dynamoDBv2": {"putItem": {"tableName": "NoSuchTable"}, "roleArn": role_arn}}]},
        })
        n, bad = 200, 5
        msgs = os.path.join(workdir, "messages.ndjson")
        with open(msgs, "w") as f:
            for i in range(n):
                f.write(json.dumps({"topic": f"fleet/dev-{i % 8}/telemetry",
                                    "payload": {"seq": i, "temp": 20 + (i * 7) % 90}}) + "\n")
            for i in range(bad):
                f.write(json.dumps({"topic": "fleet/dev-x/bad", "payload": {"seq": 1000 + i}}) + "\n")
        out = os.path.join(workdir, "out")
        p = subprocess.run([tool, "run", rules, "--input", msgs, "--sinks", "aws", "--endpoint-url", m.url,
                            "--region", REGION, "--out", out, "--metrics", os.path.join(workdir, "metrics.txt")],
                           capture_output=True, env=run_env(), timeout=120)
        text, err = p.stdout.decode(), p.stderr.decode()
        print(text, end="", flush=True)
        check(p.returncode == 1, f"dead letters make exit code 1: {p.returncode} {err[-400:]}")
        check(SECRET not in text + err, "the secret is never printed")
        s = summary(text)
        hot = sum(1 for i in range(n) if 20 + (i * 7) % 90 > 80)
        requests = n + 2 * n + 2 * hot + bad + bad
        check(s["requests"] == requests, f"{requests} requests: {s['requests']}")
        check(s["delivered"] == requests - 2 * bad and s["error_actioned"] == bad and s["dead_lettered"] == bad,
              f"delivered / error-actioned / dead-lettered: {s}")
        check(s["retries"] == 0, "nothing retried: NOT_FOUND is permanent")
        check(s["rows"].get("caught/0") == (bad, 0, bad, 0, 0), f"caught row: {s['rows'].get('caught/0')}")
        check(s["rows"].get("lost/0") == (bad, 0, 0, bad, 0), f"lost row: {s['rows'].get('lost/0')}")
        check("sink      aws: " in text, "sink stats in the summary")
        check_reconciled(prometheus(os.path.join(workdir, "metrics.txt")), "delivery")

        # ---- read back ----
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="telemetry"):
            keys += [o["Key"] for o in page.get("Contents", [])]
        check(len(keys) == n, f"{n} objects in telemetry: {len(keys)}")
        body = json.loads(s3.get_object(Bucket="telemetry", Key="dev-3/11.json")["Body"].read())
        check(body == {"seq": 11, "temp": 20 + 77 % 90}, f"object body: {body}")
        items = []
        for page in ddb.get_paginator("scan").paginate(TableName="Readings"):
            items += page["Items"]
        check(len(items) == n, f"{n} Readings items: {len(items)}")
        it = ddb.get_item(TableName="Readings", Key={"device": {"S": "dev-5"}, "ts": {"N": "13"}}).get("Item")
        check(it is not None and it["payload"]["M"]["temp"] == {"N": str(20 + 91 % 90)}, f"Readings item: {it}")
        latest = ddb.scan(TableName="Latest")["Items"]
        check(len(latest) == 8, f"one Latest item per device: {len(latest)}")
        got = drain(sqs, q, hot, seconds=15)
        check(sorted(json.loads(x)["seq"] for x in got) ==
              [i for i in range(n) if 20 + (i * 7) % 90 > 80], f"{hot} SNS messages via SQS: {len(got)}")
        invokes = [json.loads(body)["seq"] for e, body in recorded(rec, "/2015-03-31/functions/")
                   if e["method"] == "POST"]
        check(sorted(invokes) == [i for i in range(n) if 20 + (i * 7) % 90 > 80],
              f"{hot} Lambda invocations recorded: {len(invokes)}")
        errs = s3.list_objects_v2(Bucket="rule-errors").get("Contents", [])
        check(len(errs) == bad, f"{bad} error documents: {len(errs)}")
        doc = json.loads(s3.get_object(Bucket="rule-errors", Key="caught/1000")["Body"].read())
        check(doc["ruleName"] == "caught" and doc["failures"][0]["failedAction"] == "S3Action"
              and "NoSuchBucket" in doc["failures"][0]["errorMessage"], f"error document: {doc}")
        with open(os.path.join(out, "dead-letter.ndjson")) as f:
            dead = [json.loads(line) for line in f]
        check(len(dead) == bad and all(d["ruleName"] == "lost" and d["error"]["code"] == "NOT_FOUND" for d in dead),
              f"{bad} dead letters: {dead[:1]}")
        delivered = s["delivered"] + s["error_actioned"]
        print(f"delivery: {s['requests']} requests in {s['seconds']:.2f} s, "
              f"{delivered / max(s['seconds'], 1e-3):.0f} deliveries/s against moto "
              f"(16 dispatch threads)", flush=True)
    finally:
        m.stop()


# ---- phase 2 ---------------------------------------------------------------------------------
def setup_fault(m):
    s3 = m.client("s3")
    for b in ("fault", "fault-errors"):
        s3.create_bucket(Bucket=b)
    m.client("dynamodb").create_table(
        TableName="Faults", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")


def phase_fault(tool, workdir):
    rec1 = os.path.join(workdir, "recording-fault-1.ndjson")
    rec2 = os.path.join(workdir, "recording-fault-2.ndjson")
    m = Moto(workdir, recording=rec1)
    setup_fault(m)
    rules = os.path.join(workdir, "fault-rules")
    write_rules(rules, {"stream": {
        "sql": "SELECT * FROM 'fault/+'", "awsIotSqlVersion": "2016-03-23",
        "actions": [{"s3": {"bucketName": "fault", "key": "m/${i}", "roleArn": "r"}},
                    {"dynamoDBv2": {"putItem": {"tableName": "Faults"}, "roleArn": "r"}}],
        "errorAction": {"s3": {"bucketName": "fault-errors", "key": "e/${i}", "roleArn": "r"}}}})
    out = os.path.join(workdir, "fault-out")
    n = 300
    proc = subprocess.Popen([tool, "run", rules, "--input", "-", "--sinks", "aws", "--endpoint-url", m.url,
                             "--region", REGION, "--out", out, "--threads", "8", "--max-attempts", "4",
                             "--retry-base-ms", "100", "--retry-max-ms", "400",
                             "--metrics", os.path.join(workdir, "fault-metrics.txt")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=run_env())
    outputs = {}

    def collect(name, stream):
        outputs[name] = stream.read().decode()
    readers = [threading.Thread(target=collect, args=(k, s)) for k, s in
               (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    # 300 messages over ~4.5 s through the pipe; meanwhile moto dies at 1.5 s and is started
    # again (with its buckets and table) 1.5 s later, on its own thread so that the feed goes on.
    times = {}
    restarted_moto = []

    def chaos():
        time.sleep(1.5)
        m.stop(signal.SIGKILL)
        times["killed"] = time.time()
        time.sleep(1.5)
        m2 = Moto(workdir, port=m.port, recording=rec2)
        setup_fault(m2)
        times["restarted"] = time.time()
        restarted_moto.append(m2)

    t0 = time.time()
    chaos_thread = threading.Thread(target=chaos)
    chaos_thread.start()
    for i in range(n):
        proc.stdin.write((json.dumps({"topic": f"fault/{i % 4}", "payload": {"id": f"m{i}", "i": i}}) + "\n").encode())
        proc.stdin.flush()
        time.sleep(0.015)
    proc.stdin.close()
    proc.wait(timeout=120)
    for t in readers:
        t.join()
    chaos_thread.join()
    m2 = restarted_moto[0]
    killed, restarted = times["killed"], times["restarted"]
    try:
        text, err = outputs["out"], outputs["err"]
        print(text, end="", flush=True)
        check(proc.returncode in (0, 1), f"fault run exit {proc.returncode}: {err[-400:]}")
        s = summary(text)
        check(s["messages"] == n and s["requests"] == 2 * n, f"{n} messages, {2 * n} requests: {s}")
        check(s["delivered"] + s["error_actioned"] + s["dead_lettered"] == 2 * n, f"totals reconcile: {s}")
        check_reconciled(prometheus(os.path.join(workdir, "fault-metrics.txt")), "fault")

        # What each moto received: the first from its recording (its state died with it), the
        # second from its state.
        s3, ddb = m2.client("s3"), m2.client("dynamodb")
        seen_s3 = {e["url"].rsplit("/m/", 1)[1] for e, _ in recorded(rec1, "/fault/m/") if e["method"] == "PUT"}
        seen_ddb = {json.loads(b)["Item"]["id"]["S"][1:] for e, b in recorded(rec1, m.url)
                    if e["headers"].get("X-Amz-Target") == "DynamoDB_20120810.PutItem" and '"Faults"' in b}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="fault"):
            seen_s3 |= {o["Key"][2:] for o in page.get("Contents", [])}
        for page in ddb.get_paginator("scan").paginate(TableName="Faults"):
            seen_ddb |= {it["id"]["S"][1:] for it in page["Items"]}
        caught = {}  # i -> failed action kinds listed in its error document
        for e, b in recorded(rec1, "/fault-errors/e/"):
            if e["method"] == "PUT":
                caught[e["url"].rsplit("/e/", 1)[1]] = b
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="fault-errors"):
            for o in page.get("Contents", []):
                caught[o["Key"][2:]] = s3.get_object(Bucket="fault-errors", Key=o["Key"])["Body"].read().decode()
        dead = {}
        path = os.path.join(out, "dead-letter.ndjson")
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    d = json.loads(line)
                    i = json.loads(base64.b64decode(d["base64OriginalPayload"]))["i"]
                    dead.setdefault(str(i), set()).add(d["kind"])
        n_dead = sum(len(v) for v in dead.values())
        check(n_dead == s["dead_lettered"], f"dead-letter lines {n_dead} = counter {s['dead_lettered']}")
        missing = []
        for i in range(n):
            k = str(i)
            for kind, seen, name in (("s3", seen_s3, "S3Action"), ("dynamoDBv2", seen_ddb, "DynamoDBv2Action")):
                if k in seen or kind in dead.get(k, set()) or (k in caught and name in caught[k]):
                    continue
                missing.append(f"{kind} {i}")
        check(not missing, f"every request delivered, error-actioned or dead-lettered; missing: {missing[:10]}")
        print(f"fault: moto killed {killed - t0:.1f} s into the stream, back after "
              f"{restarted - killed:.1f} s; {2 * n} requests = {s['delivered']} delivered + "
              f"{s['error_actioned']} error-actioned + {s['dead_lettered']} dead-lettered "
              f"({s['retries']} retries); found {len(seen_s3)} objects and {len(seen_ddb)} items in moto, "
              f"{len(caught)} error documents, {n_dead} dead letters", flush=True)
        check(s["retries"] > 0, "the outage was retried")
        check(s["delivered"] > 0 and s["delivered"] < 2 * n or s["retries"] > 0, "the outage was met")
    finally:
        m2.stop()


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    tool = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="iotsql-moto-run-") as workdir:
        try:
            phase_delivery(tool, workdir)
            phase_fault(tool, workdir)
        finally:
            for m in Moto.started:
                m.stop(signal.SIGKILL)
    print(f"run_moto: {base.CHECKS['passed']} passed, {base.CHECKS['failed']} failed")
    return 1 if base.CHECKS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

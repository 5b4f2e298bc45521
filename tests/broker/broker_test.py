#!/usr/bin/env python3
"""The rules engine in and beside a real Mosquitto on 127.0.0.1.

  broker_test.py plugin PLUGIN.so IOTSQL   # libiotsql_mosquitto.so inside mosquitto
  broker_test.py serve  PLUGIN.so IOTSQL   # two `iotsql serve` on one shared subscription

plugin: the message context (client id, username, MQTT 5 properties), local sinks, republish
seen by a mosquitto_sub subscriber, SIGHUP reload (a bad file keeps the old rules), reload on
changed files, and the S3 backend against moto_server.
serve: two instances in one group split the traffic, each message handled exactly once (also
for a topic two overlapping filters match), republish through the client, clean SIGTERM.

Exit 77 (ctest: skipped) with "SKIPPED: ..." only when mosquitto or its clients are missing.
"""
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

FAILURES = []


def check(cond, what):
    if cond:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}")
        FAILURES.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout=10.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Broker:
    def __init__(self, work, name, plugin=None, options=None, env=None):
        self.port = free_port()
        self.log = os.path.join(work, f"{name}.log")
        conf = os.path.join(work, f"{name}.conf")
        lines = [
            f"listener {self.port} 127.0.0.1",
            "allow_anonymous true",
            f"log_dest file {self.log}",
            "log_type all",
            # As root, mosquitto would switch to the `mosquitto` user, which cannot write here.
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
        ]
        if plugin:
            lines.append(f"plugin {plugin}")
            for k, v in (options or {}).items():
                lines.append(f"plugin_opt_{k} {v}")
        with open(conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env)
        if not wait_for(lambda: port_open(self.port) or self.proc.poll() is not None):
            raise RuntimeError("mosquitto did not start")
        if self.proc.poll() is not None:
            raise RuntimeError("mosquitto exited: " + read(self.log)[-2000:] +
                               self.proc.stderr.read().decode())

    def log_has(self, text, after=0):
        return text in read(self.log)[after:]

    def log_size(self):
        return len(read(self.log))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


class Subscriber:
    """mosquitto_sub -v; `-d` prints the SUBACK, so we know when it listens."""

    def __init__(self, work, port, topic):
        self.out = os.path.join(work, f"sub-{port}.txt")
        self.proc = subprocess.Popen(
            ["stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-V", "5", "-q", "1", "-d",
             "-v", "-t", topic], stdout=open(self.out, "w"), stderr=subprocess.STDOUT)
        if not wait_for(lambda: "SUBACK" in read(self.out)):
            raise RuntimeError("mosquitto_sub did not subscribe: " + read(self.out))

    def messages(self):
        out = []
        for line in read(self.out).splitlines():
            if line.startswith("alerts/"):
                topic, _, payload = line.partition(" ")
                out.append((topic, payload))
        return out

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def pub(port, topic, payload, *extra, lines=None):
    cmd = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-V", "5", "-q", "1",
           "-t", topic] + list(extra)
    if lines is not None:
        cmd += ["-l"]
        subprocess.run(cmd, input="\n".join(lines) + "\n", text=True, check=True, timeout=30)
    else:
        subprocess.run(cmd + ["-m", payload], check=True, timeout=10)


def write_rule(folder, name, doc):
    path = os.path.join(folder, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f)
    os.replace(tmp, path)   # never a half-written file for the poller to see


ROLE = "arn:aws:iam::123456789012:role/iot"


def high_temp(version, threshold=50):
    return {
        "sql": ("SELECT temp, device, clientid() AS cid, principal() AS who, "
                "get_mqtt_property('content_type') AS ct, get_user_properties('site') AS site, "
                f"'{version}' AS version FROM 'sensors/+/telemetry' WHERE temp > {threshold}"),
        "awsIotSqlVersion": "2016-03-23",
        "actions": [
            {"s3": {"bucketName": "telemetry", "key": "${device}/${seq}.json", "roleArn": ROLE}},
            {"republish": {"topic": "alerts/${topic(2)}", "qos": 1, "roleArn": ROLE}},
        ],
    }


def s3_object(out, device, seq):
    text = read(os.path.join(out, "s3", "telemetry", device, f"{seq}.json"))
    return json.loads(text) if text else None


def test_plugin(work, plugin):
    rules = os.path.join(work, "rules")
    out = os.path.join(work, "out")
    os.makedirs(rules)
    write_rule(rules, "high_temp.json", high_temp("v1"))
    broker = Broker(work, "plugin", plugin,
                    {"rules": rules, "sinks": "local", "out": out, "poll_ms": 300})
    try:
        check(broker.log_has("iotsql: 1 rules loaded"), "plug-in loaded the rules")
        sub = Subscriber(work, broker.port, "alerts/#")
        props = ["-i", "dev-1", "-u", "alice", "-D", "publish", "user-property", "site", "berlin",
                 "-D", "publish", "content-type", "application/json"]
        pub(broker.port, "sensors/d1/telemetry", '{"temp": 60, "device": "d1", "seq": 1}', *props)
        pub(broker.port, "sensors/d2/telemetry", '{"temp": 40, "device": "d2", "seq": 2}')
        pub(broker.port, "sensors/d3/telemetry", '{"temp": 70, "device": "d3", "seq": 3}')
        o = wait_for(lambda: s3_object(out, "d1", 1))
        check(o is not None, "local s3 object written for a matching message")
        if o:
            check(o.get("cid") == "dev-1", f"clientid() is the publisher's client id ({o.get('cid')})")
            check(o.get("who") == "alice", f"principal() is the username ({o.get('who')})")
            check(o.get("ct") == "application/json", f"get_mqtt_property content_type ({o.get('ct')})")
            check(o.get("site") in (["berlin"], "berlin"), f"get_user_properties ({o.get('site')})")
        check(wait_for(lambda: s3_object(out, "d3", 3)) is not None, "second matching message")
        check(s3_object(out, "d2", 2) is None, "WHERE rejected the cold message")
        msgs = wait_for(lambda: len(sub.messages()) >= 2 and sub.messages())
        check(sorted(t for t, _ in (msgs or [])) == ["alerts/d1", "alerts/d3"],
              f"republished into the broker, seen by a subscriber: {msgs}")
        if msgs:
            check(json.loads(msgs[0][1]).get("temp") in (60, 70), "republished payload is the output")

        # SIGHUP reload: the new rule set applies to the next message.
        write_rule(rules, "high_temp.json", high_temp("v2", threshold=65))
        mark = broker.log_size()
        broker.proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda: broker.log_has("iotsql: reloaded 1 rules", mark)), "SIGHUP reloads")
        pub(broker.port, "sensors/d4/telemetry", '{"temp": 60, "device": "d4", "seq": 4}')
        pub(broker.port, "sensors/d5/telemetry", '{"temp": 80, "device": "d5", "seq": 5}')
        o = wait_for(lambda: s3_object(out, "d5", 5))
        check(o is not None and o.get("version") == "v2", "reloaded rule runs")
        check(s3_object(out, "d4", 4) is None, "reloaded WHERE (temp > 65) applies")

        # A bad file at reload: logged, the old rules stay.
        with open(os.path.join(rules, "broken.json"), "w") as f:
            f.write('{"sql": "SELECT a[0] FROM \'t\'", "actions": []}')
        mark = broker.log_size()
        broker.proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda: broker.log_has("keeping the 1 rules", mark)),
              "bad rule file at reload is logged and the old rules are kept")
        check(broker.log_has("broken.json", mark), "the log names the bad file")
        pub(broker.port, "sensors/d6/telemetry", '{"temp": 90, "device": "d6", "seq": 6}')
        o = wait_for(lambda: s3_object(out, "d6", 6))
        check(o is not None and o.get("version") == "v2", "old rules still run after a bad reload")

        # Changed files without SIGHUP: the tick poller reloads.
        os.remove(os.path.join(rules, "broken.json"))
        write_rule(rules, "high_temp.json", high_temp("v3"))
        mark = broker.log_size()
        check(wait_for(lambda: broker.log_has("the rule files changed", mark)),
              "changed files are reloaded without SIGHUP")
        pub(broker.port, "sensors/d7/telemetry", '{"temp": 99, "device": "d7", "seq": 7}')
        o = wait_for(lambda: s3_object(out, "d7", 7))
        check(o is not None and o.get("version") == "v3", "polled reload applies")
        msgs = wait_for(lambda: len(sub.messages()) >= 5 and sub.messages())
        time.sleep(0.3)
        check(len(sub.messages()) == 5, f"each matching message republished once ({len(sub.messages())})")
        sub.stop()
    finally:
        rc = broker.stop()
    check(rc == 0, f"broker with the plug-in stops cleanly (exit {rc})")
    check("iotsql: republish" not in read(broker.log), "no republish errors logged")


def test_plugin_protobuf(work, plugin):
    """plugin_opt_proto_descriptors: decode(*, 'proto', ...) with a local descriptor set."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    rules = os.path.join(work, "proto_rules")
    out = os.path.join(work, "proto_out")
    os.makedirs(rules)
    write_rule(rules, "decode.json", {
        "sql": ("SELECT VALUE decode(*, 'proto', 'schemas', 'device.desc', 'device', 'Device') "
                "FROM 'devices/+/proto'"),
        "awsIotSqlVersion": "2016-03-23",
        "actions": [{"s3": {"bucketName": "decoded", "key": "${topic(2)}.json", "roleArn": ROLE}}],
    })
    broker = Broker(work, "plugin_proto", plugin,
                    {"rules": rules, "sinks": "local", "out": out,
                     "proto_descriptors": os.path.join(root, "examples", "descriptors")})
    try:
        check(broker.log_has("iotsql: 1 rules loaded"), "plug-in loaded the protobuf rule")
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-V", "5",
                        "-q", "1", "-t", "devices/dev-7/proto", "-f",
                        os.path.join(root, "tests", "data", "protobuf", "device.bin")],
                       check=True, timeout=10)
        path = os.path.join(out, "s3", "decoded", "dev-7.json")
        text = wait_for(lambda: read(path))
        doc = json.loads(text) if text else {}
        check(doc.get("deviceId") == "dev-7" and doc.get("seq") == "9007199254740993",
              f"protobuf payload decoded in the broker: {text!r}")
    finally:
        rc = broker.stop()
    check(rc == 0, f"broker stops cleanly after the protobuf rule (exit {rc})")


def test_plugin_moto(work, plugin):
    try:
        import boto3  # noqa: F401
        import moto  # noqa: F401
    except ImportError as e:
        print(f"skip S3-against-moto part: {e}")
        return
    import boto3
    moto_port = free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: port_open(moto_port), timeout=20)
        endpoint = f"http://127.0.0.1:{moto_port}"
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1")
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket="telemetry")
        rules = os.path.join(work, "rules-aws")
        os.makedirs(rules)
        write_rule(rules, "high_temp.json", high_temp("aws"))
        broker = Broker(work, "plugin-aws", plugin,
                        {"rules": rules, "sinks": "aws", "endpoint_url": endpoint,
                         "region": "us-east-1"}, env=env)
        try:
            pub(broker.port, "sensors/m1/telemetry", '{"temp": 75, "device": "m1", "seq": 11}',
                "-i", "dev-m1")

            def get():
                try:
                    return s3.get_object(Bucket="telemetry", Key="m1/11.json")["Body"].read()
                except Exception:
                    return None
            body = wait_for(get, timeout=15)
            check(body is not None and json.loads(body).get("version") == "aws",
                  f"S3 backend: object in moto ({body})")
        finally:
            rc = broker.stop()
        check(rc == 0, "broker with the aws backend stops cleanly")
    finally:
        moto.terminate()
        moto.wait()


def test_serve(work, iotsql):
    rules = os.path.join(work, "serve-rules")
    os.makedirs(rules)
    # Two filters that overlap without one covering the other: sensors/d1/telemetry arrives
    # once per shared subscription, possibly at different instances.
    write_rule(rules, "hot.json", {
        "sql": "SELECT seq, temp FROM 'sensors/+/telemetry' WHERE temp > 50",
        "actions": [
            {"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:hot", "roleArn": ROLE}},
            {"republish": {"topic": "alerts/${seq}", "qos": 1, "roleArn": ROLE}},
        ]})
    write_rule(rules, "d1_all.json", {
        "sql": "SELECT seq FROM 'sensors/d1/+'",
        "actions": [{"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:d1", "roleArn": ROLE}}]})
    # Covered by sensors/+/telemetry: no subscription of its own, runs through that one.
    write_rule(rules, "d2_telemetry.json", {
        "sql": "SELECT seq FROM 'sensors/d2/telemetry'",
        "actions": [{"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:d2", "roleArn": ROLE}}]})
    broker = Broker(work, "serve-broker")
    procs = []
    try:
        for i in (1, 2):
            err = os.path.join(work, f"serve{i}.err")
            p = subprocess.Popen([iotsql, "serve", "--mqtt", f"127.0.0.1:{broker.port}", rules,
                                  "--group", "g1", "--out", os.path.join(work, f"serve{i}"),
                                  "--id", f"iotsql-{i}"],
                                 stdout=subprocess.DEVNULL, stderr=open(err, "w"))
            procs.append((p, err))
        for p, err in procs:
            check(wait_for(lambda: "shared subscriptions" in read(err)),
                  f"serve subscribed: {read(err).strip()}")
        check("$share/g1/sensors/d2/telemetry" not in read(procs[0][1]),
              "a covered filter gets no subscription of its own")
        sub = Subscriber(work, broker.port, "alerts/#")
        n = 200
        # Not every other one: mosquitto hands a group's messages out in turn, and with two
        # members the hot ones would all land at one of them.
        d1 = [json.dumps({"seq": i, "temp": 60 if i % 3 == 0 else 40}) for i in range(n)]
        d2 = [json.dumps({"seq": n + i, "temp": 60 if i % 3 == 0 else 40}) for i in range(n)]
        pub(broker.port, "sensors/d1/telemetry", None, lines=d1)
        pub(broker.port, "sensors/d2/telemetry", None, lines=d2)
        expect_hot = sorted(i for i in range(2 * n) if (i if i < n else i - n) % 3 == 0)

        def seqs(name):
            out = []
            per = []
            for i in (1, 2):
                text = read(os.path.join(work, f"serve{i}", "sns", f"{name}.ndjson"))
                got = [json.loads(json.loads(line)["message"])["seq"] for line in text.splitlines()]
                per.append(len(got))
                out += got
            return sorted(out), per
        wait_for(lambda: len(seqs("hot")[0]) >= len(expect_hot) and len(seqs("d1")[0]) >= n
                 and len(seqs("d2")[0]) >= n, timeout=20)
        time.sleep(0.5)   # duplicates, if any, would arrive now
        hot, per = seqs("hot")
        check(hot == expect_hot, f"hot: every message handled exactly once across both ({len(hot)} "
                                 f"of {len(expect_hot)})")
        check(all(c > 0 for c in per), f"both instances got a share of the traffic {per}")
        got, per = seqs("d1")
        check(got == list(range(n)), f"overlapping filter: each message once ({len(got)} of {n}) {per}")
        got, _ = seqs("d2")
        check(got == list(range(n, 2 * n)), f"covered filter: each message once ({len(got)} of {n})")
        alerts = wait_for(lambda: len(sub.messages()) >= len(expect_hot) and sub.messages(), 10)
        time.sleep(0.3)
        got = sorted(int(t.split("/")[1]) for t, _ in sub.messages())
        check(got == expect_hot, f"republished through the client, each once ({len(got)})")
        sub.stop()
    finally:
        for p, err in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p, err in procs:
            try:
                rc = p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = "timeout"
            check(rc == 0, f"serve exits 0 on SIGTERM ({rc}): {read(err).strip().splitlines()[-1:]}")
        broker.stop()


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("plugin", "serve"):
        print(__doc__)
        return 2
    mode, plugin, iotsql = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    missing = [t for t in ("mosquitto", "mosquitto_pub", "mosquitto_sub")
               if shutil.which(t) is None and not os.path.exists(f"/usr/sbin/{t}")]
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not installed (Debian: mosquitto, mosquitto-clients)")
        return 77
    os.environ["PATH"] += ":/usr/sbin"
    work = tempfile.mkdtemp(prefix=f"iotsql-broker-{mode}-")
    try:
        if mode == "plugin":
            test_plugin(work, plugin)
            test_plugin_protobuf(work, plugin)
            test_plugin_moto(work, plugin)
        else:
            test_serve(work, iotsql)
    except Exception as e:  # a crash is a failure with its story
        FAILURES.append(repr(e))
        print(f"FAIL {e!r}")
    if FAILURES:
        for name in sorted(os.listdir(work)):
            if name.endswith((".log", ".err")):
                print(f"--- {name}\n{read(os.path.join(work, name))[-3000:]}")
        print(f"broker_test {mode}: {len(FAILURES)} failed")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"broker_test {mode}: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

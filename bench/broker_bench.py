#!/usr/bin/env python3
"""Mosquitto throughput with and without the iotsql plug-in (W1 messages, QoS 0, loopback).

  bench/broker_bench.py build/libiotsql_mosquitto.so build/iotsql_broker_bench [COUNT] [RUNS]

Configurations: the bare broker; the plug-in with the W1 rule and no action (evaluation only);
the plug-in with the rule republishing each hot message to alerts/<device> (the subscriber then
also counts those). Prints the median of RUNS runs each, as a Markdown table.
"""
import json
import os
import pwd
import socket
import subprocess
import sys
import tempfile
import time

SQL = "SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_config(work, plugin, bench, name, rule, count, runs):
    port = free_port()
    conf = os.path.join(work, f"{name}.conf")
    lines = [f"listener {port} 127.0.0.1", "allow_anonymous true",
             f"user {pwd.getpwuid(os.getuid()).pw_name}", "log_dest none"]
    if rule is not None:
        rules = os.path.join(work, f"{name}-rules")
        os.makedirs(rules)
        with open(os.path.join(rules, "w1.json"), "w") as f:
            json.dump(rule, f)
        lines += [f"plugin {plugin}", f"plugin_opt_rules {rules}",
                  f"plugin_opt_out {os.path.join(work, name + '-out')}"]
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    broker = subprocess.Popen(["mosquitto", "-c", conf], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        results = []
        for _ in range(runs):
            args = [bench, "--port", str(port), "--count", str(count)]
            if rule is not None and rule["actions"]:
                args.append("--alerts")
            out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=300)
            results.append(json.loads(out.stdout))
        return results
    finally:
        broker.terminate()
        broker.wait()


def main():
    plugin, bench = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.environ["PATH"] += ":/usr/sbin"
    work = tempfile.mkdtemp(prefix="iotsql-broker-bench-")
    configs = [
        ("mosquitto alone", None),
        ("with the plug-in, W1 rule, no action", {"sql": SQL, "actions": []}),
        ("with the plug-in, W1 rule, republish", {"sql": SQL, "actions": [
            {"republish": {"topic": "alerts/${device}", "qos": 0,
                           "roleArn": "arn:aws:iam::123456789012:role/iot"}}]}),
    ]
    print(f"{count} W1 messages at QoS 0 per run, median of {runs} runs")
    print("| broker | received | republished | seconds | messages/s |")
    print("|---|---:|---:|---:|---:|")
    for name, rule in configs:
        rs = run_config(work, plugin, bench, name.split(",")[0].replace(" ", "_") + str(id(rule)),
                        rule, count, runs)
        med = sorted(rs, key=lambda r: r["msgs_per_s"])[len(rs) // 2]
        print(f"| {name} | {med['received']} | {med['alerts']} | {med['seconds']:.2f} | "
              f"{med['msgs_per_s']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()

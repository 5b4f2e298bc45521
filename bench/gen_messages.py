#!/usr/bin/env python3
"""Deterministic telemetry messages of the reference workloads W1-W4, as NDJSON.

The same stream as the reference generator (seed 42 gives byte-identical lines) and as
bench/messages.h: about 181 bytes of telemetry a message, ~1 KB with --large (a 24-element
`readings` array). `temp` is uniform in [0, 100), so `temp > 50` keeps about half.

usage: gen_messages.py N OUT [--seed S] [--large] [--envelope]

--envelope writes the input format of `iotsql run` and `iotsql bench`,
{"topic":"sensors/<device>/telemetry","payload":{...}}, instead of bare payloads.
"""
import json
import random
import sys


def main() -> None:
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    large = "--large" in args
    envelope = "--envelope" in args
    # The draws below must stay in this order: it is what makes the stream match the reference.
    rng = random.Random(seed)
    statuses = ["ok", "ok", "ok", "warn", "err"]
    kept = 0
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            temp = round(rng.uniform(0.0, 100.0), 2)
            kept += temp > 50
            msg = {
                "device": "dev-%06d" % rng.randrange(100000),
                "ts": 1700000000000 + i * 10,
                "temp": temp,
                "humidity": round(rng.uniform(10.0, 90.0), 1),
                "pressure": round(rng.uniform(950.0, 1050.0), 1),
                "battery": rng.randrange(101),
                "status": rng.choice(statuses),
                "loc": {"lat": round(rng.uniform(-90, 90), 5), "lon": round(rng.uniform(-180, 180), 5)},
                "fw": "2.%d.%d" % (rng.randrange(10), rng.randrange(10)),
                "seq": i,
            }
            if large:
                msg["readings"] = [
                    {"n": "ch%02d" % k, "v": round(rng.uniform(-1000, 1000), 3), "u": "mV"}
                    for k in range(24)
                ]
            payload = json.dumps(msg, separators=(",", ":"))
            if envelope:
                f.write('{"topic":"sensors/%s/telemetry","payload":%s}\n' % (msg["device"], payload))
            else:
                f.write(payload)
                f.write("\n")
    sys.stderr.write("wrote %d lines to %s; expected matches for temp > 50: %d\n" % (n, out, kept))


if __name__ == "__main__":
    main()

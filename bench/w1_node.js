// W1 in Node.js, the way an application would write it: JSON.parse, an if, JSON.stringify.
// Reads NDJSON payloads on stdin and writes one output line per match on stdout.
// usage: node w1_node.js < messages.ndjson > out.ndjson
'use strict';
const fs = require('fs');

let rest = '';
let out = [];
let outBytes = 0;

function flush() {
  if (out.length) fs.writeSync(1, out.join(''));
  out = [];
  outBytes = 0;
}

function handle(line) {
  if (line.length === 0) return;
  const m = JSON.parse(line);
  if (m.temp > 50) {
    const s = JSON.stringify({temp: m.temp, device: m.device}) + '\n';
    out.push(s);
    outBytes += s.length;
    // Batched writes: a write per message would measure system calls, not the JSON work.
    if (outBytes > 1 << 16) flush();
  }
}

// Synchronous reads in large chunks: readline's per-line events would cost more than the work.
// (The generated messages are ASCII, so a chunk boundary never splits a character.)
const buf = Buffer.allocUnsafe(1 << 20);
for (;;) {
  let n;
  try {
    n = fs.readSync(0, buf, 0, buf.length, null);
  } catch (e) {
    if (e.code === 'EAGAIN') continue;
    if (e.code === 'EOF') break;
    throw e;
  }
  if (n === 0) break;
  const chunk = rest + buf.toString('utf8', 0, n);
  const lines = chunk.split('\n');
  rest = lines.pop();
  for (const line of lines) handle(line);
}
handle(rest);
flush();

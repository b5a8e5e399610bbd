// The "under attack" row's hostile clients, as their own process (pinned to the
// load generator's CPU):  node attacker.mjs <json options>
// Options: { gatewayUrl, slowConnections, deepJsonPerSec, durationSec }.
// - slowConnections: POSTs to the login route whose 64-byte body trickles at 1 byte
//   every 3 s, reopened when the gateway closes them (408); spread over
//   127.0.0.2-127.0.0.4 so they are clients of their own, not the legitimate one.
// - deepJsonPerSec: POSTs of a 5,000-level nested JSON (30 KB) to the login route.
// Prints one JSON line with what the attackers saw.
import { connect } from 'node:net';
import { Pool } from 'undici';

const opts = JSON.parse(process.argv[2]);
const target = new URL(opts.gatewayUrl);
const end = Date.now() + opts.durationSec * 1000;
const seen = { slowOpened: 0, slowAnswered: {}, deepSent: 0, deepStatuses: {}, deepErrors: 0 };
const count = (map, key) => (map[key] = (map[key] ?? 0) + 1);

function slowClient(i) {
  if (Date.now() >= end) return;
  const socket = connect({ host: target.hostname, port: Number(target.port), localAddress: `127.0.0.${2 + (i % 3)}` });
  seen.slowOpened++;
  let text = '';
  socket.on('connect', () => {
    socket.write(`POST /users/user/login HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n`);
    const tick = setInterval(() => (socket.destroyed ? clearInterval(tick) : socket.write('{')), 3000);
    socket.once('close', () => clearInterval(tick));
  });
  socket.on('data', (c) => (text += c.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    count(seen.slowAnswered, /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 'none');
    setTimeout(() => slowClient(i), 10);
  });
}

const deep = '{"EmailOrUserName":' + '['.repeat(5000) + '1' + ']'.repeat(5000) + ',"Password":"x","ClientId":"web"}';
const pool = new Pool(target.origin, { connections: 16, localAddress: '127.0.0.5' });
async function deepOne() {
  seen.deepSent++;
  try {
    const res = await pool.request({ method: 'POST', path: '/users/user/login', headers: { 'content-type': 'application/json' }, body: deep });
    await res.body.dump();
    count(seen.deepStatuses, res.statusCode);
  } catch {
    seen.deepErrors++;
  }
}

for (let i = 0; i < opts.slowConnections; i++) slowClient(i);
const inFlight = new Set();
const timer = setInterval(() => {
  if (Date.now() >= end) return;
  for (let i = 0; i < opts.deepJsonPerSec / 10; i++) {
    const p = deepOne().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
}, 100);
await new Promise((r) => setTimeout(r, opts.durationSec * 1000));
clearInterval(timer);
await Promise.allSettled([...inFlight]);
await pool.close();
console.log(JSON.stringify(seen));
process.exit(0);

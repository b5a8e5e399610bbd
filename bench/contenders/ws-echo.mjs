// The WebSocket rows' service: a `ws` echo server (every message sent back as
// it came), the same for the direct and the proxied connection.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { listen } from './listen.mjs';

const server = createServer((_req, res) => {
  res.writeHead(426, { 'Content-Length': '0' });
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
listen(server);

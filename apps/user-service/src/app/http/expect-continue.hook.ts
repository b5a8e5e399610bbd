import type { IncomingMessage, Server, ServerResponse } from 'node:http';

// Requests whose client still waits for "100 Continue": their body was never sent.
const notContinued = new WeakSet<IncomingMessage>();

/**
 * `Expect: 100-continue` (RFC 9110 §10.1.1): "100 Continue" only for a body
 * the service will read. Node's default sends it to every such request, so a
 * client declaring a body over the limit sent all of it, then got the 413.
 * Now a declared length over `limitBytes` goes on without "100 Continue": the
 * body limit answers 413 on the header alone, and the connection closes
 * (`wasNotContinued`: the refused-body drain must not wait for a body that
 * is never coming).
 */
export function continueOnlyWithinLimit(server: Server, limitBytes: number): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length']) > limitBytes) notContinued.add(req);
    else res.writeContinue();
    server.emit('request', req, res);
  });
}

/** True for a request whose client was never told to send its body. */
export function wasNotContinued(req: IncomingMessage): boolean {
  return notContinued.has(req);
}

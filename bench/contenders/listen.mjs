// The start-up contract (docs/ARCHITECTURE.md "Running"): PORT/HOST from the environment and
// exactly one `Listening on http://host:port` line once bound.
export function listen(server) {
  const host = process.env.HOST ?? '127.0.0.1';
  server.listen(Number(process.env.PORT ?? 0), host, () => {
    console.log(`Listening on http://${host}:${server.address().port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

#!/usr/bin/env node
// The package's bin (`corsway-cors explain ...`, also `npx nx run cors:explain -- ...`
// in this workspace). Only wires the process to runCli, which tests run in-process.
import { runCli } from './run-cli';

runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  },
);

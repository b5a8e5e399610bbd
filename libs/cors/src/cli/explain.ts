#!/usr/bin/env node
// CLI entry of `npx nx run cors:explain -- --url ... --origin ...` (issue 3,
// "Diagnostics"). Thin: parsing is in explain-args.ts, the work in probeCors.
import { probeCors } from '../lib/diagnostics/probe-cors';
import { parseExplainArgs, UsageError, USAGE } from './explain-args';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseExplainArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await probeCors(args.request);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const step of result.steps) {
      const status = step.response ? String(step.response.status) : 'no response';
      process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.kind.padEnd(9)} ${step.method} ${step.url} → ${status}\n`);
      if (step.response) {
        for (const [name, value] of Object.entries(step.response.headers)) {
          if (name.startsWith('access-control-') || name === 'vary') process.stdout.write(`       ${name}: ${value}\n`);
        }
      }
    }
    process.stdout.write(`\n${result.explanation}\n`);
  }
  return result.allowed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  },
);

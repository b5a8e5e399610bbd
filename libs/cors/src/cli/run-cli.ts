import { readFileSync } from 'node:fs';
import { explainFromPolicy } from '../lib/diagnostics/explain-from-policy';
import { probeCors } from '../lib/diagnostics/probe-cors';
import type { CorsExplanation } from '../lib/diagnostics/explain-cors';
import { CorsConfigError } from '../lib/policy/cors-config.error';
import { policiesFromConfig } from '../lib/policy/policies-from-config';
import { parseExplainArgs, UsageError, USAGE, type ExplainArgs } from './explain-args';

/** Where the CLI writes (process.stdout/stderr in the bin; strings in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

function fromPolicy(args: ExplainArgs & { dryRun: NonNullable<ExplainArgs['dryRun']> }): CorsExplanation {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(args.dryRun.config, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${args.dryRun.config}: ${(e as Error).message}`);
  }
  const section = json !== null && typeof json === 'object' && 'cors' in json ? (json as { cors: unknown }).cors : json;
  const set = policiesFromConfig(section, 'cors');
  const name = args.dryRun.policy ?? set.defaultPolicy;
  if (name === null) throw new UsageError(`--config ${args.dryRun.config} has no defaultPolicy; name one with --policy (defined: ${[...set.policies.keys()].join(', ')})`);
  const policy = set.policies.get(name);
  if (policy === undefined) throw new UsageError(`--policy ${name} is not defined in ${args.dryRun.config} (defined: ${[...set.policies.keys()].join(', ')})`);
  return explainFromPolicy(args.request, policy);
}

function print(result: CorsExplanation, io: CliIo, dryRun: boolean): void {
  for (const step of result.steps) {
    const status = !step.sent ? 'not sent' : step.response ? String(step.response.status) : 'no response';
    io.out(`${step.ok ? 'ok  ' : step.sent ? 'FAIL' : 'skip'} ${step.kind.padEnd(9)} ${step.method} ${step.url} → ${status}${dryRun ? ' (from the policy)' : ''}\n`);
    for (const [name, value] of Object.entries(step.response?.headers ?? {})) {
      if (name.startsWith('access-control-') || name === 'vary') io.out(`       ${name}: ${String(value)}\n`);
    }
  }
  io.out(`\n${result.explanation}\n`);
  if (result.failure?.corsError) io.out(`Chromium: ${result.failure.corsError}: ${result.failure.message}\n`);
}

/**
 * `corsway-cors <command> ...`. Exit status: 0 allowed, 1 blocked, 2 usage
 * error, 3 not known (the actual request was not sent; see --send / --dry-run).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === 'help' || command === undefined) {
      io.out(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command !== 'explain') throw new UsageError(`unknown command "${command}" (the command is: explain)`);
    const args = parseExplainArgs(rest);
    if (args === 'help') {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const result = args.dryRun ? fromPolicy({ ...args, dryRun: args.dryRun }) : await probeCors({ ...args.request, sendUnsafe: args.send });
    if (args.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else print(result, io, args.dryRun !== null);
    return result.allowed ? 0 : result.steps.some((s) => !s.sent) ? 3 : 1;
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof CorsConfigError)) throw e;
    io.err(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
}

#!/usr/bin/env node
// `npm test`: everything CI runs, in one command (README, .ci/run).
// Lint (module boundaries), every project's Jest suite, then the browser e2e
// suite over the three built apps. Ends with one line "N passed, N failed"
// summed from tmp/test-results/*.json (written by scripts/jest-results-reporter.js).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'tmp', 'test-results');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const extraArgs = process.argv.slice(2);

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const steps = [
  { name: 'lint', args: ['run-many', '-t', 'lint', '--parallel=2'] },
  { name: 'unit and integration', args: ['run-many', '-t', 'test', '--parallel=2', '--skip-nx-cache', ...extraArgs] },
  // e2e-type suites start built apps, a browser, restart PostgreSQL, or load both CPUs
  // (the bench's smoke run, whose wrk bursts and callgrind runs would slow every test beside them): one at a time.
  { name: 'e2e and reliability', args: ['run-many', '-t', 'e2e', '--parallel=1', '--skip-nx-cache', ...extraArgs] },
];

let stepFailures = 0;
for (const step of steps) {
  console.log(`\n=== ${step.name}: nx ${step.args.join(' ')}`);
  const before = countResults();
  const run = spawnSync('npx', ['nx', ...step.args], { cwd: root, env, stdio: 'inherit' });
  const after = countResults();
  const failedTests = after.failed - before.failed;
  if (run.status !== 0 && failedTests === 0) {
    // The step failed without a failing test to show for it (lint error, a
    // suite that did not compile, a crashed runner): count it, never hide it.
    console.error(`!!! step "${step.name}" failed (exit ${run.status ?? run.signal})`);
    stepFailures += 1;
  }
}

const total = countResults();
const failed = total.failed + stepFailures;
console.log(`\n${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(failed === 0 && total.passed > 0 ? 0 : 1);

function countResults() {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(resultsDir)) return sum;
  for (const file of readdirSync(resultsDir)) {
    if (!file.endsWith('.json')) continue;
    const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    sum.passed += r.passed;
    sum.failed += r.failed;
    sum.skipped += r.skipped;
  }
  return sum;
}

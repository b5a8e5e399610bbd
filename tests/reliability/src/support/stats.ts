import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@corsway/testing';

/** Nearest-rank percentile of `values` (ms), `p` in 0..100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Counts of each status (or failure kind) in a list. */
export function tally(keys: readonly (string | number)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[String(k)] = (out[String(k)] ?? 0) + 1;
  return out;
}

/**
 * Writes one suite's figures to `tmp/reliability/<name>.json` and prints them:
 * docs/RELIABILITY.md quotes these files.
 */
export function reportFigures(name: string, figures: Record<string, unknown>): string {
  const dir = join(workspaceRoot, 'tmp', 'reliability');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const json = JSON.stringify({ name, at: new Date().toISOString(), ...figures }, null, 2);
  writeFileSync(path, json);
  console.log(`reliability figures (${path}):\n${json}`);
  return path;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

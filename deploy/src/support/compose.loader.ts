import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './repo';
import { parseYaml } from './yaml';

/** The parts of a normalised compose service these tests read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | null>;
  ports?: { published?: number | string; target: number }[];
  expose?: string[];
  container_name?: string;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

export interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * Runs Debian's `docker-compose config` (the file's validator and normaliser;
 * no Docker engine needed) and returns its output as an object (YAML read by
 * support/yaml.ts). A missing binary is an error, never a skip:
 * an unvalidated compose file must not pass CI.
 */
export function dockerComposeConfig(): ComposeConfig {
  const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'docker-compose is not installed, so docker-compose.yml cannot be validated. ' +
        'Install it with `apt-get update && apt-get install -y docker-compose` (.ci/run does this).',
    );
  }
  const config = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (config.status !== 0) throw new Error(`docker-compose config rejected docker-compose.yml:\n${config.stderr}`);
  return parseYaml(config.stdout, 'the output of docker-compose config') as ComposeConfig;
}

/** `KEY=` assignments inside a shell command (e.g. `SERVICE_ADDRESS="$HOSTNAME" exec node main.js`). */
export function assignedInCommand(command: string[] | string | undefined): string[] {
  const text = Array.isArray(command) ? command.join(' ') : command ?? '';
  return [...text.matchAll(/(?:^|[\s;&|(])([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1]);
}

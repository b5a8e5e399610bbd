import { spawnSync } from 'node:child_process';

/**
 * Parses YAML with python3-yaml (a dependency of Debian's docker-compose
 * package, so no npm package is needed), returning plain JSON values.
 */
export function parseYaml(text: string, what: string): unknown {
  const json = spawnSync('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
    input: text,
    encoding: 'utf8',
  });
  if (json.status !== 0) throw new Error(`could not read ${what} as YAML:\n${json.stderr}`);
  return JSON.parse(json.stdout);
}

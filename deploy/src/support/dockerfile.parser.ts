/** One `FROM ... [AS name]` stage of a Dockerfile with its instructions. */
export interface DockerStage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: { keyword: string; args: string }[];
}

/** Splits a Dockerfile into stages (line continuations joined, comments dropped). */
export function parseDockerfile(text: string): DockerStage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: { from: string; name?: string; instructions: { keyword: string; args: string }[] }[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (!keyword) continue;
    if (keyword.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from, ...(name ? { name } : {}), instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** Names set by `ENV` in a stage (`ENV A=1 B=2` and the legacy `ENV A 1`). */
export function envNamesSet(stage: DockerStage): string[] {
  return stage.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => (i.args.includes('=') ? [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]) : [i.args.split(/\s+/)[0]]));
}

// Shared by the gateway benches: start a Node child and resolve with the URL
// of its `Listening on http://...` line (the team's start-up convention).
import { spawn } from 'node:child_process';

export const children = [];

export function startListening(args, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
}

export function stopAll() {
  for (const c of children) c.kill('SIGTERM');
}

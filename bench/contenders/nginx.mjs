// Contender: nginx, one worker, answering the same preflight with the same
// headers from a generated config (prefix, pid and logs in the run's temp dir),
// X-Request-Id included (nginx's own per-request `$request_id`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORIGIN, PREFLIGHT_PATH, PREFLIGHT_RESPONSE_HEADERS } from '../lib/shared.mjs';
import { commandExists, freePort, startPortServer } from '../lib/proc.mjs';

export const HAS_NGINX = commandExists('nginx');

export function nginxConfig({ prefix, port }) {
  const h = PREFLIGHT_RESPONSE_HEADERS;
  return `worker_processes 1;
daemon off;
master_process on;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 65s;
  server_tokens off;
  # An empty value suppresses the header: a foreign origin gets no ACAO.
  map $http_origin $cors_origin { "${ORIGIN}" $http_origin; default ""; }
  server {
    listen 127.0.0.1:${port};
    location = ${PREFLIGHT_PATH} {
      if ($request_method = OPTIONS) {
        add_header X-Request-Id $request_id;
        add_header Access-Control-Allow-Origin $cors_origin;
        add_header Access-Control-Allow-Methods "${h['Access-Control-Allow-Methods']}";
        add_header Access-Control-Allow-Headers "${h['Access-Control-Allow-Headers']}";
        add_header Vary Origin;
        return 204;
      }
      return 404;
    }
  }
}
`;
}

export async function startNginx({ workDir, cpu }) {
  const prefix = join(workDir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ prefix, port }));
  return startPortServer({ name: 'nginx', cmd: 'nginx', args: ['-p', prefix, '-c', conf], port, cpu, workDir });
}

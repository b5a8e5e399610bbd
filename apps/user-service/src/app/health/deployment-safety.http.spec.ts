import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestStorage } from '../../test/engines';
import { request } from '../../test/http-client';
import { startTestApp } from '../../test/test-app';
import { createUserServiceApp } from '../create-user-service-app';
import { DEV_KEY_FILE } from '../tokens/signing-keys.loader';

const mode = (path: string) => statSync(path).mode & 0o777;
const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();

describe('production start-up, Swagger and private files', () => {
  it('NODE_ENV=production without a signing key refuses to start, naming JWT_PRIVATE_KEY', async () => {
    const storage = await createTestStorage('sqlite');
    try {
      await expect(
        createUserServiceApp({ env: { NODE_ENV: 'production', DATA_DIR: storage.dataDir } }),
      ).rejects.toThrow(/^Invalid configuration JWT_PRIVATE_KEY: is required when NODE_ENV=production/);
      expect(existsSync(join(storage.dataDir, DEV_KEY_FILE))).toBe(false); // no per-instance key was generated
    } finally {
      await storage.dispose();
    }
  });

  it.each([
    ['production', {}, 404],
    ['production with SWAGGER=true', { SWAGGER: 'true' }, 200],
    ['development', { NODE_ENV: 'development' }, 200],
    ['development with SWAGGER=false', { NODE_ENV: 'development', SWAGGER: 'false' }, 404],
  ])('Swagger in %s -> /docs-json %i', async (_what, extra, status) => {
    const env = { NODE_ENV: 'production', JWT_PRIVATE_KEY: pem(), LOG_LEVEL: 'warn', ...extra };
    const t = await startTestApp('sqlite', { env });
    try {
      expect((await request(`${t.url}/docs-json`)).status).toBe(status);
      const docs = await request(`${t.url}/docs`);
      expect(docs.status).toBe(status);
      // A 404 never points at documentation that is not served.
      if (status === 404)
        expect(docs.body.Message).toMatch(
          /No route for GET \/docs\. The API is described in apps\/user-service\/README\.md/,
        );
    } finally {
      await t.close();
    }
  });

  it('DATA_DIR is 0700 and the SQLite files and the dev key 0600, also when an older start left them open', async () => {
    const storage = await createTestStorage('sqlite');
    try {
      const first = await startTestApp('sqlite', { storage });
      await request(`${first.url}/user/register`, {
        method: 'POST',
        json: { Email: 'p@example.com', UserName: 'perm', Password: 'a-long-password' },
      });
      await first.close();
      const db = join(storage.dataDir, 'users.db');
      chmodSync(storage.dataDir, 0o755);
      chmodSync(db, 0o644);
      chmodSync(join(storage.dataDir, DEV_KEY_FILE), 0o644);
      const t = await startTestApp('sqlite', { storage });
      await request(`${t.url}/user/register`, {
        method: 'POST',
        json: { Email: 'q@example.com', UserName: 'perm2', Password: 'a-long-password' },
      });
      expect(mode(storage.dataDir)).toBe(0o700);
      for (const file of ['users.db', 'users.db-wal', 'users.db-shm', DEV_KEY_FILE])
        expect([file, mode(join(storage.dataDir, file))]).toEqual([file, 0o600]);
      await t.close();
    } finally {
      await storage.dispose();
    }
  });

  it('every answer carries X-Content-Type-Options: nosniff; account answers Cache-Control: no-store', async () => {
    const t = await startTestApp('sqlite');
    try {
      for (const path of ['/health', '/.well-known/jwks.json', '/nowhere', '/user/me']) {
        const res = await request(`${t.url}${path}`);
        expect([path, res.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
      }
      const me = await request(`${t.url}/user/me`);
      expect(me.headers.get('cache-control')).toBe('no-store');
    } finally {
      await t.close();
    }
  });
});

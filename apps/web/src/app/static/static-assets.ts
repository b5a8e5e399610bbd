import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Bootstrap 5.3 and jQuery 3.7 come from node_modules and are served by this
 * app, never a CDN: the app must work offline and the CSP stays
 * `'self'`. `createRequire` resolves at run time, so it works from dist too
 * (webpack would otherwise rewrite a plain `require.resolve`).
 */
export const VENDOR_MOUNTS: readonly { readonly prefix: string; readonly pkg: string; readonly dir: string }[] = [
  { prefix: '/lib/bootstrap/', pkg: 'bootstrap', dir: 'dist' },
  { prefix: '/lib/jquery/', pkg: 'jquery', dir: 'dist' },
];

export function vendorDir(pkg: string, dir: string): string {
  const requireFromHere = createRequire(__filename);
  return join(dirname(requireFromHere.resolve(`${pkg}/package.json`)), dir);
}

export function serveStaticAssets(app: NestExpressApplication, assetsDir: string): void {
  const cache = { maxAge: '1h' };
  for (const mount of VENDOR_MOUNTS) {
    app.useStaticAssets(vendorDir(mount.pkg, mount.dir), { prefix: mount.prefix, ...cache });
  }
  app.useStaticAssets(join(assetsDir, 'public'), { ...cache, index: false });
}

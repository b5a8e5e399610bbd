// Summarizes a V8 .cpuprofile: self time per function (top frames) and per
// "area" (our code, a node_modules package, Node internals, GC/idle), which is
// what the README needs to say where a missed target's time goes.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export function summarizeProfile(profile, top = 15) {
  const mapper = sourceMapper();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(dt, 0));
  }
  let total = 0;
  const frames = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const cf = mapper(node.callFrame);
    const name = cf.functionName || '(anonymous)';
    const where = cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${name} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    const area = areaOf(cf.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  // Inclusive time of our own functions (apps/, libs/): what the gateway's code
  // costs including what it calls, which self time alone hides.
  const inclusive = new Map();
  const totalOf = (node) => {
    let t = selfUs.get(node.id) ?? 0;
    for (const c of node.children ?? []) {
      const child = byId.get(c);
      if (child) t += totalOf(child);
    }
    const cf = mapper(node.callFrame);
    if (/^(apps|libs)\//.test(cf.url)) {
      const key = `${cf.functionName || '(anonymous)'} ${cf.url}:${cf.lineNumber + 1}`;
      const e = inclusive.get(key) ?? { us: 0, depth: 0 };
      e.us += t;
      inclusive.set(key, e);
    }
    return t;
  };
  const root = profile.nodes.find((n) => !profile.nodes.some((m) => (m.children ?? []).includes(n.id)));
  if (root) totalOf(root);
  const pct = (us) => Math.round((us / total) * 1000) / 10;
  const busy = total - (areas.get('(idle)') ?? 0);
  return {
    totalMs: Math.round(total / 1000),
    idlePct: pct(areas.get('(idle)') ?? 0),
    topSelf: [...frames]
      .filter(([frame]) => frame !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfPct: pct(us), ofBusyPct: busy ? Math.round((us / busy) * 1000) / 10 : 0 })),
    ownInclusive: [...inclusive]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([frame, e]) => ({ frame, totalPct: pct(e.us), ofBusyPct: busy ? Math.round((e.us / busy) * 1000) / 10 : 0 })),
    byArea: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => ({ area, selfPct: pct(us), ofBusyPct: area === '(idle)' || !busy ? null : Math.round((us / busy) * 1000) / 10 })),
  };
}

/**
 * Frames inside a webpack bundle (dist/apps/<app>/main.js) are mapped back to
 * their TypeScript source with the bundle's source map, so the summary names
 * `libs/cors/...ts` or `apps/gateway/...ts` rather than `main.js:2978`.
 */
function sourceMapper() {
  const maps = new Map();
  return (cf) => {
    if (!cf.url || !/\/apps\/[^/]+\/main\.js$/.test(cf.url)) return cf;
    let map = maps.get(cf.url);
    if (map === undefined) {
      map = null;
      try {
        const file = cf.url.startsWith('file:') ? fileURLToPath(cf.url) : cf.url;
        if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
      maps.set(cf.url, map);
    }
    const entry = map?.findEntry(cf.lineNumber, Math.max(cf.columnNumber, 0));
    if (!entry || !entry.originalSource) return cf;
    // webpack:///./src/x.ts is the app's own folder; webpack:///../../libs/y.ts a lib.
    const app = /\/apps\/([^/]+)\/main\.js$/.exec(cf.url)[1];
    const source = entry.originalSource
      .replace(/^webpack:\/\/[^/]*\//, '')
      .replace(/^\.\/src\//, `apps/${app}/src/`)
      .replace(/^(\.\.\/)+/, '');
    return { ...cf, url: source, lineNumber: entry.originalLine };
  };
}

function shortUrl(url) {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  return url.replace(/^file:\/\//, '').replace(/^.*\/(dist|apps|libs|bench)\//, '$1/');
}

function areaOf(url, name) {
  if (name === '(idle)') return '(idle)';
  if (name === '(garbage collector)') return '(garbage collector)';
  if (name === '(program)') return '(program: native, outside JS)';
  if (!url) return '(native / builtin)';
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) {
    const rest = url.slice(i + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const own = /^(apps|libs)\/([^/]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]} (ours)`;
  if (/\/apps\/[^/]+\/main\.js$/.test(url)) return 'app bundle (unmapped)';
  return 'other';
}

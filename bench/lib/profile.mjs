// Summarizes a V8 .cpuprofile: self time per function (top frames) and per
// "area" (our code, a node_modules package, Node internals, GC/idle), which is
// what the README needs to say where a missed target's time goes.
export function summarizeProfile(profile, top = 15) {
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
    const cf = node.callFrame;
    const name = cf.functionName || '(anonymous)';
    const where = cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${name} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    const area = areaOf(cf.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const pct = (us) => Math.round((us / total) * 1000) / 10;
  const busy = total - (areas.get('(idle)') ?? 0);
  return {
    totalMs: Math.round(total / 1000),
    idlePct: pct(areas.get('(idle)') ?? 0),
    topSelf: [...frames]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfPct: pct(us), ofBusyPct: busy ? Math.round((us / busy) * 1000) / 10 : 0 })),
    byArea: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => ({ area, selfPct: pct(us), ofBusyPct: area === '(idle)' || !busy ? null : Math.round((us / busy) * 1000) / 10 })),
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
  if (/webpack:|\/dist\/apps\//.test(url)) return 'app bundle (dist/apps)';
  return 'other';
}

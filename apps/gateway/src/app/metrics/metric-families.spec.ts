import { Counter, Histogram, Registry } from 'prom-client';
import { CounterFamily, HistogramFamily } from './metric-families';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED: [string, number][] = [['a', 0.0005], ['a', 0.001], ['a', 0.05], ['b', 3], ['a', 0.2], ['b', 0.01]];

// The families must print exactly what prom-client's own Counter and Histogram
// print for the same events: the scraper cannot tell them apart.
describe('metric families (the request-path counters and histograms)', () => {
  it('a histogram family prints what prom-client Histogram prints', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    for (const r of [ours, theirs]) r.setDefaultLabels({ app: 'gateway' });
    const family = new HistogramFamily<'route'>(ours, 'x_seconds', 'help text', BOUNDS);
    const reference = new Histogram({ name: 'x_seconds', help: 'help text', labelNames: ['route'], buckets: BOUNDS, registers: [theirs] });
    for (const [route, v] of OBSERVED) {
      family.create(route, { route }).observe(v);
      reference.observe({ route }, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('a counter family prints what prom-client Counter prints', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const family = new CounterFamily<'route' | 'status_class'>(ours, 'x_total', 'help');
    const reference = new Counter({ name: 'x_total', help: 'help', labelNames: ['route', 'status_class'], registers: [theirs] });
    for (const [route, v] of OBSERVED) {
      const statusClass = v > 0.1 ? '5xx' : '2xx';
      const key = `${route} ${statusClass}`;
      family.create(key, { route, status_class: statusClass }).value++;
      reference.inc({ route, status_class: statusClass });
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('reset zeroes every series and keeps it (a series never vanishes)', async () => {
    const registry = new Registry();
    const family = new CounterFamily<'route'>(registry, 'y_total', 'help');
    family.create('a', { route: 'a' }).value = 5;
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('y_total{route="a"} 0');
  });
});

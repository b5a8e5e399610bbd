import { InstanceHealthTracker } from './instance-health.tracker';

describe('InstanceHealthTracker.retain', () => {
  const A = 'http://10.0.0.1:80';
  const B = 'http://10.0.0.2:80';

  it.each([
    ['both live: both stay ejected', [A, B], { [A]: false, [B]: false }],
    ['A departed: A forgotten (a return starts in rotation), B stays ejected', [B], { [A]: true, [B]: false }],
    ['none live: both forgotten', [], { [A]: true, [B]: true }],
  ])('%s', (_name, live, available) => {
    const tracker = new InstanceHealthTracker({ failureThreshold: 1, cooldownMs: 60_000 }, () => 1_000);
    tracker.eject(A);
    tracker.eject(B);
    tracker.retain(new Set(live));
    expect({ [A]: tracker.isAvailable(A), [B]: tracker.isAvailable(B) }).toEqual(available);
  });
});

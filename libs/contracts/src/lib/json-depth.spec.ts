import { jsonNestingDepth } from './json-depth';

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[[["}', 1],
    ['{"a":"\\\\"}', 1],
    ['[[],[[]],[]]', 3],
    ['[[[[[', 5],
  ])('%s -> %i', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
  });

  it('counts 5,000 levels without recursion, and stops early past a limit', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(jsonNestingDepth(deep)).toBe(5000);
    expect(jsonNestingDepth(deep, 32)).toBe(33);
  });
});

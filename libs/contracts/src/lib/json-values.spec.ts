import { jsonValueCount } from './json-values';

describe('jsonValueCount', () => {
  it.each([
    ['1', 0],
    ['{}', 0],
    ['[]', 0],
    ['[ ]', 0],
    ['{"a":1}', 1],
    ['{"EmailOrUserName":"ada","Password":"x","ClientId":"web"}', 3],
    ['{"a":[1,2]}', 3],
    ['[[],[]]', 2],
    ['[ "a" , "b" ]', 2],
    ['[{"a":1},{"b":[]}]', 4],
    ['{"a":"x:y,z","b":"[1,2]"}', 2],
    ['{"a":"\\":,"}', 1],
    ['{"é":["ü",{"日本":":,"}]}', 4],
  ])('%s -> %i', (text, values) => {
    expect(jsonValueCount(text)).toBe(values);
    // The same count on the UTF-8 bytes.
    expect(jsonValueCount(Buffer.from(text, 'utf8'))).toBe(values);
  });

  it('stops counting once the limit is passed', () => {
    const big = JSON.stringify(Object.fromEntries(Array.from({ length: 7_000 }, (_, i) => [`k${i}`, 0])));
    expect(jsonValueCount(big, 32)).toBe(33);
    expect(jsonValueCount(JSON.stringify({ a: Array(30_000).fill(0) }), 32)).toBe(33);
  });
});

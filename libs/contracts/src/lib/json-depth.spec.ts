import { isJsonMediaType, jsonNestingDepth } from './json-depth';

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
    ['{"é":["ü",{"日本":"[["}]}', 3],
  ])('%s -> %i', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
    // The same count on the UTF-8 bytes.
    expect(jsonNestingDepth(Buffer.from(text, 'utf8'))).toBe(depth);
  });

  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/vnd.api+json;v=1', true],
    ['text/plain', false],
    ['application/jsonp', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('isJsonMediaType(%s) is %s', (type, json) => {
    expect(isJsonMediaType(type)).toBe(json);
  });

  it('counts 5,000 levels without recursion, and stops early past a limit', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(jsonNestingDepth(deep)).toBe(5000);
    expect(jsonNestingDepth(deep, 32)).toBe(33);
  });
});

import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each([
    ['a plain token', 'abc-123', 'abc-123'],
    ['dots, colons and underscores', 'gw:1.2_3', 'gw:1.2_3'],
    ['exactly 128 characters', 'a'.repeat(128), 'a'.repeat(128)],
  ])('keeps %s', (_name, incoming, expected) => {
    expect(requestIdFrom({ 'x-request-id': incoming })).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['an empty value', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a space (log injection)', 'a b'],
    ['a newline (log injection)', 'a\nb'],
    ['a duplicated header', ['a', 'b']],
  ])('replaces %s with a fresh UUID', (_name, incoming) => {
    const id = requestIdFrom({ 'x-request-id': incoming as string | string[] | undefined });
    expect(id).toMatch(UUID);
    expect(requestIdFrom({ 'x-request-id': incoming as string | string[] | undefined })).not.toBe(id);
  });
});

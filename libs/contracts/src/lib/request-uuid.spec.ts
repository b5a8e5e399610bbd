import { randomRequestUuid } from './request-uuid';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomRequestUuid', () => {
  // 1,000 ids span several refills of the 256-id batch: the boundary must not repeat or break the format.
  const ids = Array.from({ length: 1000 }, () => randomRequestUuid());

  it('makes version 4 UUIDs (RFC 9562 §5.4), lower-case, 36 characters', () => {
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('never repeats one', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads every random hex digit over all 16 values', () => {
    // The 30 random digits (not the version "4" and the variant's top bits) each take every value in 1,000 ids.
    for (const at of [0, 7, 9, 15, 20, 35]) {
      expect(new Set(ids.map((id) => id[at])).size).toBe(16);
    }
  });
});

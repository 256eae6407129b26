import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from './audit.service.js';

describe('audit diff', () => {
  it('keeps only changed fields, before → after', () => {
    expect(
      diff({ name: 'A', code: 'X', skills: ['a'] }, { name: 'B', code: 'X', skills: ['a'] }),
    ).toEqual({
      name: { before: 'A', after: 'B' },
    });
  });
  it('treats a create as every field from null', () => {
    expect(diff(null, { name: 'A', site: null })).toEqual({ name: { before: null, after: 'A' } });
  });
  it('compares arrays and objects by value', () => {
    expect(diff({ s: ['a', 'b'] }, { s: ['a', 'c'] })).toEqual({
      s: { before: ['a', 'b'], after: ['a', 'c'] },
    });
  });
  it('finds no change between a snapshot and itself, and a change wherever a value differs', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.integer(),
        (snap, key, value) => {
          expect(diff(snap, structuredClone(snap))).toEqual({});
          const changed = diff(snap, { ...snap, [key]: value });
          if (JSON.stringify(snap[key] ?? null) !== JSON.stringify(value))
            expect(Object.keys(changed)).toEqual([key]);
        },
      ),
    );
  });
});

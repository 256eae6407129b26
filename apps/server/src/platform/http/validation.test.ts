import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldPath, issuesToFields } from './validation.js';

describe('fieldPath', () => {
  it('renders object keys with dots and array indexes in brackets', () => {
    expect(fieldPath(['items', 2, 'quantity'])).toBe('items[2].quantity');
    expect(fieldPath(['address', 'city'])).toBe('address.city');
    expect(fieldPath([])).toBe('');
  });
});

describe('issuesToFields', () => {
  const schema = z.strictObject({
    name: z.string().min(1),
    kind: z.enum(['a', 'b']),
    items: z.array(z.strictObject({ quantity: z.number().positive() })),
  });
  const fields = (input: unknown) => {
    const r = schema.safeParse(input);
    if (r.success) return [];
    return issuesToFields(r.error.issues);
  };

  it('names unknown fields, so a typo is never silently dropped', () => {
    expect(fields({ name: 'x', kind: 'a', items: [], nmae: 'typo' })).toContainEqual({
      field: 'nmae',
      message: 'is not a known field',
    });
  });
  it('says a missing field is required', () => {
    expect(fields({ kind: 'a', items: [] })).toContainEqual({
      field: 'name',
      message: 'is required',
    });
  });
  it('lists the allowed values of an enum', () => {
    expect(fields({ name: 'x', kind: 'c', items: [] })).toContainEqual({
      field: 'kind',
      message: 'must be one of "a", "b"',
    });
  });
  it('points into arrays', () => {
    const f = fields({ name: 'x', kind: 'a', items: [{ quantity: 1 }, { quantity: -1 }] });
    expect(f.map((e) => e.field)).toEqual(['items[1].quantity']);
  });
  it('gives every issue of any input a field and a message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        for (const f of fields(input)) {
          expect(f.field.length).toBeGreaterThan(0);
          expect(f.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

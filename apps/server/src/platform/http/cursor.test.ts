import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeelError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('keyset cursors', () => {
  it('round-trip any sort values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))), (values) => {
        expect(decodeCursor(encodeCursor(values))).toEqual(values);
      }),
    );
  });
  it('reject anything the API did not hand out with a 400-kind error naming the field', () => {
    for (const bad of ['not-base64!!', Buffer.from('{"a":1}').toString('base64url'), 'e30']) {
      try {
        decodeCursor(bad);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(KeelError);
        expect((err as KeelError).kind).toBe('invalid');
        expect((err as KeelError).fields?.[0]?.field).toBe('cursor');
      }
    }
  });
});

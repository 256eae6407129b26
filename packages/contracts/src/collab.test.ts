import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionedUserIds, mentionToken } from './collab.js';

describe('mention tokens', () => {
  it('finds every mentioned id once, in order, whatever the names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 40 }) }), {
          maxLength: 6,
        }),
        fc.string({ maxLength: 30 }),
        (people, filler) => {
          const body = people.map((p) => `${filler}${mentionToken(p.name, p.id)}`).join(' ');
          expect(mentionedUserIds(body)).toEqual([...new Set(people.map((p) => p.id))]);
        },
      ),
    );
  });

  it('ignores links that are not user tokens', () => {
    expect(mentionedUserIds('see [docs](https://x.test) and @[Bo](user:b-1)')).toEqual(['b-1']);
  });
});

import { ROLES, type Role } from '@keel/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, decidersOf, nextEscalation, roleRank } from './deciders.js';

const site = fc.constantFrom('s1', 's2', 's3');
const candidate = fc.record({
  userId: fc.uuid(),
  role: fc.constantFrom(...ROLES),
  siteIds: fc.option(fc.uniqueArray(site, { maxLength: 3 }), { nil: null }),
  hasPermission: fc.boolean(),
});
const candidates = fc
  .uniqueArray(candidate, { selector: (c) => c.userId, maxLength: 12 })
  .map((cs) => cs.map((c) => (c.role === 'owner' ? { ...c, hasPermission: true } : c)));
const question = fc.record({
  siteId: fc.option(site, { nil: null }),
  requiredRole: fc.option(fc.constantFrom('coordinator', 'manager', 'owner'), { nil: null }),
  escalationLevel: fc.integer({ min: 0, max: 3 }),
  requestedBy: fc.uuid(),
});

const covers = (c: Candidate, siteId: string | null) =>
  siteId === null || c.siteIds === null || c.siteIds.includes(siteId);

describe('decidersOf', () => {
  it('never includes the requester, someone without site access, staff or viewers', () => {
    fc.assert(
      fc.property(candidates, question, fc.boolean(), (cs, q, requesterIsMember) => {
        const qq = requesterIsMember && cs[0] ? { ...q, requestedBy: cs[0].userId } : q;
        const { deciders } = decidersOf(cs, qq);
        for (const d of deciders) {
          expect(d.userId).not.toBe(qq.requestedBy);
          expect(covers(d, qq.siteId)).toBe(true);
          expect(roleRank(d.role)).toBeGreaterThanOrEqual(roleRank('coordinator'));
        }
      }),
    );
  });

  it('without escalation, is exactly the permission holders meeting the required role', () => {
    fc.assert(
      fc.property(candidates, question, (cs, q) => {
        const qq = { ...q, escalationLevel: 0 };
        const ids = decidersOf(cs, qq).deciders.map((d) => d.userId);
        const expected = cs
          .filter(
            (c) =>
              c.userId !== qq.requestedBy &&
              covers(c, qq.siteId) &&
              c.hasPermission &&
              roleRank(c.role) >= Math.max(roleRank(qq.requiredRole), roleRank('coordinator')),
          )
          .map((c) => c.userId);
        expect(ids).toEqual(expected);
      }),
    );
  });

  it('only widens as the escalation level rises', () => {
    fc.assert(
      fc.property(candidates, question, (cs, q) => {
        const lower = new Set(
          decidersOf(cs, { ...q, escalationLevel: 0 }).deciders.map((d) => d.userId),
        );
        for (let level = 1; level <= 3; level++) {
          const higher = new Set(
            decidersOf(cs, { ...q, escalationLevel: level }).deciders.map((d) => d.userId),
          );
          for (const id of lower) expect(higher.has(id)).toBe(true);
        }
      }),
    );
  });

  it('escalates to a strictly higher role each time and stops at the owner', () => {
    fc.assert(
      fc.property(candidates, question, (cs, q) => {
        let level = q.escalationLevel;
        let lastRank = -1;
        for (let step = 0; step < 5; step++) {
          const next = nextEscalation(cs, { ...q, escalationLevel: level });
          if (!next) return;
          expect(next.level).toBeGreaterThan(level);
          expect(roleRank(next.role)).toBeGreaterThan(lastRank);
          expect(roleRank(next.role)).toBeLessThanOrEqual(roleRank('owner'));
          expect(next.userIds.length).toBeGreaterThan(0);
          lastRank = roleRank(next.role as Role);
          level = next.level;
        }
        throw new Error('escalated more than the role chain allows');
      }),
    );
  });
});

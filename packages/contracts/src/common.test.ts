import { describe, expect, it } from 'vitest';
import { email, isoDate, timeZone } from './common.js';
import { DEFAULT_ROLE_PERMISSIONS, PERMISSIONS } from './permissions.js';

describe('shared field schemas', () => {
  it('accept IANA time zones and refuse made-up ones', () => {
    expect(timeZone.safeParse('America/Los_Angeles').success).toBe(true);
    expect(timeZone.safeParse('Mars/Olympus_Mons').success).toBe(false);
  });
  it('accept real calendar dates only', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2026-02-30').success).toBe(false);
    expect(isoDate.safeParse('25/11/2026').success).toBe(false);
  });
  it('normalise e-mail addresses to lower case', () => {
    expect(email.parse('  Dana@Example.COM ')).toBe('dana@example.com');
  });
});

describe('role defaults', () => {
  it('give the owner every permission and nobody a permission outside the catalogue', () => {
    expect([...DEFAULT_ROLE_PERMISSIONS.owner].sort()).toEqual([...PERMISSIONS].sort());
    for (const grants of Object.values(DEFAULT_ROLE_PERMISSIONS)) {
      for (const p of grants) expect(PERMISSIONS).toContain(p);
    }
  });
  it('keep pay and user administration away from coordinators, staff and viewers', () => {
    for (const role of ['coordinator', 'staff', 'viewer'] as const) {
      expect(DEFAULT_ROLE_PERMISSIONS[role]).not.toContain('people.pay.read');
      expect(DEFAULT_ROLE_PERMISSIONS[role]).not.toContain('users.manage');
    }
  });
});

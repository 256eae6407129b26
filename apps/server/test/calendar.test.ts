import type { CalendarItem } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canSeeSite } from '../src/platform/auth/actor.js';
import type { CalendarSource } from '../src/platform/registry.js';
import { buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import { createTestApp, onPostgres, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let north: string;
let south: string;

/** What a test source holds: items with an owner (for `mine`) in one organization. */
type Stored = CalendarItem & { orgId: string; ownerUserId: string | null };
const stored: Stored[] = [];
const calls: { kind: string; from: string; to: string; mine: boolean }[] = [];

/** A calendar source like the tasks/booking modules register, over an in-memory list. */
const source = (kind: string): CalendarSource => ({
  kind,
  list: async (_deps, actor, range) => {
    calls.push({ kind, from: range.from, to: range.to, mine: range.mine });
    return stored
      .filter(
        (i) =>
          i.kind === kind &&
          i.orgId === actor.orgId &&
          canSeeSite(actor, i.siteId) &&
          i.start < range.to &&
          i.end > range.from &&
          (!range.mine || i.ownerUserId === actor.userId),
      )
      .slice(0, range.limit)
      .map(({ orgId, ownerUserId, ...item }) => item);
  },
});

let seq = 0;
function item(input: Partial<Stored> & { start: string; end: string }): Stored {
  const n = ++seq;
  const it: Stored = {
    uid: `${input.kind ?? 'testtask'}:${n}`,
    kind: 'testtask',
    title: `Item ${n}`,
    allDay: false,
    href: `/things/${n}`,
    siteId: null,
    status: null,
    color: null,
    orgId: acme.orgId,
    ownerUserId: null,
    ...input,
  };
  stored.push(it);
  return it;
}

beforeAll(async () => {
  t = await createTestApp();
  t.deps.registry.calendarSources.push(source('testtask'), source('testbooking'));
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Works');
  ids = await membersOf(t, acme);
  north = (await buildSite(t, acme.owner, { name: 'North', timeZone: 'America/Chicago' })).id;
  south = (await buildSite(t, acme.owner, { name: 'South' })).id;
});
afterAll(() => t.close());

const range = 'from=2026-11-01&to=2026-12-01';

describe('GET /api/calendar', () => {
  it('merges every source, sorted by start, with the kinds it can show', async () => {
    const a = item({
      title: 'Late',
      start: '2026-11-20T10:00:00.000Z',
      end: '2026-11-20T11:00:00.000Z',
    });
    const b = item({
      kind: 'testbooking',
      title: 'Early booking',
      start: '2026-11-03T08:00:00.000Z',
      end: '2026-11-03T09:00:00.000Z',
    });
    const c = item({
      title: 'All day',
      allDay: true,
      start: '2026-11-20T00:00:00.000Z',
      end: '2026-11-21T00:00:00.000Z',
    });
    item({
      title: 'Out of range',
      start: '2026-12-05T10:00:00.000Z',
      end: '2026-12-05T11:00:00.000Z',
    });
    const res = await acme.as.coordinator.get(`/api/calendar?${range}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((i: CalendarItem) => i.uid)).toEqual([b.uid, c.uid, a.uid]);
    expect(body.items[0]).toEqual({
      uid: b.uid,
      kind: 'testbooking',
      title: 'Early booking',
      start: b.start,
      end: b.end,
      allDay: false,
      href: b.href,
      siteId: null,
      status: null,
      color: null,
    });
    expect(body.kinds).toEqual(expect.arrayContaining(['testtask', 'testbooking']));
    expect(body.truncated).toBe(false);
    expect(body.timeZone).toBe('UTC');
  });

  it('filters by kind, by site and to the caller own items', async () => {
    const mine = item({
      title: 'Mine at north',
      siteId: north,
      ownerUserId: ids.coordinator.userId,
      start: '2026-11-10T10:00:00.000Z',
      end: '2026-11-10T11:00:00.000Z',
    });
    const kinds = await acme.as.coordinator.get(`/api/calendar?${range}&kinds=testbooking`);
    expect(kinds.json().items.every((i: CalendarItem) => i.kind === 'testbooking')).toBe(true);
    const onlyMine = await acme.as.coordinator.get(`/api/calendar?${range}&mine=true`);
    expect(onlyMine.json().items.map((i: CalendarItem) => i.uid)).toEqual([mine.uid]);
    expect(calls.at(-1)).toMatchObject({ mine: true, from: '2026-11-01T00:00:00.000Z' });
    const site = await acme.as.coordinator.get(`/api/calendar?${range}&siteId=${north}`);
    expect(site.json().items.map((i: CalendarItem) => i.uid)).toEqual([mine.uid]);
  });

  it("leaves site scope to the sources and shows the member's site time zone", async () => {
    const hidden = item({
      title: 'At south',
      siteId: south,
      start: '2026-11-11T10:00:00.000Z',
      end: '2026-11-11T11:00:00.000Z',
    });
    const res = await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, {
      siteIds: [north],
    });
    expect(res.statusCode, res.body).toBe(200);
    const cal = (await acme.as.viewer.get(`/api/calendar?${range}`)).json();
    expect(cal.items.map((i: CalendarItem) => i.uid)).not.toContain(hidden.uid);
    expect(cal.items.map((i: CalendarItem) => i.title)).toContain('Mine at north');
    expect(cal.timeZone).toBe('America/Chicago');
  });

  it("never shows another organization's items", async () => {
    item({
      title: 'Foreign',
      orgId: other.orgId,
      start: '2026-11-12T10:00:00.000Z',
      end: '2026-11-12T12:00:00.000Z',
    });
    const acmeTitles = (await acme.as.owner.get(`/api/calendar?${range}`))
      .json()
      .items.map((i: CalendarItem) => i.title);
    expect(acmeTitles).not.toContain('Foreign');
    const otherTitles = (await other.as.owner.get(`/api/calendar?${range}`))
      .json()
      .items.map((i: CalendarItem) => i.title);
    expect(otherTitles).toEqual(['Foreign']);
  });

  it('answers 400 naming to for a range over 92 days or backwards, and other bad input', async () => {
    for (const q of [
      'from=2026-01-01&to=2026-04-04',
      'from=2026-02-01&to=2026-01-01',
      'from=2026-02-01&to=2026-02-01',
      'from=2026-02-01&to=2026-02-31',
      'from=2026-02-01&to=tomorrow',
    ]) {
      const res = await acme.as.coordinator.get(`/api/calendar?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(JSON.stringify(res.json()), q).toContain('"to');
    }
    expect(
      (await acme.as.coordinator.get('/api/calendar?from=2026-01-01&to=2026-04-03')).statusCode,
    ).toBe(200);
    for (const q of [
      'to=2026-02-01',
      `${range}&mine=maybe`,
      `${range}&kinds=Not%20A%20Kind`,
      `${range}&extra=1`,
    ]) {
      expect((await acme.as.coordinator.get(`/api/calendar?${q}`)).statusCode, q).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/calendar?${range}` })).statusCode).toBe(
      401,
    );
  });
});

/** Unfolds ICS content lines (RFC 5545 §3.1) so a long line can be matched whole. */
const icsLines = (body: string) => body.replace(/\r\n[ \t]/g, '').split('\r\n');

const feedPath = (url: string) => new URL(url).pathname;

describe('the private iCal feed', () => {
  it('starts without a feed, creates one whose URL is answered once, and reports its use', async () => {
    const c = acme.as.staff;
    expect((await c.get('/api/calendar/feed')).json()).toEqual({
      exists: false,
      createdAt: null,
      lastUsedAt: null,
    });
    const created = await c.post('/api/calendar/feed');
    expect(created.statusCode, created.body).toBe(201);
    const { url, ...status } = created.json();
    expect(url).toMatch(/^http:\/\/keel\.test\/api\/calendar\/feed\/kcal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(status).toEqual({
      exists: true,
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: null,
    });
    const stored = await t.deps.db
      .selectFrom('calendar_feeds')
      .select('token_hash')
      .where('user_id', '=', ids.staff.userId)
      .executeTakeFirstOrThrow();
    expect(url).not.toContain(stored.token_hash);
    expect((await c.get('/api/calendar/feed')).json()).not.toHaveProperty('url');
    const feed = await t.app.inject({ method: 'GET', url: feedPath(url) });
    expect(feed.statusCode).toBe(200);
    expect((await c.get('/api/calendar/feed')).json().lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('renders the member own items from 30 days back to 180 days ahead as VEVENTs', async () => {
    const now = t.clock.now().getTime();
    const day = 86_400_000;
    const timed = item({
      title: 'Inspect forklift, bay 3; urgent',
      ownerUserId: ids.manager.userId,
      start: new Date(now + 2 * day).toISOString(),
      end: new Date(now + 2 * day + 3_600_000).toISOString(),
      href: '/work/tasks/abc',
      status: 'todo',
    });
    const allDay = item({
      kind: 'testbooking',
      uid: 'testbooking:allday',
      title: 'Van booked',
      ownerUserId: ids.manager.userId,
      allDay: true,
      start: '2026-12-24T00:00:00.000Z',
      end: '2026-12-26T00:00:00.000Z',
    });
    item({
      title: 'Too far ahead',
      ownerUserId: ids.manager.userId,
      start: new Date(now + 200 * day).toISOString(),
      end: new Date(now + 200 * day + 3_600_000).toISOString(),
    });
    item({
      title: 'Someone else',
      ownerUserId: ids.staff.userId,
      start: new Date(now + day).toISOString(),
      end: new Date(now + day + 3_600_000).toISOString(),
    });
    const { url } = (await acme.as.manager.post('/api/calendar/feed')).json();
    const res = await t.app.inject({ method: 'GET', url: feedPath(url) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['cache-control']).toMatch(/private, max-age=\d+/);
    expect(res.headers.etag).toBeTruthy();
    const lines = icsLines(res.body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('X-WR-CALNAME:Keel — Acme Works');
    expect(lines).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(res.body).not.toContain('Too far ahead');
    expect(res.body).not.toContain('Someone else');
    expect(lines).toContain(`UID:${timed.uid}@keel.test`);
    expect(lines).toContain('SUMMARY:Inspect forklift\\, bay 3\\; urgent');
    const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(lines).toContain(`DTSTART:${stamp(timed.start)}`);
    expect(lines).toContain(`DTEND:${stamp(timed.end)}`);
    expect(lines).toContain('URL;VALUE=URI:http://keel.test/work/tasks/abc');
    expect(lines).toContain(`UID:${allDay.uid}@keel.test`);
    expect(lines).toContain('DTSTART;VALUE=DATE:20261224');
    expect(lines).toContain('DTEND;VALUE=DATE:20261226');
    // The same UIDs on the next fetch, and a conditional fetch is answered 304.
    const again = await t.app.inject({
      method: 'GET',
      url: feedPath(url),
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('rotates: the old address answers 404, the new one works', async () => {
    const first = (await acme.as.coordinator.post('/api/calendar/feed')).json().url;
    const second = (await acme.as.coordinator.post('/api/calendar/feed')).json().url;
    expect(second).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: feedPath(first) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: feedPath(second) })).statusCode).toBe(200);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'calendar_feed')
      .where('org_id', '=', acme.orgId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'rotate']));
  });

  it('revokes: the address answers 404 and the status says there is none', async () => {
    const { url } = (await acme.as.viewer.post('/api/calendar/feed')).json();
    const res = await acme.as.viewer.delete('/api/calendar/feed');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ exists: false, createdAt: null, lastUsedAt: null });
    expect((await t.app.inject({ method: 'GET', url: feedPath(url) })).statusCode).toBe(404);
    // Revoking again is harmless.
    expect((await acme.as.viewer.delete('/api/calendar/feed')).statusCode).toBe(200);
  });

  it('answers 404 for unknown or malformed addresses without a session', async () => {
    for (const path of [
      '/api/calendar/feed/kcal_unknown.ics',
      '/api/calendar/feed/kcal_unknown',
      '/api/calendar/feed/x.txt',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect([400, 404], path).toContain(res.statusCode);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/calendar/feed/kcal_unknown.ics' }))
        .statusCode,
    ).toBe(404);
  });

  it('keeps one feed per member and organization', async () => {
    const { url: a } = (await acme.as.owner.post('/api/calendar/feed')).json();
    const { url: b } = (await other.as.owner.post('/api/calendar/feed')).json();
    expect((await t.app.inject({ method: 'GET', url: feedPath(a) })).statusCode).toBe(200);
    const otherFeed = await t.app.inject({ method: 'GET', url: feedPath(b) });
    expect(icsLines(otherFeed.body)).toContain('X-WR-CALNAME:Keel — Other Works');
    await acme.as.owner.delete('/api/calendar/feed');
    expect((await t.app.inject({ method: 'GET', url: feedPath(b) })).statusCode).toBe(200);
  });

  it('answers 404 once the member is removed from the organization', async () => {
    const { url } = (await acme.as.staff.post('/api/calendar/feed')).json();
    expect((await t.app.inject({ method: 'GET', url: feedPath(url) })).statusCode).toBe(200);
    const res = await acme.as.owner.post(`/api/members/${ids.staff.memberId}/deactivate`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: feedPath(url) })).statusCode).toBe(404);
  });
});

it('runs on the configured database', () => {
  expect(t.deps.dialect).toBe(onPostgres ? 'postgres' : 'sqlite');
});

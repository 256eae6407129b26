import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

// The rest of issue 3's work fabric, quickly: approvals, resource booking, the calendar and its
// feed, global search, and the new pages' accessibility at desktop and phone width.

let browser: Browser;
let page: Page; // the coordinator, at desktop width

beforeAll(async () => {
  browser = await launch();
  ({ page } = await newPage(browser));
  await signIn(page, 'coordinator@demo.keel.test');
});
afterAll(() => browser.close());

/** A date `days` from today in Columbus (the first site on the timeline), as YYYY-MM-DD. */
function columbusDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
}

/** Horizontal overflow of the page in pixels (0 when nothing scrolls sideways). */
const overflow = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('approvals', () => {
  it('the manager approves a pending request from the inbox', async () => {
    const { context, page: manager } = await newPage(browser);
    await signIn(manager, 'manager@demo.keel.test');
    await manager.goto('/approvals');
    const inbox = manager.getByTestId('approvals-inbox');
    const row = inbox
      .getByTestId('approval-row')
      .filter({ has: manager.getByTestId('approval-approve') })
      // Shift swaps depend on the roster the scheduling flows have changed by now; their own
      // suite covers approving them.
      .filter({ hasNotText: /Shift (hand-over|swap|release)/i })
      .first();
    await row.waitFor();
    const title = (await row.getByRole('button').first().textContent())?.trim() ?? '';
    expect(title).not.toBe('');
    const before = await inbox.getByTestId('approval-row').filter({ hasText: title }).count();
    await expectAccessible(manager);
    await snap(manager, 'approvals');

    await row.getByTestId('approval-approve').click();
    await manager.getByTestId('approval-comment').fill('Approved — go ahead.');
    await manager.getByTestId('approval-confirm').click();
    await manager.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect
      .poll(() => inbox.getByTestId('approval-row').filter({ hasText: title }).count())
      .toBe(before - 1);

    await manager.getByRole('tab', { name: /decided/i }).click();
    const decided = manager
      .getByTestId('approvals-decided')
      .getByTestId('approval-row')
      .filter({ hasText: title })
      .first();
    await decided
      .getByText(/Approved/)
      .first()
      .waitFor();
    await context.close();
  });
});

describe('resource booking', () => {
  it('the coordinator books the training room from the timeline and finds it in My bookings', async () => {
    const purpose = `Lean training, cell 2 (${Date.now().toString(36)})`;
    await page.goto('/resources');
    const timeline = page.getByTestId('resource-timeline');
    await timeline.waitFor();
    await timeline.locator('[data-testid="book-resource"][aria-label*="Training Room A"]').click();
    const drawer = page.getByRole('dialog');
    await page.getByTestId('booking-date').fill(columbusDate(15));
    await page.getByTestId('booking-start').fill('13:00');
    await page.getByTestId('booking-end').fill('14:30');
    await page.getByTestId('booking-title').fill(purpose);
    await expect(page.getByTestId('booking-resource').inputValue()).resolves.toMatch(
      /Training Room A/,
    );
    await snap(page, 'booking-drawer');
    await drawer.getByTestId('form-submit').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText(/Booked Training Room A/).waitFor();

    await page.getByTestId('tab-mine').click();
    await page.getByTestId('booking-item').filter({ hasText: purpose }).waitFor();
    await expectAccessible(page);
    await snap(page, 'resources-mine');
  });
});

describe('calendar', () => {
  it('shows dated items and subscribes to a private iCal feed', async () => {
    await page.goto('/calendar');
    await page.getByTestId('calendar-item').first().waitFor();
    expect(await page.getByTestId('calendar-item').count()).toBeGreaterThan(0);

    await page.getByTestId('calendar-subscribe').click();
    await page.getByTestId('calendar-feed').waitFor();
    await page.getByTestId('calendar-feed-create').click();
    const url = await page.getByTestId('calendar-feed-url').inputValue();
    expect(url.startsWith(BASE_URL)).toBe(true);
    await expectAccessible(page);
    await snap(page, 'calendar-feed');

    // Fetched without the browser's session cookie, as a calendar app would.
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('BEGIN:VEVENT');
    await page.keyboard.press('Escape');
  });
});

describe('global search', () => {
  it('Ctrl+K finds an employee and a task', async () => {
    await page.goto('/my-work');
    await page.getByTestId('my-work').waitFor();
    const results = page.getByTestId('search-result');

    await page.keyboard.press('Control+k');
    const input = page.getByRole('dialog').locator('input').first();
    await input.waitFor();
    await input.fill('Luis Ortega');
    await results.filter({ hasText: 'Luis Ortega' }).first().waitFor();

    await input.fill('forklift pre-shift');
    const task = results.filter({ hasText: 'Forklift pre-shift check' }).first();
    await task.waitFor();
    await snap(page, 'search');
    await task.click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Forklift pre-shift check/ }).waitFor();
  });
});

describe('accessibility of the work pages', () => {
  /** Opens a page, waits for `ready`, checks it with axe and saves a screenshot. */
  async function check(p: Page, path: string, ready: (p: Page) => Locator, name: string) {
    await p.goto(path);
    await ready(p).first().waitFor();
    await p.locator('main h1').first().waitFor();
    await p.waitForLoadState('networkidle');
    await expectAccessible(p);
    await snap(p, name);
  }

  it('has no serious problems at desktop width', async () => {
    await check(page, '/my-work', (p) => p.getByTestId('task-row'), 'my-work');
    await check(page, '/tasks', (p) => p.getByTestId('task-list-row'), 'tasks');
    await check(page, '/tasks?tab=board', (p) => p.getByTestId('board-card'), 'tasks-board');
    await check(page, '/tasks?tab=workload', (p) => p.getByTestId('workload-grid'), 'workload');
    await check(
      page,
      '/approvals',
      (p) => p.getByRole('tab', { name: /Needs my approval/ }),
      'approvals-mine',
    );
    await check(page, '/notifications', (p) => p.getByRole('heading'), 'notifications');
    await check(page, '/calendar', (p) => p.getByTestId('calendar-item'), 'calendar');
    await check(
      page,
      '/calendar?view=week',
      (p) => p.getByTestId('calendar-item'),
      'calendar-week',
    );
    await check(page, '/resources', (p) => p.getByTestId('booking-item'), 'resources');

    await page.goto('/my-work');
    await page.getByTestId('task-row').first().getByRole('link').click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await check(page, page.url(), (p) => p.getByTestId('record-activity'), 'task');

    await page.goto('/resources?tab=list');
    await page.getByRole('button', { name: 'Training Room A' }).first().click();
    await page.waitForURL(/\/resources\/[0-9a-f-]{36}$/);
    await check(page, page.url(), (p) => p.getByTestId('book-resource'), 'resource-detail');
  });

  it('has no serious problems and no sideways scrolling at phone width', async () => {
    const { context, page: phone } = await newPage(browser, PHONE);
    await signIn(phone, 'staff@demo.keel.test');
    for (const [path, ready, name] of [
      ['/my-work', (p: Page) => p.getByTestId('task-row'), 'my-work-phone'],
      ['/calendar', (p: Page) => p.getByTestId('calendar-item'), 'calendar-phone'],
      ['/resources', (p: Page) => p.getByTestId('resource-timeline'), 'resources-phone'],
      ['/notifications', (p: Page) => p.getByRole('heading'), 'notifications-phone'],
    ] as const) {
      await check(phone, path, ready, name);
      expect(await overflow(phone), path).toBeLessThanOrEqual(1);
    }
    await context.close();
  });
});

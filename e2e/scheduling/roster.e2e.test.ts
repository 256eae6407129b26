import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, launch, newPage, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

// Issue 4's roster flow: the coordinator opens next week's draft roster at CMH (the demo seeds it
// with a deliberate conflict), finds the conflict in the conflicts panel, fixes it from the
// keyboard (the chip's menu: unassign), sees the conflict gone, adds an open shift with the shift
// editor, and publishes.

interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  shiftIds: string[];
  employeeIds: string[];
  message: string;
}

let browser: Browser;
let coordinator: { context: BrowserContext; page: Page };
let siteId = '';
let nextWeek = '';
let firstError: Finding | null = null;

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.ok(), `${path} answered ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/** The blocking findings of next week at the site, as the server sees them. */
async function serverErrors(page: Page): Promise<Finding[]> {
  const roster = await api<{ findings: Finding[] }>(
    page,
    `/api/scheduling/roster?siteId=${siteId}&from=${nextWeek}&to=${addDays(nextWeek, 6)}`,
  );
  return roster.findings.filter((f) => f.severity === 'error');
}

const errorCount = async (page: Page) =>
  Number(await page.getByTestId('roster-error-count').textContent());

beforeAll(async () => {
  browser = await launch();
  coordinator = await newPage(browser, DESKTOP);
  await signIn(coordinator.page, 'coordinator@demo.keel.test');
  const page = coordinator.page;
  const sites = await api<{ items: { id: string; code: string; timeZone: string }[] }>(
    page,
    '/api/sites',
  );
  const cmh = sites.items.find((s) => s.code === 'CMH');
  expect(cmh, 'the demo has a CMH site').toBeTruthy();
  siteId = cmh?.id ?? '';
  const settings = await api<{ weekStartsOn: number }>(page, '/api/scheduling/settings');
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: cmh?.timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const thisWeek = addDays(today, -((weekday - settings.weekStartsOn + 7) % 7));
  nextWeek = addDays(thisWeek, 7);
});
afterAll(() => browser.close());

describe('building, checking and publishing next week’s roster', () => {
  it('the coordinator opens next week and sees the seeded conflict in the conflicts panel', async () => {
    const page = coordinator.page;
    const errors = await serverErrors(page);
    expect(errors.length, 'the demo seeds next week with a blocking conflict').toBeGreaterThan(0);
    firstError = errors[0] ?? null;

    await page.goto(`/scheduling?siteId=${siteId}&from=${nextWeek}&weeks=1&view=grid`);
    await page.getByTestId('roster-grid').waitFor();
    await expect.poll(() => errorCount(page)).toBeGreaterThan(0);
    const drafts = page.locator('[data-testid="roster-chip"][data-status="draft"]');
    await expect.poll(() => drafts.count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.getByTestId('roster-conflicts').click();
    const panel = page.getByTestId('conflicts-panel');
    await panel.waitFor();
    await panel
      .getByText(firstError?.message ?? '', { exact: true })
      .first()
      .waitFor();
    await snap(page, 'roster-conflicts');
    // Clicking the finding closes the panel and points at the shifts concerned.
    await panel
      .getByText(firstError?.message ?? '', { exact: true })
      .first()
      .click();
    await panel.waitFor({ state: 'hidden' });
  });

  it('fixes every blocking conflict from the keyboard and sees them gone', async () => {
    const page = coordinator.page;
    for (let round = 0; round < 6; round++) {
      const errors = await serverErrors(page);
      if (errors.length === 0) break;
      const finding = errors[0] as Finding;
      // The later shift of the finding is the one to take off the person.
      const shiftId = finding.shiftIds[finding.shiftIds.length - 1] as string;
      const chip = page.locator(`[data-shift-id="${shiftId}"]`);
      await chip.focus();
      await page.keyboard.press('Shift+F10');
      const menu = page.getByTestId('shift-actions');
      await menu.waitFor();
      await page.getByTestId('shift-action-unassign').check();
      await page.getByTestId('shift-action-apply').click();
      await menu.waitFor({ state: 'hidden' });
      // Moved at once to the open row (the browser re-checks), then confirmed by the server.
      await page.getByTestId('roster-row-open').locator(`[data-shift-id="${shiftId}"]`).waitFor();
      await expect
        .poll(async () => (await serverErrors(page)).some((f) => f.shiftIds.includes(shiftId)))
        .toBe(false);
    }
    await expect.poll(() => errorCount(page)).toBe(0);
    await page.getByTestId('roster-conflicts').click();
    const panel = page.getByTestId('conflicts-panel');
    await panel.waitFor();
    await expect(panel.getByText(firstError?.message ?? '', { exact: true }).count()).resolves.toBe(
      0,
    );
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
  });

  it('adds an open shift from the open row with the shift editor', async () => {
    const page = coordinator.page;
    const date = addDays(nextWeek, 2);
    const cell = page.getByTestId(`roster-cell-open-${date}`);
    const chips = cell.getByTestId('roster-chip');
    const before = await chips.count();
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-type').click();
    await page.getByRole('option').filter({ hasText: /Late/ }).first().click();
    await expect(page.getByTestId('shift-start').inputValue()).resolves.toBe('14:00');
    await page.getByTestId('shift-save').click();
    await expect.poll(() => chips.count()).toBe(before + 1);
    // The server has it as a draft open shift of that day.
    await expect
      .poll(async () => {
        const roster = await api<{
          shifts: { date: string; employee: unknown; status: string; startTime: string }[];
        }>(page, `/api/scheduling/roster?siteId=${siteId}&from=${date}&to=${date}`);
        return roster.shifts.filter(
          (x) => x.employee === null && x.status === 'draft' && x.startTime === '14:00',
        ).length;
      })
      .toBeGreaterThan(0);
  });

  it('publishes the week and sees the new version', async () => {
    const page = coordinator.page;
    await page.getByTestId('roster-publish').click();
    const modal = page.getByTestId('publish-modal');
    await modal.waitFor();
    await modal.getByTestId('publish-clear').waitFor();
    await snap(page, 'roster-publish');
    await modal.getByTestId('publish-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await page.getByText(/Published version \d+; \d+ (person|people) notified/).waitFor();
    await expect
      .poll(() => page.getByTestId('roster-status').textContent())
      .toMatch(/Published version \d+ · 0 drafts · 0 changed/);
    await expect
      .poll(() => page.locator('[data-testid="roster-chip"][data-status="draft"]').count())
      .toBe(0);
    await snap(page, 'roster-published');
  });
});

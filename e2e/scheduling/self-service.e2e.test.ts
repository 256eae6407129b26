import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

// Issue 4's self-service flow: a staff member on a phone sees their published shifts and asks a
// colleague to take one; the colleague accepts on their phone; the coordinator approves in the
// approvals inbox; the shift is then the colleague's.

const OPERATORS = [1, 2, 3, 4].map((i) => `operator${i}@demo.keel.test`);

let browser: Browser;
let staff: { context: BrowserContext; page: Page };
let staffName = '';
/** The demo operators' names → their sign-in e-mail. */
const operators = new Map<string, string>();

async function nameOf(page: Page): Promise<string> {
  const me = await (await page.request.get('/api/me')).json();
  return me.user.name as string;
}

beforeAll(async () => {
  browser = await launch();
  staff = await newPage(browser, PHONE);
  await signIn(staff.page, 'staff@demo.keel.test');
  staffName = await nameOf(staff.page);
  for (const email of OPERATORS) {
    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, email);
    operators.set(await nameOf(page), email);
    await context.close();
  }
});
afterAll(() => browser.close());

describe('staff self-service on a phone', () => {
  let colleague = '';
  let shiftId = '';

  it('shows my published shifts and sends a request to an eligible colleague', async () => {
    const page = staff.page;
    await page.goto('/my-shifts');
    const cards = page.getByTestId('my-shift');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await snap(page, 'scheduling-my-shifts-phone');

    // From the last upcoming shift backwards: the first one a demo operator may take.
    const count = await cards.count();
    for (let i = count - 1; i >= 0 && !colleague; i--) {
      const card = cards.nth(i);
      const ask = card.getByTestId('swap-request');
      if ((await ask.count()) === 0) continue;
      await ask.click();
      await page.getByTestId('swap-candidates').waitFor();
      const eligible = page.locator('[data-testid="swap-candidate"][data-eligible="true"]');
      for (const name of await eligible.evaluateAll((els) =>
        els.map((e) => e.getAttribute('aria-label') ?? ''),
      )) {
        if (operators.has(name)) {
          colleague = name;
          break;
        }
      }
      if (colleague) {
        shiftId = (await card.getAttribute('data-shift-id')) ?? '';
        await page.getByRole('radio', { name: colleague }).check();
        await page.getByTestId('swap-note').fill('Family dinner — thank you!');
        await snap(page, 'scheduling-swap-request-phone');
        await page.getByTestId('swap-send').click();
        await page.getByTestId('swap-send').waitFor({ state: 'hidden' });
      } else {
        await page.keyboard.press('Escape');
      }
    }
    expect(colleague, 'no demo operator may take any of my shifts').not.toBe('');
    await expect
      .poll(async () =>
        page
          .locator(`[data-testid="my-shift"][data-shift-id="${shiftId}"]`)
          .getByTestId('swap-status-pending_colleague')
          .count(),
      )
      .toBe(1);
  });

  it('lets the colleague accept on their phone', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, operators.get(colleague)!);
    await page.goto('/my-shifts');
    await page.getByTestId('tab-swaps').click();
    const card = page.getByTestId('swap-card').filter({ hasText: staffName }).first();
    await card.waitFor();
    await snap(page, 'scheduling-swap-received-phone');
    await card.getByTestId('swap-accept').click();
    await page.getByTestId('confirm').click();
    await card.getByTestId('swap-status-pending_approval').waitFor();
    await context.close();
  });

  it('lets the coordinator approve it, after which the shift is the colleague’s', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await signIn(page, 'coordinator@demo.keel.test');
    await page.goto('/approvals');
    const row = page
      .getByTestId('approvals-inbox')
      .getByTestId('approval-row')
      .filter({ hasText: staffName })
      .filter({ hasText: colleague })
      .first();
    await row.waitFor();
    await row.getByTestId('approval-approve').click();
    await page.getByTestId('approval-confirm').click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await context.close();

    // The requester no longer has the shift; the colleague's roster does.
    await expect
      .poll(async () => {
        const res = await staff.page.request.get(`/api/scheduling/shifts/${shiftId}`);
        return res.status();
      })
      .toBe(404);
    const { context: c2, page: theirs } = await newPage(browser, PHONE);
    await signIn(theirs, operators.get(colleague)!);
    const shift = await (await theirs.request.get(`/api/scheduling/shifts/${shiftId}`)).json();
    expect(shift.employee.name).toBe(colleague);
    await c2.close();
  });
});

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

// Issue 3's delegation flow: a coordinator hands a task to a staff member, who answers and
// finishes it on a phone while the coordinator watches the task update live.

const TITLE = `Check guard rail on press 7 (${Date.now().toString(36)})`;
const COMMENT = 'done, the bolts were loose — tightened and tested.';

let browser: Browser;
let coordinator: { context: BrowserContext; page: Page };
let staff: { context: BrowserContext; page: Page };
let taskPath = '';

/** Today's date in the organization's time zone (YYYY-MM-DD), as My work counts "today". */
async function orgToday(page: Page): Promise<string> {
  const me = await (await page.request.get('/api/me')).json();
  const timeZone: string = me.organization.timeZone;
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** The unread count the bell announces ("Notifications, 3 unread"); 0 when none. */
async function unread(bell: Locator): Promise<number> {
  const label = (await bell.getAttribute('aria-label')) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}
let unreadBefore = 0;

/** Waits until the page's live-update stream (SSE) is connected. */
async function liveConnected(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.live === 'open');
}

beforeAll(async () => {
  browser = await launch();
  coordinator = await newPage(browser, DESKTOP);
  staff = await newPage(browser, PHONE);
  await signIn(coordinator.page, 'coordinator@demo.keel.test');
  await signIn(staff.page, 'staff@demo.keel.test');
});
afterAll(() => browser.close());

describe('delegating a task and following it live', () => {
  it('the coordinator creates a task for Luis due today and opens it', async () => {
    const page = coordinator.page;
    const today = await orgToday(page);
    await page.goto('/tasks');
    await page.getByTestId('new-task').click();
    await page.getByTestId('task-title').fill(TITLE);
    await page.getByTestId('task-due').fill(today);
    const assignees = page.getByTestId('task-assignees');
    await assignees.click();
    await assignees.pressSequentially('Luis');
    await page.getByRole('option', { name: /Luis Ortega/ }).click();
    await expect(
      page.getByRole('dialog').getByText('Luis Ortega', { exact: true }).count(),
    ).resolves.toBeGreaterThan(0);
    await page.getByTestId('task-save').click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    taskPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByText('Luis Ortega').first().waitFor();
    await page.getByTestId('comments-empty').waitFor();
    await liveConnected(page);
    unreadBefore = await unread(page.getByTestId('notifications-bell'));
    // Marks the document: if the page reloads or navigates, the marker is gone.
    await page.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });
    await snap(page, 'task-new');
  });

  it('Luis finds it under Today on his phone, comments with a mention and completes it', async () => {
    const page = staff.page;
    await page.goto('/my-work');
    const row = page
      .getByTestId('my-work-today')
      .getByTestId('task-row')
      .filter({ hasText: TITLE });
    await row.waitFor();
    await expectAccessible(page);
    await snap(page, 'my-work-staff-phone');
    await row.getByRole('link', { name: TITLE }).click();
    await page.waitForURL((u) => u.pathname === taskPath);
    await page.getByRole('heading', { name: TITLE }).waitFor();

    const input = page.getByTestId('comment-input');
    await input.click();
    await input.pressSequentially('@Pri');
    await page.getByTestId('mention-option').filter({ hasText: 'Priya Natarajan' }).click();
    await expect(input.inputValue()).resolves.toBe('@Priya Natarajan ');
    await input.pressSequentially(COMMENT);
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment-item').filter({ hasText: COMMENT }).waitFor();
    await expect.poll(() => input.inputValue()).toBe('');

    await page.getByTestId('task-complete').click();
    await page
      .getByTestId('task-status-badge')
      .filter({ hasText: /^Done$/ })
      .waitFor();
    await expectAccessible(page);
    await snap(page, 'task-done-phone');
  });

  it("the coordinator's open page shows the comment and the done status without a reload", async () => {
    const page = coordinator.page;
    const comment = page.getByTestId('comment-item').filter({ hasText: COMMENT });
    await comment.waitFor();
    await comment.getByText('@Priya Natarajan').waitFor();
    await comment.getByText('Luis Ortega').first().waitFor();
    await page
      .getByTestId('task-status-badge')
      .filter({ hasText: /^Done$/ })
      .waitFor();
    await page
      .getByText(/Completed by/i)
      .first()
      .waitFor();
    expect(new URL(page.url()).pathname).toBe(taskPath);
    await expect(
      page.evaluate(() => (window as unknown as { __marker?: number }).__marker),
    ).resolves.toBe(1);
    await snap(page, 'task-live');
  });

  it('the coordinator, mentioned, has a notification in the bell that opens the task', async () => {
    const page = coordinator.page;
    // The unread count went up on its own (live), from what it was when the page opened.
    const bell = page.getByTestId('notifications-bell');
    await expect.poll(() => unread(bell)).toBeGreaterThan(unreadBefore);
    await bell.click();
    const item = page
      .getByTestId('notification-item')
      .filter({ hasText: /Luis Ortega mentioned you/ })
      .filter({ hasText: TITLE });
    await item.waitFor();
    // Let the popover finish fading in before the screenshot.
    await expect
      .poll(() =>
        item.evaluate((el) => getComputedStyle(el.closest('[role="dialog"]') ?? el).opacity),
      )
      .toBe('1');
    await snap(page, 'notifications-bell');
    await item.click();
    await page.waitForURL((u) => u.pathname === taskPath);
    await staff.context.close();
  });
});

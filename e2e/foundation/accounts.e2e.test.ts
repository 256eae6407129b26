import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

const NEW_HIRE = 'jordan.reyes@example.com';
let browser: Browser;
let owner: Page;

beforeAll(async () => {
  browser = await launch();
  ({ page: owner } = await newPage(browser));
  await signIn(owner, 'owner@demo.keel.test');
});
afterAll(() => browser.close());

/** The newest link in the outbox message whose subject matches, as the recipient would click it. */
async function linkFromOutbox(subject: RegExp): Promise<string> {
  await owner.goto('/admin/outbox');
  await owner.getByText(subject).first().click();
  const href = await owner.getByTestId('mail-link').first().getAttribute('href');
  expect(href).toBeTruthy();
  await owner.keyboard.press('Escape');
  return new URL(href!).pathname;
}

describe('joining by invitation and resetting a forgotten password', () => {
  it('invites a new colleague, who accepts on a phone and lands in the app', async () => {
    await owner.goto('/admin/users?tab=invitations');
    await owner.getByTestId('invite-user').click();
    await owner.getByTestId('invite-email').fill(NEW_HIRE);
    await owner.getByTestId('form-submit').click();
    await owner.getByText(`Invitation sent to ${NEW_HIRE}`).waitFor();

    const invitePath = await linkFromOutbox(/invited you/);
    const { context, page } = await newPage(browser, PHONE);
    await page.goto(invitePath);
    await page.getByLabel(/Your name/).fill('Jordan Reyes');
    await page.locator('input[type=password]').nth(0).fill('a-long-password-1');
    await page.locator('input[type=password]').nth(1).fill('a-long-password-1');
    await expectAccessible(page);
    await page.getByTestId('accept-invitation').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('home-role').waitFor();
    const me = await page.request.get('/api/me');
    expect((await me.json()).user.email).toBe(NEW_HIRE);
    await snap(page, 'invited-home-phone');
    await context.close();
  });

  it('sends a reset link that sets a new password, after which the new one signs in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/login');
    await page.getByRole('link', { name: /forgot your password/i }).click();
    await page.getByLabel(/e-?mail/i).fill(NEW_HIRE);
    await page.getByRole('button', { name: /send/i }).click();
    await page.getByText(/a reset link is on its way/).waitFor();

    const resetPath = await linkFromOutbox(/Reset your Keel password/);
    await page.goto(resetPath);
    await page.locator('input[type=password]').nth(0).fill('another-long-password-2');
    await page.locator('input[type=password]').nth(1).fill('another-long-password-2');
    await page.getByRole('button', { name: /set password/i }).click();
    await page.getByText(/Your password is set/).waitFor();

    await signIn(page, NEW_HIRE, 'another-long-password-2');
    await page.getByTestId('nav-home').waitFor();
    await context.close();
  });
});

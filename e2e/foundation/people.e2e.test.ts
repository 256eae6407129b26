import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
  ({ page } = await newPage(browser));
  await signIn(page, 'owner@demo.keel.test');
});
afterAll(() => browser.close());

describe('organization and people, as the owner', () => {
  it('creates a site after correcting an invalid code', async () => {
    await page.goto('/sites');
    await page.getByTestId('new-site').click();
    await page.getByLabel(/^Name/).fill('Dayton Depot');
    await page.getByLabel(/^Code/).fill('bad code!');
    await page.getByTestId('form-submit').click();
    await page
      .getByText(/contain only/i)
      .first()
      .waitFor();
    await page.getByLabel(/^Code/).fill('DAY');
    await page.getByTestId('form-submit').click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByText('Dayton Depot').first().waitFor();
    await expectAccessible(page);
  });

  it('creates an employee with pay and finds them in the list', async () => {
    await page.goto('/people');
    await page.getByTestId('new-employee').click();
    await page.getByTestId('employee-form').waitFor();
    await page.getByTestId('form-submit').click();
    await page.getByText('Must not be empty').first().waitFor();
    await page.getByLabel(/First name/).fill('Morgan');
    await page.getByLabel(/Last name/).fill('Eastwood');
    await page.getByLabel(/^E-mail/).fill('morgan.eastwood@example.com');
    await page.getByTestId('skills-input').fill('Forklift (counterbalance)');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-enabled').check({ force: true });
    await page.getByLabel(/Hourly rate/).fill('24.75');
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await page.getByTestId('pay-card').getByText('$24.75').waitFor();
    await page
      .getByTestId('history')
      .getByText(/Created/)
      .waitFor();
    await expectAccessible(page);

    await page.goto('/people?q=eastwood');
    await page.getByText('Morgan Eastwood').first().waitFor();
    expect(await page.getByTestId('employee-count').textContent()).toMatch(/1/);
  });

  it('renders the main pages without serious accessibility problems', async () => {
    for (const [path, name] of [
      ['/people', 'employees'],
      ['/people/org-chart', 'org-chart'],
      ['/departments', 'departments'],
      ['/positions', 'positions'],
      ['/admin/users', 'users'],
      ['/admin/roles', 'roles'],
      ['/admin/audit', 'audit'],
      ['/admin/outbox', 'outbox'],
      ['/admin/organization', 'organization'],
      ['/me/tokens', 'tokens'],
    ] as const) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page);
      await snap(page, name);
    }
  });

  it('reloads deep links and the root straight into the app', async () => {
    for (const path of ['/', '/people/org-chart', '/admin/roles']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await page.reload();
      await page.getByTestId('nav-home').waitFor();
    }
    const missing = await page.request.get('/assets/no-such-chunk.js');
    expect(missing.status()).toBe(404);
  });

  it('sends the bundle compressed', async () => {
    const html = await (await page.request.get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const res = await page.request.get(script!, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-encoding']).toMatch(/gzip|br/);
    expect(res.headers()['cache-control']).toContain('immutable');
  });

  it('works at phone width', async () => {
    const phone = await newPage(browser, PHONE);
    await signIn(phone.page, 'manager@demo.keel.test');
    await phone.page.goto('/people');
    await phone.page
      .getByText(/people/i)
      .first()
      .waitFor();
    await phone.page.waitForLoadState('networkidle');
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible(phone.page);
    await snap(phone.page, 'employees-phone');
    await phone.context.close();
  });
});

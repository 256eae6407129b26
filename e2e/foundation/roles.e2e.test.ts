import { DEFAULT_ROLE_PERMISSIONS, type Permission, type Role } from '@keel/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, PHONE, signIn } from '../support/browser.js';
import { snap } from '../support/screenshots.js';

// What each navigation entry needs; written here independently of the app's own table.
const NAV: Record<string, Permission | null> = {
  home: null,
  myWork: null,
  calendar: null,
  approvals: null,
  notifications: null,
  profile: null,
  tasks: 'tasks.read',
  resources: 'resources.read',
  employees: 'people.read',
  orgChart: 'people.read',
  sites: 'sites.read',
  departments: 'departments.read',
  positions: 'positions.read',
  users: 'users.manage',
  roles: 'roles.manage',
  audit: 'audit.read',
  outbox: 'mail.outbox.read',
  settings: 'org.settings.manage',
  roster: 'scheduling.read',
  schedulingSetup: 'scheduling.manage',
  workRules: 'scheduling.manage',
  attendance: 'scheduling.manage',
  myShifts: 'scheduling.self',
  availability: 'scheduling.self',
  timeOff: 'scheduling.self',
  clock: 'scheduling.self',
};

const expectedNav = (role: Role) =>
  Object.entries(NAV)
    .filter(([, p]) => p === null || DEFAULT_ROLE_PERMISSIONS[role].includes(p))
    .map(([key]) => `nav-${key}`)
    .sort();

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('signing in as each demo role', () => {
  for (const role of ['owner', 'manager', 'coordinator', 'staff', 'viewer'] as Role[]) {
    it(`shows the ${role} exactly the navigation of the ${role} role`, async () => {
      const { context, page } = await newPage(browser);
      await signIn(page, `${role}@demo.keel.test`);
      await page.getByTestId('nav-home').waitFor();
      const nav = await page
        .locator('[data-testid^="nav-"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid ?? ''));
      expect([...new Set(nav)].sort()).toEqual(expectedNav(role));
      await expectAccessible(page);
      await context.close();
    });
  }

  it('opens the navigation from the menu button at phone width', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, 'coordinator@demo.keel.test');
    await expect(page.getByTestId('nav-employees').isVisible()).resolves.toBe(false);
    await page
      .getByRole('button', { name: /navigation|menu/i })
      .first()
      .click();
    await page.getByTestId('nav-employees').waitFor({ state: 'visible' });
    await snap(page, 'navigation-phone');
    await context.close();
  });
});

describe('a staff sign-in', () => {
  it('cannot open user administration, in the app or through the API', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, 'staff@demo.keel.test');
    await page.goto('/admin/users');
    await page.getByTestId('no-access').waitFor();
    const api = await page.request.get('/api/members');
    expect(api.status()).toBe(403);
    expect((await api.json()).code).toBe('PERMISSION_DENIED');
    await context.close();
  });

  it('sees their own employee record on their profile', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, 'staff@demo.keel.test');
    await page.goto('/me');
    await page.getByTestId('my-employee').getByText('Luis Ortega').first().waitFor();
    await page.getByTestId('my-phone').fill('+1 614 555 0177');
    await page.getByTestId('save-my-phone').click();
    await page.getByText('Phone number saved').waitFor();
    await page.reload();
    await expect(page.getByTestId('my-phone').inputValue()).resolves.toBe('+1 614 555 0177');
    await expectAccessible(page);
    await snap(page, 'profile-staff-phone');
    await context.close();
  });
});

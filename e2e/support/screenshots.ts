import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const dir = process.env.KEEL_SCREENSHOT_DIR ?? 'test-results/screenshots';

/** Saves a full-page screenshot (set KEEL_SCREENSHOT_DIR=docs/screenshots to refresh the README's). */
export async function snap(page: Page, name: string) {
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

// Offline once loaded: the service worker keeps the page's files, so a classroom with a poor
// network still has the playground after the first visit — reloaded with the network cut, it
// starts and runs the default Job to completion.
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const card = (page, job) => page.locator(`.job-card[data-job='${job}']`);

test('after one visit the page loads and runs with the network cut', async ({ page, context }) => {
  await page.goto('./');
  await expect(page.locator('.cm-content')).toContainText('perl:5.34.0');
  // The worker, registered from this directory (/dist/), controls the page once it is active.
  const scope = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.scope;
  });
  expect(new URL(scope).pathname).toBe('/dist/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // A load under its control puts the page's hashed wasm and js in the cache.
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('perl:5.34.0');
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat();
    return keys.map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((p) => p.endsWith('_bg.wasm'))).toBe(true);
  expect(cached).toContain('/dist/');

  await context.setOffline(true);
  const watcher = watch(page);
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('perl:5.34.0');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '600×', exact: true }).click();
  await page.getByRole('button', { name: /Play/ }).click();
  await expect(card(page, 'pi').getByTestId('job-status')).toHaveText('Complete', { timeout: 30_000 });
  await screenshot(page, 'offline-complete');
  watcher.assertClean();
  await context.setOffline(false);
});

test('right after the first visit, a shared link opens with the network cut', async ({ page, context }) => {
  await page.goto('./');
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.goto('./?embed=1');
  await expect(page.getByTestId('embedded')).toBeVisible();
  await expect(page.locator('.job-card[data-job=\'pi\']')).toBeVisible();
  await context.setOffline(false);
});

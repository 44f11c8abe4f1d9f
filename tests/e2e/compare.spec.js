// Compare: the "backoff under Never" lesson against its copy under OnFailure, on the page's one
// clock — failed pods pile up on the left while the right keeps one pod and restarts it.
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const side = (page, which) => page.locator(`.compare-side[data-side='${which}']`);

test('Never against OnFailure: failed pods on the left, restarts on the right', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('backoff-never');
  await expect(page.locator('.cm-content')).toContainText('restartPolicy: Never');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Compare', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('compare-diff')).toContainText('No difference so far.');
  await side(page, 'right').getByRole('button', { name: 'restartPolicy: Never → OnFailure' }).click();
  // The right copy now offers the way back; the editor still holds the left one.
  await expect(side(page, 'right').getByRole('button', { name: 'restartPolicy: OnFailure → Never' })).toBeVisible();
  await expect(page.locator('.cm-content')).toContainText('restartPolicy: Never');

  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '10×', exact: true }).click();
  await page.getByRole('button', { name: /Play/ }).click();
  // CrashLoopBackOff lasts 10 s of virtual time (1 s at 10×): waited for on each change of the page.
  await side(page, 'right').locator(".compare-chip[data-status='CrashLoopBackOff']").waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /Pause/ }).click();
  await expect(side(page, 'right').getByTestId('restarts')).toBeVisible();
  await expect(side(page, 'left').locator(".compare-chip[data-status='Error']").first()).toBeVisible();

  // One clock: both sides show the same virtual time.
  const times = await page.locator('.compare-time').allTextContents();
  expect(times).toHaveLength(2);
  expect(times[0].split(' · ')[0]).toBe(times[1].split(' · ')[0]);
  await expect(side(page, 'right').locator('.compare-chip')).toHaveCount(1);
  await expect(side(page, 'left').getByTestId('restarts')).toHaveCount(0);
  const diff = page.getByTestId('compare-diff');
  await expect(diff).toContainText('restarts');
  await expect(diff).toContainText('job/fails failed');
  await screenshot(page, 'compare-never-onfailure');

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.locator('.compare')).toHaveCount(0);
  watcher.assertClean();
});

test('the Chinese page compares too', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('button', { name: '对比', exact: true }).click();
  await expect(page.getByTestId('compare-diff')).toContainText('目前没有不同。');
  await expect(page.locator('.compare-side[data-side=\'left\']')).toContainText('左：编辑器中的场景');
});

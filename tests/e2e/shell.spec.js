// The page shell: it loads with every region (each with its content, the console with its
// command line), speaks both languages, remembers the choice, and stays on its own origin
// without console errors.
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

const REGIONS = {
  en: ['Clock', 'Scenario', 'Cluster', 'Jobs', 'Timeline', 'Events', 'Explain', 'Console'],
  zh: ['时钟', '场景', '集群', '作业', '时间线', '事件', '解释', '控制台'],
};

async function expectRegions(page, names) {
  for (const name of names) {
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  }
  const console = page.getByRole('region', { name: names[names.length - 1], exact: true });
  await expect(console.locator('.empty-state')).toHaveCount(0);
  await expect(console.locator('input.console-input')).toBeVisible();
}

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('the page loads with every region', async ({ page }) => {
    const watcher = watch(page);
    await page.goto('./');
    await expect(page.getByRole('heading', { level: 1, name: 'jobsim' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByText(/Behaves as Kubernetes\s+v1\.35/)).toBeVisible();
    await expectRegions(page, REGIONS.en);
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await screenshot(page, 'shell-en');
    watcher.assertClean();
  });

  test('switching to Chinese translates the page and is remembered after a reload', async ({ page }) => {
    const watcher = watch(page);
    await page.goto('./');
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectRegions(page, REGIONS.zh);
    await page.reload();
    await expect(page.getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');
    await expectRegions(page, REGIONS.zh);
    await screenshot(page, 'shell-zh');
    watcher.assertClean();
  });
});

test.describe('in a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  test('the page starts in Simplified Chinese', async ({ page }) => {
    const watcher = watch(page);
    await page.goto('./');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectRegions(page, REGIONS.zh);
    await expect(page.getByText('Kubernetes Job 演练场')).toBeVisible();
    watcher.assertClean();
  });
});

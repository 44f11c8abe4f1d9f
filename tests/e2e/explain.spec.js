// The Explain panel (each reconcile of the selected Job in words and numbers), the Markdown
// export of a run, presentation mode (the key P, remembered) and the read-only embed view of a
// link (#s=…&embed=1).
const fs = require('node:fs');
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const explain = (page) => page.getByRole('region', { name: 'Explain', exact: true });
const speed = (page, label) =>
  page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: label, exact: true }).click();

test('the Explain panel shows the only Job’s reconciles, newest first, with the arithmetic', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.locator('h1').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const panel = explain(page);
  await expect(panel).toContainText('Reconciles of job/pi');
  await expect(panel.locator('.reconcile').last()).toContainText(
    'want = min(completions − succeeded, parallelism) = min(1 − 0, 1) = 1.');
  await expect(panel.locator('.reconcile').last()).toContainText('Created 1 pod(s)');
  await speed(page, 'max');
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(page.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  await expect(panel.locator('.reconcile').first()).toContainText('SuccessCriteriaMet (CompletionsReached)');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('region', { name: '解释', exact: true })).toContainText('期望活跃数 = min(');
  await page.getByRole('button', { name: 'English' }).click();
  await screenshot(page, 'explain-pi');
  watcher.assertClean();
});

test('a Job is chosen by its name when there are several; a failing Job shows its backoff', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('expansion');
  await expect(explain(page).getByTestId('explain-hint')).toBeVisible();
  await page.locator('.job-card[data-job="process-item-banana"] .job-name').click();
  await expect(explain(page)).toContainText('Reconciles of job/process-item-banana');
  await page.getByLabel('Lesson').selectOption('backoff-never');
  await speed(page, 'max');
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(page.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  await expect(explain(page)).toContainText('Pod backoff in force: 2 failure(s) since the last success give a delay of 20s');
  await expect(explain(page)).toContainText('failed 4 > backoffLimit 3: FailureTarget (BackoffLimitExceeded).');
  await screenshot(page, 'explain-backoff');
  watcher.assertClean();
});

test('the run exports as Markdown: scenario, kubectl tables, timeline, events', async ({ page }, info) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('serial');
  await speed(page, 'max');
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(page.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Markdown', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('jobsim-serial-run.md');
  const saved = info.outputPath('run.md');
  await download.saveAs(saved);
  const doc = fs.readFileSync(saved, 'utf8');
  expect(doc).toContain('## Scenario\n\n```yaml\n');
  expect(doc).toContain('completions: 5');
  expect(doc).toMatch(/\$ kubectl get jobs\nNAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n\S+\s+Complete\s+5\/5/);
  expect(doc).toMatch(/\$ kubectl get pods\nNAME\s+READY\s+STATUS/);
  expect(doc).toContain('| time | active | succeeded | failed |');
  expect(doc).toMatch(/### job\/\S+\n\n```text\nEvents:\n  Type\s+Reason\s+Age\s+From\s+Message/);
  watcher.assertClean();
});

test('presentation mode: the key P enlarges everything and is remembered', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.locator('h1').click();
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveClass(/presenting/);
  expect(await size()).toBeGreaterThan(normal);
  await expect(page.getByRole('button', { name: 'Presentation' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await screenshot(page, 'presentation');
  await page.getByRole('button', { name: 'Presentation' }).click();
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await page.getByText('Keys', { exact: true }).click();
  await expect(page.locator('.keys dl')).toContainText('presentation mode');
  watcher.assertClean();
});

test('an embedded link is read-only: no editor, no console, no controls, but it plays', async ({ page, context }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('backoff-never');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByLabel('Lesson').selectOption('pi');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n# mine\n');
  const other = await context.newPage();
  const otherWatcher = watch(other);
  await other.goto(link + '&embed=1');
  await expect(other.getByTestId('embedded')).toBeVisible();
  await expect(other.getByRole('region', { name: 'Scenario', exact: true })).toHaveCount(0);
  await expect(other.getByRole('region', { name: 'Console', exact: true })).toHaveCount(0);
  await expect(other.locator('.job-card .controls')).toBeHidden();
  await expect(other.locator('.job-card[data-job="fails"]')).toBeVisible();
  expect(new URL(other.url()).hash).toContain('embed=1');
  await speed(other, 'max');
  await other.getByRole('button', { name: /^Play/ }).click();
  await expect(other.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  await expect(explain(other)).toContainText('BackoffLimitExceeded');
  await other.getByRole('button', { name: /^Restart/ }).click();
  await expect(other.getByTestId('since-start')).toContainText('0m00s');
  await screenshot(other, 'embed');
  await other.close();
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('# mine');
  watcher.assertClean();
  otherWatcher.assertClean();
});

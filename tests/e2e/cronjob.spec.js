// The CronJob card (schedule in words, countdown to the next run, the ruler of fire times with
// the runs Forbid skipped) and the Job card's controls recorded as kubectl actions: shown in
// the console, marked on the timeline, written into the shared scenario.
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const speed = (page, label) =>
  page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: label, exact: true }).click();
const cron = (page, name) => page.locator(`.cronjob-card[data-cronjob='${name}']`);

test('a CronJob lesson shows its card: schedule in words, countdown, ruler with skipped runs', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('cronjob-forbid');
  const card = cron(page, 'hello');
  await expect(card).toContainText('Every minute (UTC)');
  await expect(card).toContainText('Forbid');
  await expect(card.getByTestId('next-run')).toHaveText('Next run in 1m00s');
  await speed(page, '60×');
  await page.getByRole('button', { name: /^Play/ }).click();
  const ruler = card.getByTestId('cron-ruler');
  await expect(ruler.locator('.slot[data-state="skipped"]').first()).toBeAttached({ timeout: 30_000 });
  await page.getByRole('button', { name: /^Pause/ }).click();
  await expect(ruler.locator('.slot[data-state="started"]').first()).toBeAttached();
  await expect(ruler.locator('.slot[data-state="upcoming"]')).toHaveCount(5);
  await expect(card.getByTestId('next-run')).toHaveText(/^Next run in \d+s$/);
  await expect(card.locator('.ruler-legend')).toContainText('skipped (Forbid: a Job still ran)');
  await expect(card.getByTestId('cron-active')).toContainText('hello-');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(card).toContainText('每分钟（UTC 时间）');
  await expect(card.getByTestId('next-run')).toHaveText(/^下次运行还剩 \d+s$/);
  await page.getByRole('button', { name: 'English' }).click();
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'cronjob-card');
  await card.screenshot({ path: `${__dirname}/screenshots/cronjob-card-only.png` });
  watcher.assertClean();
});

test('startingDeadlineSeconds draws a window after each fire time; the history counts its limits', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('cronjob-history');
  const card = cron(page, 'hello');
  await expect(card).toContainText('30s');
  await speed(page, 'max');
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(page.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  const ruler = card.getByTestId('cron-ruler');
  await expect(ruler.locator('rect.deadline-window')).toHaveCount(10);
  await expect(card.locator('.ruler-legend')).toContainText('startingDeadlineSeconds window');
  await expect(card.getByTestId('cron-history')).toHaveText(/^succeeded \d\/\d+ · failed \d\/\d+$/);
  await card.screenshot({ path: `${__dirname}/screenshots/cronjob-history-card.png` });
  watcher.assertClean();
});

test('the Job card’s controls run kubectl: the console shows it, the timeline marks it', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('parallel');
  await speed(page, '10×');
  await page.getByRole('button', { name: /^Play/ }).click();
  const card = page.locator(".job-card[data-job='parallel']");
  await expect(card.getByTestId('active')).toHaveText('2', { timeout: 30_000 });
  await card.getByRole('button', { name: /Suspend/ }).click();
  await expect(card.getByTestId('job-status')).toHaveText('Suspended', { timeout: 30_000 });
  await card.getByRole('button', { name: 'Parallelism +' }).click();
  await expect(card.getByTestId('parallelism')).toHaveText('3');
  const console = page.getByRole('region', { name: 'Console', exact: true });
  await expect(console).toContainText(`kubectl patch job parallel --type=strategic --patch '{"spec":{"suspend":true}}'`);
  await expect(console).toContainText('job.batch/parallel patched');
  await expect(console).toContainText('kubectl scale job parallel --replicas=3');
  const markers = page.locator('.timeline line.action title');
  await expect(markers).toHaveCount(2);
  await expect(markers.first()).toHaveText(/^kubectl patch job parallel .* @ /);
  await screenshot(page, 'job-controls-recorded');
  watcher.assertClean();
});

// The playground's teaching and sharing parts used like a person would: the kubectl console
// (history, completion, a live watch of pods and one of events, a pod's log), a lesson picked
// from the list, a share link opened in a new page, a hostile link, a scenario file downloaded
// and opened, the keyboard, and the Chinese interface.
const fs = require('node:fs');
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const consoleInput = (page) => page.getByRole('textbox', { name: 'kubectl command' });
const output = (page) => page.getByRole('log', { name: 'Console output' });
const chips = (page, status) => page.locator(`.chip[data-status='${status}']`);
const card = (page, job) => page.locator(`.job-card[data-job='${job}']`);

async function run(page, command) {
  await consoleInput(page).fill(command);
  await consoleInput(page).press('Enter');
}

async function speed(page, label) {
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: label, exact: true }).click();
}

const play = (page) => page.getByRole('button', { name: /^Play/ }).click();
const pause = (page) => page.getByRole('button', { name: /^Pause/ }).click();

test('the console answers as kubectl: a table, history, completion, a live watch, a log', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await run(page, 'kubectl get jobs');
  await expect(output(page)).toContainText(/NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE/);
  await expect(output(page)).toContainText(/pi\s+Running\s+0\/1/);
  await consoleInput(page).press('ArrowUp');
  await expect(consoleInput(page)).toHaveValue('kubectl get jobs');
  await consoleInput(page).fill('get po');
  await consoleInput(page).press('Tab');
  await expect(consoleInput(page)).toHaveValue('get pods ');
  await consoleInput(page).fill('get pods -w');
  await consoleInput(page).press('Enter');
  await expect(page.getByText('Watching the cluster')).toBeVisible();
  await speed(page, '60×');
  await play(page);
  await expect(output(page)).toContainText(/pi-\w+\s+1\/1\s+Running/, { timeout: 30_000 });
  await expect(output(page)).toContainText(/pi-\w+\s+0\/1\s+Completed/, { timeout: 60_000 });
  await screenshot(page, 'teaching-console-watch');
  await consoleInput(page).press('Control+c');
  await expect(page.getByText('Watching the cluster')).toHaveCount(0);
  await chips(page, 'Completed').first().click();
  await page.locator('.menu').getByRole('button', { name: 'Log', exact: true }).click();
  await expect(output(page)).toContainText('3.14159265358979323846');
  await page.locator('.menu').getByRole('button', { name: 'Describe', exact: true }).click();
  await expect(output(page)).toContainText(/Status:\s+Succeeded/);
  await run(page, 'get nodes');
  await expect(output(page)).toContainText(/NAME\s+STATUS\s+ROLES/);
  await run(page, 'get jobz');
  await expect(output(page).locator('.stderr').last()).toContainText('error');
  await screenshot(page, 'teaching-console');
  watcher.assertClean();
});

test('the console watches the events as the components write them', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await run(page, 'get events -w');
  await expect(page.getByText('Watching the cluster')).toBeVisible();
  await speed(page, '60×');
  await play(page);
  await expect(output(page)).toContainText(/Normal\s+Started\s+pod\/pi-\w+\s+Started container pi/, { timeout: 30_000 });
  await expect(output(page)).toContainText(/Normal\s+Completed\s+job\/pi\s+Job completed/, { timeout: 60_000 });
  await screenshot(page, 'teaching-console-events-watch');
  await consoleInput(page).press('Control+c');
  await expect(page.getByText('Watching the cluster')).toHaveCount(0);
  watcher.assertClean();
});

test('the 4 / 2 puzzle lesson starts exactly 2 pods; the text before it is kept', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n# my notes\n');
  await page.getByLabel('Lesson').selectOption('puzzle');
  await expect(page.getByTestId('lesson-text')).toContainText('What to watch for');
  await expect(page.locator('.cm-content')).toContainText('parallelism: 4');
  await expect(page.getByTestId('stash')).toBeVisible();
  await speed(page, '10×');
  await play(page);
  await expect(chips(page, 'Running')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.locator('.chip')).toHaveCount(2);
  await screenshot(page, 'teaching-puzzle');
  await expect(card(page, 'puzzle').getByTestId('job-status')).toHaveText('Complete', { timeout: 30_000 });
  await expect(page.locator('.chip')).toHaveCount(2);
  await page.getByTestId('stash').getByRole('button', { name: 'Restore my text' }).click();
  await expect(page.locator('.cm-content')).toContainText('# my notes');
  watcher.assertClean();
});

test('a share link replays the run in a new page, faults included', async ({ page, context }) => {
  const watcher = watch(page);
  await page.goto('./');
  await speed(page, '10×');
  await play(page);
  await chips(page, 'Running').first().waitFor({ timeout: 30_000 });
  await pause(page);
  await chips(page, 'Running').first().click();
  await page.locator('.menu button.fail').click();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#s=[A-Za-z0-9_-]+$/);
  await screenshot(page, 'teaching-share');
  await speed(page, 'max');
  await play(page);
  await expect(page.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  await page.locator('.events select').selectOption('');
  const events = await page.locator('.events tbody').innerText();

  const other = await context.newPage();
  const otherWatcher = watch(other);
  await other.goto(link);
  await expect(other.getByTestId('notice')).toContainText('Opened a shared scenario');
  await expect(other.locator('.cm-content')).toContainText('failPod');
  expect(new URL(other.url()).hash).toBe('');
  await play(other);
  await expect(other.getByTestId('finished')).toBeVisible({ timeout: 60_000 });
  expect(await other.locator('.events tbody').innerText()).toBe(events);
  expect(events).toContain('SuccessfulCreate');
  await screenshot(other, 'teaching-share-replayed');
  watcher.assertClean();
  otherWatcher.assertClean();
});

test('a hostile link says so and keeps the saved scenario', async ({ page, context }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n# kept\n');
  const other = await context.newPage();
  const otherWatcher = watch(other);
  await other.goto('./#s=<script>alert(1)</script>');
  await expect(other.getByRole('alert')).toContainText('could not be opened');
  await expect(other.locator('.cm-content')).toContainText('# kept');
  await screenshot(other, 'teaching-hostile-link');
  await other.goto('./?again#s=' + 'A'.repeat(100));
  await expect(other.getByRole('alert')).toContainText('damaged');
  await expect(other.locator('.cm-content')).toContainText('# kept');
  watcher.assertClean();
  otherWatcher.assertClean();
});

test('download the scenario and open it again; a binary file is refused', async ({ page }, info) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByLabel('Lesson').selectOption('serial');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('jobsim-serial.yaml');
  const saved = info.outputPath('scenario.yaml');
  await download.saveAs(saved);
  expect(fs.readFileSync(saved, 'utf8')).toContain('completions: 5');
  await page.getByLabel('Lesson').selectOption('pi');
  await page.getByLabel('Open…').setInputFiles(saved);
  await expect(page.getByTestId('notice')).toContainText('Opened scenario.yaml');
  await expect(page.locator('.cm-content')).toContainText('completions: 5');
  await page.getByLabel('Open…').setInputFiles({ name: 'x.yaml', mimeType: 'application/yaml', buffer: Buffer.from([0xff, 0xfe, 0x00, 0x41]) });
  await expect(page.getByRole('alert')).toContainText('not UTF-8');
  await expect(page.locator('.cm-content')).toContainText('completions: 5');
  watcher.assertClean();
});

test('the keyboard: space plays and pauses, the right arrow steps, the keys are listed', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.locator('h1').click();
  const processed = await page.locator('.clock .events').innerText();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.clock .events')).not.toHaveText(processed);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: /^Pause/ })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible();
  await consoleInput(page).fill('get');
  await consoleInput(page).press(' ');
  await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible();
  await expect(consoleInput(page)).toHaveValue('get ');
  // On a button (here 10×, just pressed), → still steps; space presses the button, not play.
  await page.getByRole('button', { name: '10×' }).click();
  const before = await page.locator('.clock .events').innerText();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.clock .events')).not.toHaveText(before);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible();
  await page.getByText('Keys', { exact: true }).click();
  await expect(page.locator('.keys dl')).toContainText('play / pause');
  await screenshot(page, 'teaching-keys');
  watcher.assertClean();
});

test('the teaching parts in Chinese', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByLabel('课程').selectOption('puzzle');
  await expect(page.getByTestId('lesson-text')).toContainText('观察要点');
  await page.getByRole('textbox', { name: 'kubectl 命令' }).fill('get jobs');
  await page.getByRole('textbox', { name: 'kubectl 命令' }).press('Enter');
  await expect(page.getByRole('log', { name: '控制台输出' })).toContainText('COMPLETIONS');
  await expect(page.getByRole('button', { name: '分享' })).toBeVisible();
  await page.getByText('快捷键', { exact: true }).click();
  await expect(page.locator('.keys dl')).toContainText('单步');
  await screenshot(page, 'teaching-zh');
  watcher.assertClean();
});

// The playground used like a person would: apply a scenario, play it, inject faults from the
// menus, use the Job card's controls, and watch the cards, chips, timeline and events follow.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

const lesson = (name) =>
  fs.readFileSync(path.resolve(__dirname, '../../crates/core/src/lessons/scenarios', `${name}.yaml`), 'utf8');

test.use({ locale: 'en-US' });

// Replaces the editor's text (typed into CodeMirror as one input) and applies it.
async function applyScenario(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
}

async function speed(page, label) {
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: label, exact: true }).click();
}

const play = (page) => page.getByRole('button', { name: /Play/ }).click();
const pause = (page) => page.getByRole('button', { name: /Pause/ }).click();
const card = (page, job) => page.locator(`.job-card[data-job='${job}']`);
const chips = (page, status) => page.locator(`.chip[data-status='${status}']`);

test('the default Job is a real editor away: apply it and watch it complete', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await expect(page.locator('.cm-editor .cm-lineNumbers')).toBeVisible();
  await expect(page.locator('.cm-content')).toContainText('perl:5.34.0');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(card(page, 'pi').getByTestId('job-status')).toHaveText('Running');
  await speed(page, '60×');
  await play(page);
  await expect(chips(page, 'Running')).toHaveCount(1);
  await screenshot(page, 'playground-running');
  await expect(card(page, 'pi').getByTestId('job-status')).toHaveText('Complete', { timeout: 30_000 });
  await expect(card(page, 'pi').locator('.completions')).toHaveText('1/1');
  await expect(chips(page, 'Completed')).toHaveCount(1);
  await expect(page.getByTestId('finished')).toBeVisible();
  await expect(page.locator('.events tbody')).toContainText('Completed');
  // Each event says who wrote it, as describe's From column does.
  const completed = page.locator('.events tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: /^Completed$/ }) });
  await expect(completed.locator('td.from')).toHaveText('job-controller');
  const started = page.locator('.events tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: /^Started$/ }) });
  await expect(started.locator('td.from')).toHaveText('kubelet');
  await screenshot(page, 'playground-complete');
  // Hovering the timeline reads the moment: at its start nothing has run, at its end the pod
  // has succeeded.
  // The pointer glides there as a hand moves it, through a few mousemoves.
  const chart = page.locator('.timeline svg');
  const readout = page.getByTestId('timeline-readout');
  const glide = async (x) => {
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    await page.mouse.move(box.x + Math.min(x, box.width - 3), box.y + box.height / 2, { steps: 5 });
  };
  await glide(2);
  await expect(readout).toHaveText(/^0m00(\.\d+)?s · active 0 · terminating 0 · succeeded 0 · failed 0$/);
  await glide(Infinity);
  await expect(readout).toContainText('active 0 · terminating 0 · succeeded 1 · failed 0');
  await expect(page.locator('.timeline line.cursor')).toHaveCount(1);
  await screenshot(page, 'playground-timeline-hover');
  await page.mouse.move(0, 0);
  await expect(readout).toHaveCount(0);
  watcher.assertClean();
});

test('a pod failed under Never: the backoff shows 10 s, then 20 s after the next failure', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await speed(page, '10×');
  await play(page);
  for (const [failures, delay] of [['1 failure', '10s'], ['2 failures', '20s']]) {
    await chips(page, 'Running').first().waitFor({ timeout: 30_000 });
    await pause(page);
    await chips(page, 'Running').first().click();
    await page.locator('.menu input.exit-code').fill('3');
    await page.locator('.menu input.exit-code').press('Tab');
    await page.locator('.menu button.fail').click();
    await expect(card(page, 'pi').getByTestId('backoff'))
      .toContainText(`Backoff: ${failures} · ${delay} · next pod in`);
    await expect(chips(page, 'Error')).toHaveCount(parseInt(failures, 10));
    await screenshot(page, `playground-backoff-${parseInt(failures, 10)}`);
    await play(page);
  }
  await expect(page.locator('.timeline line.action')).toHaveCount(2);
  watcher.assertClean();
});

test('ttlSecondsAfterFinished: the countdown ends and the Job and its pods are gone', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await applyScenario(page, lesson('ttl'));
  await speed(page, '10×');
  await play(page);
  await expect(card(page, 'cleaned-up').getByTestId('ttl')).toContainText('Deleted by TTL in', { timeout: 30_000 });
  await screenshot(page, 'playground-ttl');
  await expect(card(page, 'cleaned-up')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('.chip')).toHaveCount(0);
  watcher.assertClean();
});

test('suspend and resume, and scale up mid-run', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await applyScenario(page, lesson('parallel'));
  await speed(page, '10×');
  await play(page);
  await expect(chips(page, 'Running')).toHaveCount(2, { timeout: 30_000 });
  await card(page, 'parallel').getByRole('button', { name: /Suspend/ }).click();
  await expect(card(page, 'parallel').getByTestId('job-status')).toHaveText('Suspended', { timeout: 30_000 });
  await expect(chips(page, 'Running')).toHaveCount(0, { timeout: 30_000 });
  await card(page, 'parallel').getByRole('button', { name: /Resume/ }).click();
  await expect(chips(page, 'Running')).toHaveCount(2, { timeout: 30_000 });
  await card(page, 'parallel').getByRole('button', { name: 'Parallelism +' }).click();
  await expect(card(page, 'parallel').getByTestId('parallelism')).toHaveText('3');
  await expect(chips(page, 'Running')).toHaveCount(3, { timeout: 30_000 });
  await screenshot(page, 'playground-scaled');
  watcher.assertClean();
});

test('cordon a node and evict its pods: they are replaced on the other node', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await applyScenario(page, `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata:
  name: evict
spec:
  seed: 1
  start: "2026-03-02T09:00:00Z"
  nodes:
  - { name: node-a, cpu: "4", memory: 8Gi }
  - { name: node-b, cpu: "4", memory: 8Gi }
---
apiVersion: batch/v1
kind: Job
metadata:
  name: long
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      containers:
      - name: work
        image: busybox:1.36
        command: ["sh", "-c", "sleep 600"]
      restartPolicy: Never
`);
  await speed(page, '10×');
  await play(page);
  await expect(chips(page, 'Running')).toHaveCount(2, { timeout: 30_000 });
  await pause(page);
  const lane = page.locator('.lane[data-node]').filter({ has: chips(page, 'Running') }).first();
  const node = await lane.getAttribute('data-node');
  const other = node === 'node-a' ? 'node-b' : 'node-a';
  const before = await lane.locator('.chip').count();
  await lane.locator('.node-name').click();
  await page.locator('.menu').getByRole('button', { name: 'Cordon', exact: true }).click();
  await page.locator('.menu').getByRole('button', { name: 'Evict all', exact: true }).click();
  await expect(page.locator(`.lane[data-node='${node}']`)).toHaveClass(/cordoned/);
  await play(page);
  await expect(page.locator(`.lane[data-node='${other}'] .chip[data-status='Running']`)).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator(`.lane[data-node='${node}'] .chip[data-status='Running']`)).toHaveCount(0);
  expect(before).toBeGreaterThan(0);
  await screenshot(page, 'playground-evicted');
  watcher.assertClean();
});

test('a bad scenario is marked at its line, nothing is lost, and the page keeps running', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  const bad = lesson('pi').replace('backoffLimit: 4', 'backoffLimit: -4');
  await applyScenario(page, bad);
  await expect(page.locator('.diagnostics')).toContainText('line 15: spec.backoffLimit: Invalid value');
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await expect(page.locator('.cm-content')).toContainText('backoffLimit: -4');
  await expect(card(page, 'pi')).toBeVisible();
  await screenshot(page, 'playground-error');
  watcher.assertClean();
});

test('the playground in Chinese', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('group', { name: '速度' }).getByRole('button', { name: '600×' }).click();
  await page.getByRole('button', { name: /播放/ }).click();
  await expect(card(page, 'pi').getByTestId('job-status')).toHaveText('Complete', { timeout: 30_000 });
  await screenshot(page, 'playground-zh');
  watcher.assertClean();
});

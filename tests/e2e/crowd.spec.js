// Hundreds of pods stay readable: a crowded lane groups its pods by STATUS (icon, word and count),
// a group's button shows its chips, and a chip still opens its pod's menu.
const { test, expect } = require('@playwright/test');

test.use({ locale: 'en-US' });

// Forty pods on one node: more than a lane draws one by one.
const crowd = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata:
  name: crowd
spec:
  seed: 1
  start: "2026-03-02T09:00:00Z"
  nodes: [{ namePrefix: node-, count: 1, cpu: "64", memory: 256Gi }]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: crowd
spec:
  completions: 40
  parallelism: 40
  template:
    spec:
      containers:
      - name: work
        image: busybox:1.36
        command: ["sh", "-c", "sleep 86400"]
      restartPolicy: Never
`;

test('a crowded lane groups its pods by status, and a group opens to its chips and menus', async ({ page }) => {
  await page.goto('./');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(crowd);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '600×', exact: true }).click();
  await page.getByRole('button', { name: /Play/ }).click();
  const lane = page.locator(".lane[data-node='node-1']");
  const running = lane.locator(".group[data-status='Running']");
  await expect(running).toContainText('Running');
  await expect(running.locator('.group-count')).toHaveText('40', { timeout: 30_000 });
  await expect(running.locator('.icon')).toHaveText('▶');
  await page.getByRole('button', { name: /Pause/ }).click();
  await expect(lane.locator('.chip')).toHaveCount(0);
  await running.click();
  await expect(running).toHaveAttribute('aria-expanded', 'true');
  await expect(lane.locator(".chip[data-status='Running']")).toHaveCount(40);
  await lane.locator('.chip').first().click();
  await expect(page.locator('.menu')).toContainText('pod/crowd-');
  await running.click();
  await expect(lane.locator('.chip')).toHaveCount(1, { timeout: 5_000 });
  await expect(lane.locator('.chip.selected')).toHaveCount(1);
});

// The "New Job" form beside the editor: the form and the YAML are two views of one Job. A
// change in the form rewrites the Job in the editor, a bad value shows the API server's own
// message next to its field, and an edit of the YAML shows in the form.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, Page } from '@playwright/test';
import { watch, screenshot } from './watch';

const pi = fs.readFileSync(
  path.resolve(__dirname, '../../crates/core/src/lessons/scenarios/pi.yaml'), 'utf8');

test.use({ locale: 'en-US' });

// Replaces the editor's text as one input, as a person pasting would.
async function typeIntoEditor(page: Page, text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('the form and the YAML are two views of one Job', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await expect(page.locator('.cm-content')).toContainText('perl:5.34.0');
  const toggle = page.getByRole('button', { name: 'New Job form' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const form = page.getByRole('form', { name: 'New Job' });
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('pi');
  await expect(form.getByLabel('Image', { exact: true })).toHaveValue('perl');
  await expect(form.getByLabel('Tag', { exact: true })).toHaveValue('5.34.0');
  await expect(form.getByLabel('Restart policy')).toHaveValue('Never');

  // the form writes into the editor, and only the Job document
  const parallelism = form.getByLabel('Parallelism');
  await parallelism.fill('3');
  await expect(page.locator('.cm-content')).toContainText('parallelism: 3');
  await expect(page.locator('.cm-content')).toContainText('kind: Simulation');
  await expect(page.locator('.cm-content')).toContainText('command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]');

  // a bad value: the API server's words next to the field
  await parallelism.fill('-1');
  await expect(page.locator('.cm-content')).toContainText('parallelism: -1');
  const errors = page.locator('#jf-parallelism-errors');
  await expect(errors).toHaveText('spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
  await expect(parallelism).toHaveAttribute('aria-invalid', 'true');
  await expect(parallelism).toHaveAttribute('aria-describedby', 'jf-parallelism-errors');
  await parallelism.scrollIntoViewIfNeeded();
  await screenshot(page, 'form-parallelism-error');

  // an env variable whose name the API server refuses
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable name').fill('A=B');
  await form.getByLabel('Value', { exact: true }).fill('1');
  await expect(page.locator('#jf-c0-env0-name-errors')).toContainText(
    'spec.template.spec.containers[0].env[0].name: Invalid value: "A=B"');
  await expect(page.locator('.cm-content')).toContainText('- name: A=B');
  await screenshot(page, 'form-env-error');

  // the YAML edited by hand: the form follows
  await typeIntoEditor(page, pi.replace('backoffLimit: 4', 'backoffLimit: 6\n  parallelism: 5')
    .replace('name: pi\nspec:\n  backoffLimit', 'name: digits\nspec:\n  backoffLimit'));
  await expect(parallelism).toHaveValue('5');
  await expect(form.getByLabel('Backoff limit')).toHaveValue('6');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('digits');
  await expect(errors).toHaveCount(0);
  await expect(form.getByLabel('Variable name')).toHaveCount(0);
  await form.scrollIntoViewIfNeeded();
  await screenshot(page, 'form-follows-yaml');
  watcher.assertClean();
});

test('the form speaks Chinese too', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('button', { name: '新建 Job 表单' }).click();
  const form = page.getByRole('form', { name: '新建 Job' });
  await expect(form.getByLabel('并行度（parallelism）')).toHaveValue('');
  await expect(form.getByLabel('重启策略')).toHaveValue('Never');
  await expect(form.getByText('每行一个 key=value').first()).toBeVisible();
  watcher.assertClean();
});

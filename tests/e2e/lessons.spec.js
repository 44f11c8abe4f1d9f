// Every lesson, as a learner meets it: picked from the list, run to its teaching moment (stepped
// with → or played at max), and what its text promises checked on the page — the Job card's
// counters and conditions, the CronJob card, the events table, the console's kubectl output, the
// Explain panel. A screenshot of each moment (tests/e2e/screenshots/lesson-<id>.png). Then one
// lesson driven from the keyboard alone, one in the Chinese interface, and a lesson's share link.
const { test, expect } = require('@playwright/test');
const { watch, screenshot } = require('./watch');

test.use({ locale: 'en-US' });

const consoleInput = (page) => page.getByRole('textbox', { name: 'kubectl command' });
const consoleEntries = (page) => page.getByRole('log', { name: 'Console output' }).getByTestId('console-entry');
const card = (page, job) => page.locator(`.job-card[data-job='${job}']`);
const cron = (page, name) => page.locator(`.cronjob-card[data-cronjob='${name}']`);
const since = (page) => page.getByTestId('since-start');
const finished = (page) => page.getByTestId('finished');

// The events table's rows with this reason (the Reason column).
function eventRows(page, reason) {
  return page.locator('.events tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${reason}$`) }) });
}

// The rows with this reason about one object, shown as a learner would: the table filtered on it
// (the table shows only the newest events of a long run).
async function eventsOf(page, object, reason) {
  await page.getByLabel('Show the events of').selectOption(object);
  await expect(page.locator('.events tbody td.object').filter({ hasNotText: object })).toHaveCount(0);
  await page.evaluate(() => document.activeElement?.blur());
  return eventRows(page, reason);
}

async function pick(page, id) {
  await page.getByLabel('Lesson').selectOption(id);
  await expect(page.getByTestId('lesson-text')).toContainText('What to watch for');
  // The page's shortcuts (→, space) act only when no control has the focus.
  await page.evaluate(() => document.activeElement?.blur());
}

async function speed(page, label) {
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: label, exact: true }).click();
}

// Plays as fast as the page can to the end of the run.
async function runToEnd(page) {
  await speed(page, 'max');
  if (await finished(page).isVisible()) return;
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(finished(page)).toBeVisible();
}

// The virtual seconds since the start, as the clock bar shows them (`1m02.500s`).
async function seconds(page) {
  const text = await since(page).innerText();
  const m = /^(?:(\d+)h)?(\d+)m([\d.]+)s/.exec(text);
  if (!m) throw new Error(`no time in ${JSON.stringify(text)}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

// Steps instant by instant with → until `done()` holds; `each()` sees every instant on the way.
async function stepUntil(page, done, each = async () => {}, limit = 1500) {
  for (let i = 0; i < limit; i += 1) {
    await each();
    if (await done()) return;
    if (await finished(page).isVisible()) throw new Error('the run ended before the moment');
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`no moment after ${limit} steps`);
}

const atSecond = (page, s) => async () => (await seconds(page)) >= s;

// Steps to the end, returning the most pods the Job card ever showed active at once.
async function mostActive(page, job) {
  let most = 0;
  await stepUntil(page, () => finished(page).isVisible(), async () => {
    most = Math.max(most, Number(await card(page, job).getByTestId('active').innerText()));
  }, 3000);
  return most;
}

// Types a command in the console and returns what it printed (stdout, then stderr).
async function kubectl(page, command) {
  const before = await consoleEntries(page).count();
  await consoleInput(page).fill(command);
  await consoleInput(page).press('Enter');
  await expect(consoleEntries(page)).toHaveCount(before + 1);
  const entry = consoleEntries(page).last();
  await expect(entry.locator('.prompt')).toContainText(command);
  // Back to the page, so that → steps again.
  await page.evaluate(() => document.activeElement?.blur());
  return entry;
}

// The rows of a `kubectl get` table the console printed, without its header.
async function tableRows(entry) {
  const text = await entry.locator('pre.stdout').innerText();
  return text.trim().split('\n').slice(1);
}

async function expectCondition(page, job, type, reason) {
  const condition = card(page, job).locator('.condition.true').filter({ hasText: type });
  await expect(condition).toContainText(`${type}=True`);
  if (reason) await expect(condition.locator('.reason')).toHaveText(reason);
}

// One entry per lesson id: how to reach its teaching moment and what the page shows there.
const LESSONS = {
  pi: async (page) => {
    await runToEnd(page);
    await expect(card(page, 'pi').getByTestId('job-status')).toHaveText('Complete');
    await expect(card(page, 'pi').locator('.completions')).toHaveText('1/1');
    const pods = await tableRows(await kubectl(page, 'kubectl get pods'));
    expect(pods).toHaveLength(1);
    expect(pods[0]).toMatch(/^pi-\w+\s+0\/1\s+Completed\s/);
    await expect(eventRows(page, 'Pulled').first()).toContainText('perl');
    await expect(await kubectl(page, 'kubectl logs job/pi')).toContainText('3.14159265358979323846');
  },
  serial: async (page) => {
    expect(await mostActive(page, 'serial')).toBe(1);
    await expect(card(page, 'serial').locator('.completions')).toHaveText('5/5');
    expect(await tableRows(await kubectl(page, 'kubectl get pods'))).toHaveLength(5);
  },
  parallel: async (page) => {
    expect(await mostActive(page, 'parallel')).toBe(2);
    await expect(card(page, 'parallel').locator('.completions')).toHaveText('6/6');
    expect(await tableRows(await kubectl(page, 'kubectl get pods'))).toHaveLength(6);
  },
  puzzle: async (page) => {
    expect(await mostActive(page, 'puzzle')).toBe(2);
    await expect(card(page, 'puzzle').locator('.run-counters')).toContainText('2 pods created');
    await expect(page.getByRole('region', { name: 'Explain', exact: true }).locator('.reconcile').last())
      .toContainText('want = min(completions − succeeded, parallelism) = min(2 − 0, 4) = 2.');
    expect(await tableRows(await kubectl(page, 'kubectl get pods'))).toHaveLength(2);
  },
  scale: async (page) => {
    const job = card(page, 'scale');
    let before = 0;
    await stepUntil(page, atSecond(page, 30), async () => {
      before = Math.max(before, Number(await job.getByTestId('active').innerText()));
    });
    expect(before).toBe(2);
    await stepUntil(page, async () => (await job.getByTestId('active').innerText()) === '4');
    expect(await seconds(page)).toBeLessThan(32);
    await expect(job.getByTestId('parallelism')).toHaveText('4');
    await expect(page.locator('.timeline line.action title')).toHaveText(/^kubectl scale job scale --replicas=4 @ 0m30s/);
    await screenshot(page, 'lesson-scale-at-30s');
    await runToEnd(page);
    await expect(job.locator('.completions')).toHaveText('8/8');
  },
  expansion: async (page) => {
    await runToEnd(page);
    const jobs = await tableRows(await kubectl(page, 'kubectl get jobs -l jobgroup=jobexample'));
    expect(jobs.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'process-item-apple Complete 1/1', 'process-item-banana Complete 1/1', 'process-item-cherry Complete 1/1']);
    await expect(page.locator('.job-card')).toHaveCount(3);
  },
  'backoff-never': async (page) => {
    const job = card(page, 'fails');
    const delays = new Set();
    await stepUntil(page, () => finished(page).isVisible(), async () => {
      const backoff = job.getByTestId('backoff');
      if (await backoff.isVisible()) {
        const m = /^Backoff: (\d+) failures? · (\w+)( · next pod in \w+)?$/.exec(await backoff.innerText());
        expect(m, await backoff.innerText()).not.toBeNull();
        delays.add(`${m[1]}:${m[2]}`);
      }
    }, 3000);
    // The fourth failure shows the delay a fifth pod would wait for, until the controller's
    // next sync (at most 1 s later) fails the Job instead.
    expect([...delays].slice(0, 3)).toEqual(['1:10s', '2:20s', '3:40s']);
    await expect(job.getByTestId('job-status')).toHaveText('Failed');
    await expectCondition(page, 'fails', 'Failed', 'BackoffLimitExceeded');
    await expect(job.getByTestId('failed')).toHaveText('4');
    const pods = await tableRows(await kubectl(page, 'kubectl get pods'));
    expect(pods).toHaveLength(4);
    for (const pod of pods) expect(pod).toMatch(/\sError\s/);
  },
  crashloop: async (page) => {
    await stepUntil(page, atSecond(page, 60));
    const pods = await tableRows(await kubectl(page, 'kubectl get pods'));
    expect(pods).toHaveLength(1);
    const [, status, restarts] = /^crashes-\w+\s+\S+\s+(\S+)\s+(\d+)/.exec(pods[0]);
    expect(status).toBe('CrashLoopBackOff');
    expect(Number(restarts)).toBeGreaterThanOrEqual(3);
    expect(await eventRows(page, 'BackOff').count()).toBeGreaterThanOrEqual(3);
    await expect(eventRows(page, 'BackOff').first()).toContainText('Back-off restarting failed container');
    await screenshot(page, 'lesson-crashloop-at-60s');
    await runToEnd(page);
    await expectCondition(page, 'crashes', 'Failed', 'BackoffLimitExceeded');
  },
  'backoff-limit': async (page) => {
    await runToEnd(page);
    await expect(card(page, 'gives-up').getByTestId('failed')).toHaveText('2');
    await expectCondition(page, 'gives-up', 'Failed', 'BackoffLimitExceeded');
    await expect(await eventsOf(page, 'job/gives-up', 'BackoffLimitExceeded')).toContainText('Job has reached the specified backoff limit');
    await expect(await kubectl(page, 'kubectl describe job gives-up')).toContainText('Job has reached the specified backoff limit');
  },
  deadline: async (page) => {
    const job = card(page, 'too-slow');
    await stepUntil(page, () => job.getByTestId('deadline').isVisible());
    await expect(job.getByTestId('deadline')).toHaveText(/^Active deadline in \d+s$/);
    await stepUntil(page, async () => (await job.getByTestId('job-status').innerText()) === 'FailureTarget');
    expect(Math.floor(await seconds(page))).toBe(30);
    await expectCondition(page, 'too-slow', 'FailureTarget', 'DeadlineExceeded');
    await expect(await kubectl(page, 'kubectl get pods')).toContainText('Terminating');
    await screenshot(page, 'lesson-deadline-at-30s');
    await runToEnd(page);
    await expectCondition(page, 'too-slow', 'Failed', 'DeadlineExceeded');
    await expect(await eventsOf(page, 'job/too-slow', 'DeadlineExceeded')).toContainText('Job was active longer than specified deadline');
  },
  suspend: async (page) => {
    const job = card(page, 'suspend');
    await stepUntil(page, async () => (await job.getByTestId('job-status').innerText()) === 'Suspended');
    expect(Math.floor(await seconds(page))).toBe(15);
    await expect(await eventsOf(page, 'job/suspend', 'Suspended')).toHaveCount(1);
    const terminating = await tableRows(await kubectl(page, 'kubectl get pods'));
    expect(terminating).toHaveLength(2);
    for (const pod of terminating) expect(pod).toMatch(/\sTerminating\s/);
    await screenshot(page, 'lesson-suspend-at-15s');
    await stepUntil(page, async () => (await job.getByTestId('active').innerText()) !== '0' && (await seconds(page)) >= 60);
    expect(Math.floor(await seconds(page))).toBe(60);
    await expect(await eventsOf(page, 'job/suspend', 'Resumed')).toHaveCount(1);
    await runToEnd(page);
    await expect(job.locator('.completions')).toHaveText('4/4');
    await expectCondition(page, 'suspend', 'Complete');
  },
  ttl: async (page) => {
    const job = card(page, 'cleaned-up');
    await stepUntil(page, () => job.getByTestId('ttl').isVisible());
    await expect(job.getByTestId('job-status')).toHaveText('Complete');
    await expect(job.getByTestId('ttl')).toHaveText('Deleted by TTL in 30s');
    const completed = await seconds(page);
    await screenshot(page, 'lesson-ttl-countdown');
    await stepUntil(page, async () => (await job.count()) === 0);
    expect(Math.round(await seconds(page) - completed)).toBe(30);
    await expect(page.getByRole('region', { name: 'Jobs', exact: true })).toContainText('every one deleted');
    await runToEnd(page);
    await expect(await kubectl(page, 'kubectl get jobs')).toContainText('No resources found in default namespace.');
    await expect(await kubectl(page, 'kubectl get pods')).toContainText('No resources found in default namespace.');
  },
  indexed: async (page) => {
    await runToEnd(page);
    const pods = await tableRows(await kubectl(page, 'kubectl get pods'));
    expect(pods.map((l) => l.replace(/^indexed-(\d)-\w+\s.*$/, '$1')).sort()).toEqual(['0', '1', '2', '3', '4']);
    await expect((await kubectl(page, "kubectl get job indexed -o jsonpath='{.status.completedIndexes}'")).locator('pre.stdout')).toHaveText('0-4');
    await expect(card(page, 'indexed').locator('.completions')).toHaveText('5/5');
  },
  'pod-failure-policy': async (page) => {
    const job = card(page, 'careful');
    await stepUntil(page, atSecond(page, 26));
    await expect(await kubectl(page, 'kubectl get pods')).toContainText('Terminating');
    const described = await (await kubectl(page, 'kubectl describe pods')).locator('pre.stdout').innerText();
    expect(described.match(/DisruptionTarget\s+True/g)).toHaveLength(2);
    await expect(job.getByTestId('failed')).toHaveText('0');
    await runToEnd(page);
    await expect(page.getByRole('region', { name: 'Explain', exact: true }))
      .toContainText(/[12] failure\(s\) ignored by the pod failure policy/);
    await expect(job.getByTestId('failed')).toHaveText('0');
    await expect(job.getByTestId('succeeded')).toHaveText('2');
    await expectCondition(page, 'careful', 'Complete');
  },
  'node-eviction': async (page) => {
    await runToEnd(page);
    await expect(eventRows(page, 'Evicted')).toHaveCount(2);
    await expect(eventRows(page, 'Evicted').first()).toContainText('The node was low on resource: memory');
    const pods = await tableRows(await kubectl(page, 'kubectl get pods -o wide'));
    expect(pods.filter((p) => /\snode-a\s/.test(p))).toHaveLength(2);
    expect(pods.filter((p) => /\sCompleted\s.*\snode-b\s/.test(p))).toHaveLength(4);
    await expect(card(page, 'batch').getByTestId('failed')).toHaveText('2');
    await expect(card(page, 'batch').locator('.completions')).toHaveText('4/4');
  },
  sidecar: async (page) => {
    // The init container, then the sidecar, then the container beside it.
    await stepUntil(page, async () => (await eventRows(page, 'Started').count()) === 3);
    await expect(await kubectl(page, 'kubectl get pods')).toContainText(/\s2\/2\s+Running\s/);
    await screenshot(page, 'lesson-sidecar-running');
    await runToEnd(page);
    await expect(eventRows(page, 'Killing')).toContainText('Stopping container log-shipper');
    await expect(await kubectl(page, 'kubectl get pods')).toContainText(/\s0\/2\s+Completed\s/);
    await expect(await kubectl(page, 'kubectl describe pods')).toContainText('Init Containers:');
    await expectCondition(page, 'with-sidecar', 'Complete');
  },
  'queue-one-per-pod': async (page) => {
    expect(await mostActive(page, 'job-wq-1')).toBe(2);
    await expect(card(page, 'job-wq-1').locator('.completions')).toHaveText('8/8');
    expect(await tableRows(await kubectl(page, 'kubectl get pods'))).toHaveLength(8);
    // The queue is seen drained.
    await expect(page.getByTestId('queue')).toContainText('waiting 0 · being worked on 0 · done 8/8');
    // Its length over time: 8 waiting at the top of the chart at first, none at the bottom now.
    await expect(page.locator('.queue-history polyline.waiting')).toHaveAttribute('points', /^0\.0,2\.0 .*,40\.0$/);
  },
  'queue-workers': async (page) => {
    await runToEnd(page);
    await expect(card(page, 'job-wq-2').locator('.completions')).toHaveText('2/1 of 2');
    await expect(card(page, 'job-wq-2').locator('.run-counters')).toContainText('2 pods created');
    await expect(await kubectl(page, 'kubectl get jobs')).toContainText(/job-wq-2\s+Complete\s+2\/1 of 2/);
    await expect(page.getByTestId('queue')).toContainText(/waiting 0 · being worked on 0 · done (\d+)\/\1/);
  },
  'cronjob-allow': async (page) => {
    const active = cron(page, 'hello').getByTestId('cron-active');
    // Two runs at once: two Jobs, each with its pod active.
    await stepUntil(page, async () => (await page.locator('.job-card').getByTestId('active').allInnerTexts()).filter((n) => n === '1').length === 2);
    await expect(active).toHaveText('hello-29540701, hello-29540702');
    await expect(page.locator('.job-card').getByTestId('job-status')).toHaveText(['Running', 'Running']);
    await screenshot(page, 'lesson-cronjob-allow-overlap');
    await runToEnd(page);
    // A Job at every minute, named after its scheduled minute (the page's run includes the
    // fire time at its horizon, 5m, that `jobsim run` leaves out).
    const created = await (await eventsOf(page, 'cronjob/hello', 'SuccessfulCreate')).locator('td.message').allInnerTexts();
    expect(created.length).toBeGreaterThanOrEqual(4);
    const jobs = await tableRows(await kubectl(page, 'kubectl get jobs'));
    expect(jobs.map((l) => l.split(/\s+/)[0])).toEqual(
      Array.from({ length: created.length }, (_, i) => `hello-${29540701 + i}`));
  },
  'cronjob-forbid': async (page) => {
    await stepUntil(page, async () => (await eventRows(page, 'JobAlreadyActive').count()) > 0);
    await expect(await eventsOf(page, 'cronjob/hello', 'JobAlreadyActive')).toContainText('Not starting job because prior execution is running and concurrency policy is Forbid');
    await expect(cron(page, 'hello').getByTestId('cron-ruler').locator('.slot[data-state="skipped"]')).toHaveCount(1);
    await expect(cron(page, 'hello').getByTestId('cron-active')).toContainText('hello-');
    await screenshot(page, 'lesson-cronjob-forbid-skipped');
    await runToEnd(page);
    await expect((await eventsOf(page, 'cronjob/hello', 'SuccessfulCreate')).first()).toBeVisible();
  },
  'cronjob-replace': async (page) => {
    await runToEnd(page);
    const created = await (await eventsOf(page, 'cronjob/hello', 'SuccessfulCreate')).count();
    expect(created).toBeGreaterThanOrEqual(4);
    await expect(await eventsOf(page, 'cronjob/hello', 'SuccessfulDelete')).toHaveCount(created - 1);
    await expect(cron(page, 'hello')).toContainText(/Last success\s*never/);
    await expect(cron(page, 'hello').getByTestId('cron-history')).toHaveText(/^succeeded 0\/3 · /);
    const jobs = await tableRows(await kubectl(page, 'kubectl get jobs'));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatch(/\sRunning\s+0\/1\s/);
  },
  'cronjob-history': async (page) => {
    await runToEnd(page);
    await expect(await eventsOf(page, 'cronjob/hello', 'SuccessfulDelete')).toHaveCount(2);
    const jobs = await tableRows(await kubectl(page, 'kubectl get jobs'));
    expect(jobs.filter((j) => /\sComplete\s+1\/1\s/.test(j))).toHaveLength(2);
    await expect(cron(page, 'hello').getByTestId('cron-history')).toHaveText(/^succeeded 2\/2 · /);
    // The 09:04 run, 40 s late when the control plane woke, never started.
    await expect(cron(page, 'hello').getByTestId('cron-ruler').locator('.slot[data-state="missed"]')).toHaveCount(1);
    await expect(await kubectl(page, 'kubectl get jobs')).not.toContainText('hello-29540704');
  },
};

test('the lesson list offers exactly the lessons this spec runs', async ({ page }) => {
  await page.goto('./');
  const offered = await page.getByLabel('Lesson').locator('option:not([disabled])').evaluateAll((os) => os.map((o) => o.value));
  expect(offered).toEqual(Object.keys(LESSONS));
});

for (const [id, moment] of Object.entries(LESSONS)) {
  test(`lesson ${id}: its teaching moment shows what its text promises`, async ({ page }) => {
    const watcher = watch(page);
    await page.goto('./');
    await pick(page, id);
    await moment(page);
    await screenshot(page, `lesson-${id}`);
    watcher.assertClean();
  });
}

test('a lesson from the keyboard alone: picked, stepped, played, asked in the console', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName.toLowerCase()}|${el?.getAttribute('aria-label') ?? ''}|${el?.textContent.trim().slice(0, 20) ?? ''}`;
  });
  // Tab (or Shift+Tab) until the focus is on the element `is` recognises.
  async function tabTo(is, key = 'Tab') {
    for (let i = 0; i < 80; i += 1) {
      await page.keyboard.press(key);
      if (await is(await focused())) return;
    }
    throw new Error(`never reached by ${key}: ${await focused()}`);
  }
  const lesson = page.getByLabel('Lesson');
  await tabTo(async () => (await lesson.evaluate((el) => el === document.activeElement)));
  for (let i = 0; i < 10 && (await lesson.inputValue()) !== 'puzzle'; i += 1) await page.keyboard.press('ArrowDown');
  await expect(lesson).toHaveValue('puzzle');
  await expect(page.getByTestId('lesson-text')).toContainText('only 2 pods start, not 4');
  await expect(page.locator('.cm-content')).toContainText('parallelism: 4');
  // Back to the clock's speeds: max, with Enter.
  await tabTo((f) => f === 'button||max', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: 'max' })).toHaveAttribute('aria-pressed', 'true');
  // On to the console's output, where the page's keys work: → steps, space plays.
  await tabTo((f) => f.startsWith('div|Console output|'));
  const job = card(page, 'puzzle');
  for (let i = 0; i < 200 && (await job.getByTestId('active').innerText()) !== '2'; i += 1) await page.keyboard.press('ArrowRight');
  await expect(job.getByTestId('active')).toHaveText('2');
  await expect(job.getByTestId('parallelism')).toHaveText('4');
  await expect(job.locator('.run-counters')).toContainText('2 pods created');
  await screenshot(page, 'lesson-keyboard-stepped');
  await page.keyboard.press(' ');
  await expect(finished(page)).toBeVisible();
  await expect(job.getByTestId('job-status')).toHaveText('Complete');
  await expect(job.locator('.run-counters')).toContainText('2 pods created');
  // The console's input is the next stop: ask kubectl.
  await page.keyboard.press('Tab');
  await expect(consoleInput(page)).toBeFocused();
  await page.keyboard.type('kubectl get pods');
  await page.keyboard.press('Enter');
  const entry = consoleEntries(page).last();
  await expect(entry.locator('pre.stdout')).toContainText('NAME');
  expect(await tableRows(entry)).toHaveLength(2);
  await page.keyboard.type('kubectl get jobs');
  await page.keyboard.press('Enter');
  await expect(consoleEntries(page).last()).toContainText(/puzzle\s+Complete\s+2\/2/);
  await screenshot(page, 'lesson-keyboard-puzzle');
  watcher.assertClean();
});

test('a lesson in the Chinese interface: its text, the labels, the run', async ({ page }) => {
  const watcher = watch(page);
  await page.goto('./');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByLabel('课程').selectOption('backoff-limit');
  const text = page.getByTestId('lesson-text');
  await expect(text.locator('strong')).toHaveText('达到 backoffLimit');
  await expect(text).toContainText('观察要点： backoffLimit 为 1 时，第二次失败就结束 Job');
  await page.getByRole('group', { name: '速度' }).getByRole('button', { name: '最快', exact: true }).click();
  await page.getByRole('button', { name: /^播放/ }).click();
  await expect(page.getByText('已结束', { exact: true })).toBeVisible();
  await expectCondition(page, 'gives-up', 'Failed', 'BackoffLimitExceeded');
  await expect(card(page, 'gives-up').locator('.run-counters')).toHaveText(/^\d+ 次调谐 · 2 个 Pod 已创建$/);
  await expect(card(page, 'gives-up').getByRole('button', { name: /挂起|恢复/ })).toBeVisible();
  const input = page.getByRole('textbox', { name: 'kubectl 命令' });
  await input.fill('kubectl describe job gives-up');
  await input.press('Enter');
  await expect(page.getByRole('log', { name: '控制台输出' })).toContainText('Job has reached the specified backoff limit');
  await screenshot(page, 'lesson-zh-backoff-limit');
  watcher.assertClean();
});

test('a lesson changed from its Job card replays the same from its share link', async ({ page, context }) => {
  const watcher = watch(page);
  await page.goto('./');
  await pick(page, 'scale');
  await stepUntil(page, atSecond(page, 45));
  await card(page, 'scale').getByRole('button', { name: 'Parallelism −' }).click();
  await expect(card(page, 'scale').getByTestId('parallelism')).toHaveText('3');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await runToEnd(page);
  const events = await page.locator('.events tbody').innerText();
  const pods = await (await kubectl(page, 'kubectl get pods')).innerText();

  const other = await context.newPage();
  const otherWatcher = watch(other);
  await other.goto(link);
  await expect(other.getByTestId('notice')).toContainText('Opened a shared scenario');
  await expect(other.locator('.cm-content')).toContainText('kubectl scale job scale --replicas=3');
  await runToEnd(other);
  await expect(other.locator('.timeline line.action title')).toHaveText([
    /^kubectl scale job scale --replicas=4 @ 0m30s/, /^kubectl scale job scale --replicas=3 @ 0m45/]);
  expect(await other.locator('.events tbody').innerText()).toBe(events);
  expect(await (await kubectl(other, 'kubectl get pods')).innerText()).toBe(pods);
  await screenshot(other, 'lesson-share-replayed');
  watcher.assertClean();
  otherWatcher.assertClean();
});

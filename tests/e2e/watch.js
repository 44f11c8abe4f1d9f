// Watches a page like a careful tester: every console error, uncaught exception and request
// that leaves 127.0.0.1 is collected, so a test can assert there were none.
const { expect } = require('@playwright/test');

function watch(page) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') problems.push(`request off the origin: ${req.url()}`);
  });
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  return { assertClean: () => expect(problems, problems.join('\n')).toEqual([]) };
}

// Saves a screenshot under tests/e2e/screenshots/ (git-ignored) for a person to look at. The
// whole page is painted for it: regions scrolled out of view skip their painting on screen
// (content-visibility: auto), which a full-page capture would show as blank.
async function screenshot(page, name) {
  const paintAll = await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
  await page.screenshot({ path: `${__dirname}/screenshots/${name}.png`, fullPage: true });
  await paintAll.evaluate((style) => style.remove());
}

module.exports = { watch, screenshot };

// End-to-end tests: Debian's Chromium driven by Playwright against the release build in dist/,
// served from a sub-path (/dist/) to prove the site's URLs are relative.
const path = require('node:path');
const { defineConfig } = require('@playwright/test');

const root = path.resolve(__dirname, '../..');
const port = 8765;

module.exports = defineConfig({
  testDir: __dirname,
  outputDir: path.join(__dirname, 'test-results'),
  workers: 1,
  reporter: 'list',
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}/dist/`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // As root Chromium needs --no-sandbox; the others keep it off the (closed) network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ${root}`,
    url: `http://127.0.0.1:${port}/dist/index.html`,
    reuseExistingServer: false,
  },
});

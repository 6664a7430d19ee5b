// Test harness for browser journeys: one emulator process and one headless Chromium per journey.
//
// The emulator binary serves the built dist/ on app.localhost:<port> next to the emulated
// Microsoft hosts (login., graph., globaldisco.localhost), so the page talks cross-origin to
// them exactly as it would to Microsoft. Chromium resolves *.localhost to loopback by itself.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const EMULATOR_BIN = process.env.EMULATOR_BIN;
const DIST = process.env.DIST;
const SCREENSHOTS = process.env.SCREENSHOTS || 'target/e2e';

// The demo scenario's fixed values (crates/syncsetup-emulator, scenario `demo`).
export const DEMO = {
  tenantId: '3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a',
  tenantName: 'Contoso',
  admin: { name: 'Adele Vance', upn: 'adele@contoso.onmicrosoft.com', buttonId: 'user-adele' },
  user: { name: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com', buttonId: 'user-megan' },
};

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
];

/** Starts the emulator on a free port with `scenario`; resolves with its app URL and a stop function. */
export async function startEmulator(extraArgs = [], scenario = 'demo') {
  if (!EMULATOR_BIN || !DIST) throw new Error('EMULATOR_BIN and DIST must be set (run through `make test-e2e`)');
  const child = spawn(EMULATOR_BIN, ['--port', '0', '--scenario', scenario, '--static', DIST, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const appUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('emulator did not print "ready" within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
    lines.on('line', (line) => {
      const match = /^ready (\S+)$/.exec(line);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  return {
    appUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A fresh browser (empty profile, `locale` for navigator.language) and page that records console errors and page errors. */
export async function openBrowser(locale = undefined) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext(locale ? { locale } : {});
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Trunk's SRI preload note is harmless browser noise; every other console error is a finding.
    if (m.type() === 'error' && !/integrity attribute is currently ignored/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { browser, context, page, problems };
}

/** Saves a screenshot under target/e2e/ for people to look at. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every sessionStorage key of the page's origin. */
export async function sessionKeys(page) {
  return page.evaluate(() => Object.keys(sessionStorage));
}

/**
 * Reads an emulator control route (`/_emulator/...`) from inside the page: Node's resolver cannot
 * resolve `*.localhost`, Chromium can, and the control routes allow any origin.
 */
export async function control(page, appUrl, path, init = undefined) {
  return page.evaluate(async ([url, init]) => {
    const response = await fetch(url, init);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }, [new URL(`_emulator/${path}`, appUrl).href, init]);
}

/** Runs `body` with a fresh emulator (`scenario`, default `demo`) and browser, always cleaning both up. */
export async function journey(name, body, { emulatorArgs = [], scenario = 'demo', locale = undefined } = {}) {
  const emulator = await startEmulator(emulatorArgs, scenario);
  const { browser, page, context, problems } = await openBrowser(locale);
  try {
    await body({ page, context, appUrl: emulator.appUrl, problems });
  } finally {
    await screenshot(page, name).catch(() => {});
    await browser.close();
    await emulator.stop();
  }
}

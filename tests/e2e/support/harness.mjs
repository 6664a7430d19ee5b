// Test harness for browser journeys: one emulator process and one headless Chromium per journey.
//
// The emulator binary serves the built dist/ on app.localhost:<port> next to the emulated
// Microsoft hosts (login., graph., globaldisco.localhost), so the page talks cross-origin to
// them exactly as it would to Microsoft. Chromium resolves *.localhost to loopback by itself.
// Every screen a journey saves is also audited with axe-core, in the light and the dark color
// scheme, so an accessibility regression fails the journey that shows it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
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

/**
 * Starts the emulator on a free port with `scenario`, serving `staticDir` (the built dist/ unless
 * a benchmark serves its own copy); resolves with its app URL and a stop function.
 */
export async function startEmulator(extraArgs = [], scenario = 'demo', staticDir = DIST) {
  if (!EMULATOR_BIN || !staticDir) throw new Error('EMULATOR_BIN and DIST must be set (run through `make test-e2e`)');
  const child = spawn(EMULATOR_BIN, ['--port', '0', '--scenario', scenario, '--static', staticDir, ...extraArgs], {
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

/** A free loopback port, for a server whose address must be known before the emulator starts
 *  (a redirect URI names it). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs.
 *  `bfcache` keeps the back/forward cache on: Playwright turns it off by default
 *  (`--disable-back-forward-cache`), which would hide what a real browser does on Back. */
export function launchChromium({ bfcache = false } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    ...(bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  });
}

/** A fresh browser (empty profile, `locale` for navigator.language) and page that records console errors and page errors. */
export async function openBrowser(locale = undefined, { bfcache = false } = {}) {
  const browser = await launchChromium({ bfcache });
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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// What fails a journey: axe's two highest impacts (moderate and minor findings are advice; set
// AXE_IMPACTS=minor,moderate,serious,critical to see them all).
const AXE_FAILING_IMPACTS = (process.env.AXE_IMPACTS || 'serious,critical').split(',');

/**
 * The serious and critical axe-core violations of the page as it is now, in both color schemes,
 * as lines `scheme rule-id: target (help)`. axe is evaluated through the DevTools protocol, which
 * the page's Content-Security-Policy does not govern, so the page under test keeps its real CSP.
 */
export async function axeViolations(page) {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async (impacts) => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => impacts.includes(v.impact))
        .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
    }, AXE_FAILING_IMPACTS);
    found.push(...violations.map((v) => `${colorScheme} ${v}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/**
 * Saves a screenshot under target/e2e/ for people to look at, then audits the screen with axe and
 * throws if it has serious or critical violations. Pages that are not ours are not audited: the
 * emulator's stand-in for Microsoft's sign-in page (login.*) and anything off the app's origin.
 */
export async function screenshot(page, name, { audit = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (!audit || !isOurPage(page)) return;
  const violations = await axeViolations(page);
  if (violations.length) {
    throw new Error(`axe-core: ${violations.length} serious/critical violation(s) on screen ${name}:\n  ${violations.join('\n  ')}`);
  }
}

/** Whether the page shows our app (app.localhost), not the emulated Microsoft sign-in page. */
function isOurPage(page) {
  const url = page.url();
  return /^https?:$/.test(new URL(url).protocol) && new URL(url).hostname.startsWith('app.');
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

/**
 * Runs `body` with a fresh emulator (`scenario`, default `demo`) and browser, always cleaning both
 * up. `audit: false` skips the axe audit of the last screen, for a page deliberately broken by the
 * journey (no stylesheet…), which is not a screen of ours.
 */
export async function journey(name, body, { emulatorArgs = [], scenario = 'demo', locale = undefined, audit = true, staticDir = DIST, bfcache = false } = {}) {
  const emulator = await startEmulator(emulatorArgs, scenario, staticDir);
  const { browser, page, context, problems } = await openBrowser(locale, { bfcache });
  let passed = false;
  try {
    await body({ page, context, appUrl: emulator.appUrl, problems });
    passed = true;
  } finally {
    try {
      // The last screen is audited too, unless the journey already failed (the picture is for
      // finding out why, and a second error would hide the first).
      if (passed) await screenshot(page, name, { audit });
      else await screenshot(page, name, { audit: false }).catch(() => {});
    } finally {
      await browser.close();
      await emulator.stop();
    }
  }
}

// Load benchmark: median time from navigation to an interactive landing page in headless
// Chromium with a cold cache (a new browser context per load), for this app and for a reference
// page that only loads @azure/msal-browser's minified bundle and creates a
// PublicClientApplication — "a whole wizard loading no slower than the auth library alone".
// Both are served by the same emulator process, so network and server cost the same.
import { launchChromium, startEmulator } from '../support/harness.mjs';
import { MARK_INTERACTIVE, siteWithReference } from './reference.mjs';

const RUNS = Number(process.env.LOAD_RUNS || 25);
// The app at / and the reference at /ref/.
const site = siteWithReference(process.env.DIST);

const emulator = await startEmulator([], 'demo', site);
const { appUrl } = emulator;
const browser = await launchChromium();

async function once(url) {
  const context = await browser.newContext();
  await context.addInitScript(MARK_INTERACTIVE);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__interactive, null, { timeout: 20000 });
  const ms = await page.evaluate(() => window.__interactive);
  await context.close();
  return ms;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ours = [], ref = [];
await once(appUrl); await once(`${appUrl}ref/`); // warm the server, not the browser cache
for (let i = 0; i < RUNS; i++) {
  // Alternate so drift on a noisy machine hits both alike.
  ours.push(await once(appUrl));
  ref.push(await once(`${appUrl}ref/`));
}
await browser.close();
await emulator.stop();
const a = median(ours), b = median(ref);
console.log(`| load: navigation → interactive landing, median of ${RUNS} cold loads | ${a.toFixed(0)} ms | msal-browser 5.29.0 alone: ${b.toFixed(0)} ms | ${(a / b).toFixed(2)}× | ≤ 1.0× |`);

// Load breakdown: where the time from navigation to an interactive landing page goes, in the
// same setting as load.mjs (one emulator serving DIST, a new browser context per load, headless
// Chromium). An init script hooks WebAssembly's compile entry points and watches the DOM, and the
// page's resource timings give each download; the medians of LOAD_RUNS loads are printed, as
// milliseconds since navigation start.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, startEmulator } from '../support/harness.mjs';

const RUNS = Number(process.env.LOAD_RUNS || 15);
const site = mkdtempSync(path.join(os.tmpdir(), 'syncsetup-breakdown-'));
cpSync(process.env.DIST, site, { recursive: true });

const emulator = await startEmulator([], 'demo', site);
const { appUrl } = emulator;
const browser = await launchChromium();

const HOOKS = () => {
  const t = (window.__t = {});
  const now = () => performance.now();
  for (const name of ['instantiateStreaming', 'instantiate', 'compileStreaming', 'compile']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      t[`wasm ${name} called`] ??= now();
      const p = original.apply(this, args);
      p.then(() => { t[`wasm ${name} resolved`] ??= now(); }, () => { t[`wasm ${name} rejected`] ??= now(); });
      return p;
    };
  }
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const name = String(input.url || input).split('/').pop().replace(/-[0-9a-f]{16}/, '');
    t[`fetch(${name}) called`] ??= now();
    const p = originalFetch.call(this, input, init);
    p.then((r) => { t[`fetch(${name}) resolved`] ??= now(); r.clone().arrayBuffer().then(() => { t[`fetch(${name}) body read`] ??= now(); }); }, () => {});
    return p;
  };
  const seen = () => { const b = document.getElementById('sign-in'); return b && !b.disabled; };
  new MutationObserver(() => {
    if (document.body && document.querySelector('main') && !t['first render (app)']) t['first render (app)'] = now();
    if (!t['#sign-in enabled'] && seen()) t['#sign-in enabled'] = now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => { t.DOMContentLoaded = now(); });
};

async function once(url) {
  const context = await browser.newContext();
  await context.addInitScript(HOOKS);
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.__t['#sign-in enabled'], null, { timeout: 20000 });
  const out = await page.evaluate(() => {
    const r = { ...window.__t };
    const nav = performance.getEntriesByType('navigation')[0];
    r['html responseStart'] = nav.responseStart;
    r['html responseEnd'] = nav.responseEnd;
    r.domInteractive = nav.domInteractive;
    for (const e of performance.getEntriesByType('resource')) {
      const name = e.name.split('/').pop().replace(/-[0-9a-f]{16}/, '');
      r[`${name} (${e.initiatorType}) start`] = e.startTime;
      r[`${name} (${e.initiatorType}) end`] = e.responseEnd;
    }
    return r;
  });
  await context.close();
  return { out, warnings };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
await once(appUrl);
const all = {};
const warnings = new Set();
for (let i = 0; i < RUNS; i++) {
  const { out, warnings: w } = await once(appUrl);
  w.forEach((x) => warnings.add(x));
  for (const [k, v] of Object.entries(out)) (all[k] ??= []).push(v);
}
await browser.close();
await emulator.stop();
const rows = Object.entries(all).map(([k, v]) => [k, median(v), v.length]).sort((a, b) => a[1] - b[1]);
for (const [k, v, n] of rows) console.log(`${v.toFixed(1).padStart(7)} ms  ${k}${n < RUNS ? ` (${n}/${RUNS} loads)` : ''}`);
for (const w of warnings) console.log(`console: ${w}`);

// Load trace: where the renderer's main thread spends the time from navigation to an interactive
// landing page, for this app and for the msal-browser reference page of load.mjs, side by side.
// Same setting as load.mjs (one emulator serving both, a new browser context per load, headless
// Chromium), with Chromium's tracing on (which slows both pages alike). For each page it prints
// the mean, over LOAD_RUNS loads, of the time spent in each kind of trace event on the main
// thread (CrRendererMain) and on the background threads, between navigation start and the first
// enabled #sign-in; events nest, so the rows overlap and do not add up. Finding of 2026-11-22:
// the app keeps the main thread busy about twice as long as the reference, and the largest single
// item is `wasm.CompileLazy` — V8 compiles each wasm function on the main thread when it is
// first called, so every function the start-up and the first render run costs there.
import { launchChromium, startEmulator } from '../support/harness.mjs';
import { MARK_INTERACTIVE, siteWithReference } from './reference.mjs';

const RUNS = Number(process.env.LOAD_RUNS || 5);
const TOP = Number(process.env.TOP || 18);
// The app at / and the reference at /ref/.
const site = siteWithReference(process.env.DIST);

const emulator = await startEmulator([], 'demo', site);
const browser = await launchChromium();
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'v8.wasm',
  'disabled-by-default-v8.wasm.detailed', 'disabled-by-default-v8.compile', 'blink.user_timing', 'loading'];

/** Mean milliseconds per `thread | event` over `RUNS` traced loads of `url`. */
async function profile(url) {
  const totals = {};
  for (let i = 0; i <= RUNS; i++) {
    const context = await browser.newContext();
    await context.addInitScript(MARK_INTERACTIVE);
    const page = await context.newPage();
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(url);
    await page.waitForFunction(() => window.__interactive, null, { timeout: 20000 });
    const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await context.close();
    if (i === 0) continue; // the first load warms the server
    const threads = {};
    for (const e of trace) if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args.name;
    const start = Math.min(...trace.filter((e) => e.name === 'navigationStart').map((e) => e.ts));
    const end = trace.find((e) => e.name === 'syncsetup-interactive')?.ts ?? Infinity;
    totals['(navigation → interactive)'] = (totals['(navigation → interactive)'] || 0) + (end - start) / 1000;
    for (const e of trace) {
      if (e.ph !== 'X' || !e.dur || e.ts < start || e.ts > end) continue;
      const thread = threads[`${e.pid}:${e.tid}`] || '';
      const kind = thread === 'CrRendererMain' ? 'main' : /ThreadPool|V8 Worker/.test(thread) ? 'background' : null;
      if (!kind) continue;
      const key = `${kind} | ${e.name}`;
      totals[key] = (totals[key] || 0) + e.dur / 1000;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / RUNS]));
}

const ours = await profile(emulator.appUrl);
const ref = await profile(`${emulator.appUrl}ref/`);
await browser.close();
await emulator.stop();
const keys = [...new Set([...Object.keys(ours), ...Object.keys(ref)])]
  .sort((a, b) => Math.max(ours[b] || 0, ref[b] || 0) - Math.max(ours[a] || 0, ref[a] || 0))
  .slice(0, TOP);
console.log(`mean ms over ${RUNS} traced cold loads (tracing slows both pages)`);
console.log(`${'app'.padStart(8)} ${'msal'.padStart(8)}  thread | event`);
for (const k of keys) console.log(`${(ours[k] || 0).toFixed(1).padStart(8)} ${(ref[k] || 0).toFixed(1).padStart(8)}  ${k}`);

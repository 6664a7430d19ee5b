// Page hardening: Subresource Integrity on every file the page loads (and a tampered file is
// refused), and no third-party origin contacted across a whole setup journey — every request
// goes to this machine (*.localhost, 127.0.0.1) in tests, as it would go only to the page's own
// host and Microsoft in production.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { journey, sessionKeys } from '../support/harness.mjs';
import { WAIT, realProblems, recorder, runToRevealedSecret } from '../support/security.mjs';

const DIST = process.env.DIST;

/** The files index.html loads, with the integrity each declares: `{ tag, url, integrity }`.
 * Not counted: the icon (`data:`) and the preload of `config.json`, which is deployment data
 * written per host, not a file of the build (the app's own fetch of it has no hash either).
 * The wizard module is declared by name and hash in `<meta name="syncsetup-wizard">`, which
 * boot.js loads it by (it is not preloaded: the first load is the landing module). */
async function declaredSubresources(page) {
  return page.evaluate(() => {
    const linked = Array.from(document.querySelectorAll('link[href], script[src]'))
      .filter((e) => !(e.tagName === 'LINK' && e.rel === 'icon'))
      .filter((e) => !(e.tagName === 'LINK' && e.rel === 'preload' && e.getAttribute('href') === 'config.json'))
      // boot.js's own prefetches and module preload of the wizard module repeat the meta's files.
      .filter((e) => !(e.tagName === 'LINK' && !e.hasAttribute('data-trunk') && (e.rel === 'prefetch' || (e.rel === 'modulepreload' && e.href.includes(document.querySelector('meta[name="syncsetup-wizard"]').dataset.js)))))
      .map((e) => ({
        tag: `${e.tagName.toLowerCase()}${e.rel ? `[rel=${e.rel}]` : ''}${e.getAttribute('as') ? `[as=${e.getAttribute('as')}]` : ''}`,
        url: e.href || e.src,
        integrity: e.integrity,
      }));
    const wizard = document.querySelector('meta[name="syncsetup-wizard"]').dataset;
    return [
      ...linked,
      { tag: 'meta[wizard js]', url: new URL(wizard.js, document.baseURI).href, integrity: wizard.jsIntegrity },
      { tag: 'meta[wizard wasm]', url: new URL(wizard.wasm, document.baseURI).href, integrity: wizard.wasmIntegrity },
    ];
  });
}

function sri(bytes, algorithm) {
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
}

test('every script, module, stylesheet and the wasm carry a matching integrity hash', async () => {
  await journey('page-sri', async ({ page, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const declared = await declaredSubresources(page);
    const names = readdirSync(DIST);
    for (const ext of ['.wasm', '.css']) {
      assert.ok(declared.some((d) => d.url.endsWith(ext)), `index.html loads a ${ext}: ${JSON.stringify(declared)}`);
    }
    assert.ok(declared.some((d) => d.url.endsWith('.js')), 'and JavaScript');
    for (const { tag, url, integrity } of declared) {
      assert.match(integrity, /^sha(384|512)-[A-Za-z0-9+/]+=*$/, `${tag} ${url} has no strong integrity hash`);
      const file = decodeURIComponent(new URL(url).pathname.slice(1));
      assert.ok(names.includes(file), `${url} is a file of dist/`);
      const [algorithm] = integrity.split('-');
      assert.equal(integrity, sri(readFileSync(path.join(DIST, file)), algorithm), `${tag} ${url}: the hash matches the file`);
    }
    // Every JavaScript and wasm file of dist/ is covered (none loads without a hash).
    for (const file of names.filter((n) => /\.(js|wasm|css)$/.test(n))) {
      assert.ok(declared.some((d) => d.url.endsWith(`/${file}`)), `${file} is loaded with integrity`);
    }
  });
});

/** A wasm module with an extra custom section: still valid wasm, different bytes. */
function tamperedWasm(bytes) {
  const name = Buffer.from('tampered');
  const payload = Buffer.concat([Buffer.from([name.length]), name, Buffer.from('x')]);
  return Buffer.concat([bytes, Buffer.from([0, payload.length]), payload]);
}

// The landing module loads on a plain visit; the wizard module when Entra's answer is in the
// address (a forged one: the module must refuse to start before it could even read it).
const landing = '';
const answer = '#code=forged-code&state=forged-state';
const appendComment = (b) => Buffer.concat([b, Buffer.from('\n// tampered\n')]);
for (const [kind, pattern, tamper, contentType, open] of [
  ['landing wasm', /\/syncsetup-landing-[0-9a-f]+_bg\.wasm$/, tamperedWasm, 'application/wasm', landing],
  ['landing wasm-bindgen module', /\/syncsetup-landing-[0-9a-f]+\.js$/, appendComment, 'text/javascript', landing],
  ['start-up script', /\/(boot|index)-[0-9a-f]+\.js$/, appendComment, 'text/javascript', landing],
  ['wizard wasm', /\/syncsetup-[0-9a-f]{16}_bg\.wasm$/, tamperedWasm, 'application/wasm', answer],
  ['wizard wasm-bindgen module', /\/syncsetup-[0-9a-f]{16}\.js$/, appendComment, 'text/javascript', answer],
]) {
  test(`a tampered ${kind} is refused: the app does not start`, async () => {
    await journey(`page-sri-tampered-${kind.replace(/\W+/g, '-')}`, async ({ page, appUrl }) => {
      const files = readdirSync(DIST).filter((n) => pattern.test(`/${n}`));
      // The start-up script must be a file of its own: inline, it would carry no integrity
      // hash and would need 'unsafe-inline' (or a per-build hash) in the page's CSP.
      assert.equal(files.length, 1, `dist/ has one ${kind} file (${readdirSync(DIST).join(', ')})`);
      let served = 0;
      await page.route((url) => pattern.test(url.pathname), async (route) => {
        served += 1;
        const bytes = readFileSync(path.join(DIST, decodeURIComponent(new URL(route.request().url()).pathname.slice(1))));
        await route.fulfill({ status: 200, contentType, body: tamper(bytes) });
      });
      const integrityErrors = [];
      page.on('console', (m) => { if (/integrity/i.test(m.text()) && m.type() === 'error') integrityErrors.push(m.text()); });
      page.on('pageerror', (e) => { if (/integrity/i.test(e.message)) integrityErrors.push(e.message); });
      await page.goto(`${appUrl}${open}`);
      await page.waitForTimeout(3000);
      assert.ok(served > 0, `the ${kind} was requested`);
      assert.equal(await page.locator('#sign-in, #config-problem, #screen-title').count(), 0, `the app started with a tampered ${kind}`);
      assert.ok(integrityErrors.length > 0, 'the browser names the integrity failure');
      if (kind !== 'start-up script') {
        // boot.js ran and says the page could not start, instead of a spinner that never stops.
        assert.match(await page.locator('#load-failed').textContent(), /could not start.*integrity/s);
        assert.equal(await page.locator('.boot-spinner').isVisible(), false);
      }
      if (open === answer) assert.ok(!/[#?&](code|state)=/.test(page.url()), `the answer left the address bar: ${page.url()}`);
      assert.deepEqual(await sessionKeys(page), []);
    });
  });
}

test('a tampered stylesheet is not applied', async () => {
  await journey('page-sri-tampered-css', async ({ page, appUrl }) => {
    await page.route((url) => /\.css$/.test(url.pathname), async (route) => {
      await route.fulfill({ status: 200, contentType: 'text/css', body: 'body { background: rgb(255, 0, 0) !important; }' });
    });
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const sheets = await page.evaluate(() => document.styleSheets.length);
    assert.equal(sheets, 0, 'the stylesheet is dropped');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 0, 0)');
    // The page left without its stylesheet is not a screen anyone designed: no axe audit.
  }, { audit: false });
});

test('a whole setup contacts no third-party origin', async () => {
  await journey('page-origins', async ({ page, appUrl, problems }) => {
    const rec = recorder(page);
    await runToRevealedSecret(page, appUrl);
    await page.locator('#secret-stored').click();
    await page.locator('#hand-off').waitFor({ timeout: 60_000 });
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor(WAIT);
    const hosts = new Set();
    for (const r of rec.log.requests) {
      const url = new URL(r.url);
      if (['data:', 'blob:', 'about:'].includes(url.protocol)) continue;
      hosts.add(url.hostname);
      assert.ok(url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname.endsWith('.localhost'),
        `a request left this machine: ${r.method} ${r.url}`);
      assert.equal(url.port, new URL(appUrl).port, `${r.url}: only the emulator's port`);
    }
    console.log(`hosts contacted: ${[...hosts].sort().join(', ')}`);
    assert.ok(hosts.has('graph.localhost') && hosts.has('login.localhost') && [...hosts].some((h) => h.endsWith('.crm.localhost')),
      'the journey did reach Entra, Graph and Dataverse (the check saw real traffic)');
    // Nothing in the page points elsewhere either (fonts, analytics, CDNs).
    const html = await page.content();
    const external = [...html.matchAll(/(?:src|href)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]).filter((u) => !new URL(u).hostname.endsWith('localhost'));
    assert.deepEqual(external, []);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

test('the page refuses to run inside a frame and offers its own tab', async () => {
  // Security review L2: buttons here change the tenant with one click; boot.js starts nothing
  // when framed (a <meta> CSP cannot say frame-ancestors).
  await journey('framed', async ({ page, appUrl }) => {
    await page.goto(`${appUrl}config.json`);
    await page.setContent(`<!DOCTYPE html><html lang="en"><title>Other site</title><iframe id="f" title="Sync Setup, framed" src="${appUrl}" width="800" height="600"></iframe></html>`);
    const frame = page.frameLocator('#f');
    await frame.locator('#framed').waitFor({ timeout: 30_000 });
    assert.match(await frame.locator('#framed').textContent(), /does not run inside another page/);
    assert.equal(await frame.locator('#framed a').getAttribute('target'), '_blank');
    assert.equal(await frame.locator('#sign-in').count(), 0, 'the app never started');
  });
});

// Static hosting: the page served from a sub-path of its host (relative URLs, its own redirect
// URI), under its Content-Security-Policy without a single violation.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO, freePort, journey, screenshot } from '../support/harness.mjs';
import { WAIT, clickCounter, realProblems, signIn, watchCsp } from '../support/steps.mjs';

const SUB_PATH = 'tools/sync/';
const port = await freePort();
const site = mkdtempSync(path.join(tmpdir(), 'syncsetup-site-'));
cpSync(process.env.DIST, path.join(site, SUB_PATH), { recursive: true });
// The host's own home page (the emulator wants an index.html at the root it serves).
writeFileSync(path.join(site, 'index.html'), '<!DOCTYPE html><title>Intranet</title><a href="tools/sync/">Sync Setup</a>');

test('served from a sub-path: loads, signs in with that exact redirect URI, and reads the tenant', async () => {
  const pageUrl = `http://app.localhost:${port}/${SUB_PATH}`;
  try {
    await journey('sub-path', async ({ page, problems }) => {
      const violations = await watchCsp(page);
      // The host's config.json sits next to index.html, as on a real static host; the emulator
      // generates the right one for its hosts at its root.
      await page.goto(`http://app.localhost:${port}/config.json`);
      writeFileSync(path.join(site, SUB_PATH, 'config.json'), await page.locator('body').textContent());
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      const clicks = clickCounter(page);
      // One application per origin (security review H1): the landing page says this sub-path
      // shares its origin, and where to host it instead.
      await page.goto(pageUrl);
      const warning = page.locator('#shared-origin');
      await warning.waitFor(WAIT);
      await screenshot(page, 'sub-path-01-shared-origin-warning');
      assert.match(await warning.textContent(), new RegExp(`/${SUB_PATH}`));
      assert.match(await warning.textContent(), new RegExp(`http://marketo-sync\\.app\\.localhost:${port}/`));
      await signIn(page, pageUrl, clicks);
      const authorize = requests.find((u) => /\/oauth2\/v2\.0\/authorize/.test(u));
      assert.equal(new URL(authorize).searchParams.get('redirect_uri'), pageUrl);
      await page.locator('#environments').waitFor(WAIT);
      await screenshot(page, 'sub-path-03-environments');
      assert.equal(new URL(page.url()).pathname, `/${SUB_PATH}`);
      assert.match(await page.locator('#signed-in').textContent(), new RegExp(DEMO.admin.name));
      // Every asset came from under the sub-path; nothing from the host's root but config.json.
      const own = requests.filter((u) => new URL(u).host === `app.localhost:${port}`);
      assert.ok(own.every((u) => new URL(u).pathname.startsWith(`/${SUB_PATH}`)), own.join('\n'));
      assert.deepEqual(violations, []);
      assert.deepEqual(realProblems(problems), []);
    }, { scenario: 'fresh', emulatorArgs: ['--port', String(port), '--static', site, '--spa-redirect-uri', pageUrl] });
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('no client id in config.json: how to register the tool, with this page as the SPA redirect URI, copyable', async () => {
  await journey('bootstrap', async ({ page, context, appUrl, problems }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appUrl).origin });
    const violations = await watchCsp(page);
    await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
    await page.goto(`${appUrl}?from=intranet`);
    await page.locator('#bootstrap').waitFor(WAIT);
    await screenshot(page, 'bootstrap-01');
    assert.equal(await page.locator('#redirect-uri').textContent(), appUrl, 'this page, without its query');
    assert.match(await page.locator('#bootstrap').textContent(), /Single-page application/);
    const graph = await page.locator('#graph-permissions').textContent();
    for (const p of ['User.Read', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Policy.Read.All', 'Directory.Read.All']) {
      assert.ok(graph.includes(p), `${p} in ${graph}`);
    }
    await page.locator('#copy-redirect-uri').click();
    await page.locator('#copy-redirect-uri', { hasText: 'Copied' }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), appUrl);
    await page.locator('#copy-config-json').click();
    const config = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.deepEqual(Object.keys(config), ['clientId', 'authority']);
    assert.equal(await page.locator('#sign-in').count(), 0, 'nothing to sign in to yet');
    assert.deepEqual(violations, []);
    assert.deepEqual(realProblems(problems), []);
  });
});

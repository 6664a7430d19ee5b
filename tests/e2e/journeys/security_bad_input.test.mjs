// Bad input on the browser's own paths (the core's catalogue is crates/syncsetup-core/tests/
// bad_input.rs): a broken config.json, the network dropping during sign-in, and malformed or
// oversized answers from Graph and Global Discovery. Each must end on a clear message with a way
// forward — never a blank page, a frozen spinner or the crash screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, journey } from '../support/harness.mjs';
import { WAIT, recorder, tokenRequests } from '../support/security.mjs';

const CLIENT = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The explanation on screen, as one object. */
async function shown(page) {
  await page.locator('#problem-what').waitFor(WAIT);
  const text = async (id) => (await page.locator(`#${id}`).count() ? page.locator(`#${id}`).textContent() : '');
  return { what: await text('problem-what'), why: await text('problem-why'), fix: await text('problem-fix'), detail: await text('problem-detail') };
}

test('each broken config.json shows the config screen with what to write instead', async () => {
  const variants = [
    { name: 'not JSON', status: 200, body: '{clientId: ', fix: /Allowed fields/ },
    { name: 'an unknown cloud', status: 200, body: JSON.stringify({ clientId: CLIENT, cloud: 'germany' }), fix: /public, usgov, usgovhigh, usgovdod, china/, detail: /germany/ },
    { name: 'authority over http', status: 200, body: JSON.stringify({ clientId: CLIENT, authority: 'http://login.microsoftonline.com/contoso.onmicrosoft.com' }), fix: /Correct authority/ },
    { name: 'authority /common', status: 200, body: JSON.stringify({ clientId: CLIENT, authority: 'https://login.microsoftonline.com/common' }), fix: /your tenant ID/ },
    { name: 'authority without a tenant', status: 200, body: JSON.stringify({ clientId: CLIENT, authority: 'https://login.microsoftonline.com/' }), fix: /your tenant ID/ },
    { name: 'a misspelt field', status: 200, body: JSON.stringify({ clientid: CLIENT }), fix: /clientId/, detail: /clientid/ },
    { name: 'missing (404)', status: 404, body: 'Not Found', fix: /beside index\.html/, detail: /404/ },
    { name: 'a 5 MB file', status: 200, body: `${' '.repeat(5_000_000)}{"clientId":`, fix: /Allowed fields/ },
  ];
  await journey('bad-config', async ({ page, appUrl, problems }) => {
    for (const v of variants) {
      await page.unrouteAll();
      await page.route('**/config.json', (route) => route.fulfill({ status: v.status, contentType: 'application/json', body: v.body }));
      await page.goto(appUrl);
      await page.locator('#config-problem').waitFor(WAIT);
      const e = await shown(page);
      assert.match(e.what, /config\.json/, v.name);
      assert.match(e.fix, v.fix, `${v.name}: ${e.fix}`);
      if (v.detail) assert.match(e.detail, v.detail, `${v.name}: ${e.detail}`);
      assert.equal(await page.locator('#sign-in').count(), 0, `${v.name}: no sign-in with a broken config`);
    }
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), [], 'no page error, no crash');
  });
});

test('offline when signing in: a clear message, and Try again works once back online', async () => {
  await journey('offline-sign-in', async ({ page, context, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await context.setOffline(true);
    await page.locator('#sign-in').click();
    const e = await shown(page);
    assert.match(e.what, /no answer|could not be reached/, e.what);
    assert.match(e.fix, /connection/, e.fix);
    assert.ok(await page.locator('#retry').isVisible(), 'a retry');
    assert.equal(page.url(), appUrl, 'still on the page, not an error page');
    await context.setOffline(false);
    await page.locator('#retry').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
  });
});

// On the landing module (no wizard loaded yet), Start over forgets this tab's sign-in state and
// shows the landing page again.
test('offline when signing in: Start over returns to a clean landing page', async () => {
  await journey('offline-start-over', async ({ page, context, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await context.setOffline(true);
    await page.locator('#sign-in').click();
    await shown(page);
    await context.setOffline(false);
    await page.locator('#start-over').click();
    await page.locator('#sign-in:not([disabled])').waitFor(WAIT);
    assert.equal(await page.locator('#problem-what').count(), 0, 'the failure is gone');
    assert.deepEqual((await page.evaluate(() => Object.keys(sessionStorage))).filter((k) => /^syncsetup\.(pending|progress|tokens|account)/.test(k)), []);
  });
});

test('the connection drops while the code is redeemed: a clear message, nothing kept, a retry', async () => {
  await journey('offline-redeem', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await page.route('**/oauth2/v2.0/token', (route) => route.abort('internetdisconnected'));
    await page.goto(appUrl);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    const e = await shown(page);
    assert.match(e.what, /no answer/, e.what);
    assert.match(e.why, /login\.localhost/, 'names the host');
    assert.match(e.fix, /connection/);
    assert.equal(tokenRequests(rec).length, 1, 'one attempt, no retry loop with a single-use code');
    assert.deepEqual((await page.evaluate(() => Object.keys(sessionStorage))).filter((k) => /^syncsetup\.(tokens|account|pending)/.test(k)), []);
    assert.ok(!/code=/.test(page.url()));
    await page.unrouteAll();
    await page.locator('#retry').click();
    await page.waitForURL(/login\.localhost/, WAIT);
  });
});

test('a cut-off Graph answer at sign-in is explained, not a crash', async () => {
  await journey('graph-cut-off', async ({ page, appUrl }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/v1.0/organization?*', (route) => route.fulfill({
      status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: '{"value":[{"id":"3f6c0b5e-8d2a',
    }));
    await page.goto(appUrl);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    const e = await shown(page);
    assert.match(e.what, /unreadable answer/);
    assert.match(e.fix, /Try again/);
    assert.equal(await page.locator('#panic').count(), 0, 'not the crash screen');
    assert.deepEqual(errors, []);
  });
});

test('an oversized, malformed environment list is explained on the environment screen', async () => {
  await journey('discovery-oversized', async ({ page, appUrl }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/api/discovery/v2.0/Instances?*', (route) => route.fulfill({
      status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
      body: `{"value":[${'{"Id":"x",'.repeat(500_000)}`,
    }));
    await page.goto(appUrl);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    const e = await shown(page);
    assert.match(e.what, /environment list was unreadable/);
    assert.match(e.fix, /proxy/);
    assert.ok(e.detail.length < 1_000, `the 5 MB body is not echoed onto the page (${e.detail.length} characters)`);
    assert.ok(await page.locator('#refresh').isVisible(), 'Read again');
    assert.equal(await page.locator('#panic').count(), 0);
    assert.deepEqual(errors, []);
  }, { scenario: 'fresh' });
});

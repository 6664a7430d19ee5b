// Journeys of the walking skeleton: sign-in, cancel, tampered state, sign-out, bad config.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, journey, sessionKeys } from '../support/harness.mjs';
import { WAIT } from '../support/steps.mjs';

const SIGNED_IN = `Signed in as ${DEMO.admin.name} · tenant ${DEMO.tenantName} (${DEMO.tenantId})`;

/** Waits until the banner names the tenant too (the name from the id_token shows first). */
async function signedInText(page) {
  await page.waitForFunction((want) => document.querySelector('#signed-in')?.textContent === want, SIGNED_IN, { timeout: 15_000 }).catch(() => {});
  return page.locator('#signed-in').textContent();
}

/** From the landing page to Entra's sign-in page. */
async function goToSignInPage(page, appUrl) {
  await page.goto(appUrl);
  await page.locator('#sign-in').click();
  await page.waitForURL(/login\.localhost.*\/oauth2\/v2\.0\/authorize/);
}

test('admin signs in and sees name and tenant; the code leaves the address bar', async () => {
  await journey('sign-in-admin', async ({ page, appUrl, problems }) => {
    await goToSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor({ timeout: 15_000 });
    assert.equal(await signedInText(page), SIGNED_IN);
    const url = page.url();
    assert.ok(!/[#?&](code|state)=/.test(url), `the address bar still holds OAuth parameters: ${url}`);
    const keys = await sessionKeys(page);
    assert.ok(keys.some((k) => k.startsWith('syncsetup.tokens.')), `tokens cached in sessionStorage: ${keys}`);
    assert.ok(!keys.includes('syncsetup.pending'), 'the pending sign-in is consumed');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    // A reload restores the session from sessionStorage without a new sign-in.
    await page.reload();
    await page.locator('#signed-in').waitFor({ timeout: 15_000 });
    assert.equal(await signedInText(page), SIGNED_IN);
    assert.deepEqual(problems, []);
  });
});

test('cancel on the sign-in page gives a clear message and a retry', async () => {
  await journey('sign-in-cancelled', async ({ page, appUrl }) => {
    await goToSignInPage(page, appUrl);
    await page.locator('#cancel').click();
    await page.locator('#problem-what').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#problem-what').textContent(), /cancelled/i);
    assert.match(await page.locator('#problem-fix').textContent(), /Sign in again/);
    assert.ok(await page.locator('#retry').isVisible());
    assert.ok(!/error=/.test(page.url()), 'the error parameters leave the address bar');
    // Retry goes straight back to Entra.
    await page.locator('#retry').click();
    await page.waitForURL(/login\.localhost/);
  });
});

test('a tampered state is refused with a clear message and no token request', async () => {
  await journey('sign-in-tampered-state', async ({ page, appUrl }) => {
    // This tab starts a real sign-in (its state and verifier are now pending)…
    await goToSignInPage(page, appUrl);
    const tokenRequests = [];
    page.on('request', (r) => { if (r.url().includes('/oauth2/v2.0/token')) tokenRequests.push(r.url()); });
    // …and instead of Entra's answer, a forged link arrives carrying someone else's code and state.
    await page.goto(`${appUrl}#code=attacker-code&state=forged-state`);
    await page.locator('#problem-what').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#problem-why').textContent(), /state differs/);
    assert.deepEqual(tokenRequests, [], 'no code may be redeemed for a forged answer');
    assert.ok(!/code=/.test(page.url()), 'the forged code leaves the address bar too');
    assert.ok(!(await page.evaluate(() => Object.keys(sessionStorage))).includes('syncsetup.pending'), 'the pending state was consumed');
  });
});

test('sign-out empties sessionStorage', async () => {
  await journey('sign-out', async ({ page, appUrl }) => {
    await goToSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor({ timeout: 15_000 });
    assert.ok((await sessionKeys(page)).length > 0);
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor();
    assert.deepEqual(await sessionKeys(page), []);
    // The page offers to end the Microsoft session too, returning here afterwards.
    assert.match(await page.locator('#signed-out').textContent(), /stays active/);
    const logout = new URL(await page.locator('#microsoft-sign-out').getAttribute('href'));
    assert.match(logout.pathname, /\/oauth2\/v2\.0\/logout$/);
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), appUrl);
    await page.locator('#microsoft-sign-out').click();
    await page.waitForURL(appUrl, { timeout: 15_000 });
    await page.locator('#sign-in').waitFor();
    await page.reload();
    await page.locator('#sign-in').waitFor();
    assert.equal(await page.locator('#signed-in').count(), 0, 'a reload after sign-out stays signed out');
  });
});

test('a broken config.json shows what is wrong instead of a blank page', async () => {
  await journey('config-problem', async ({ page, appUrl }) => {
    await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"clientId":"not-a-guid"}' }));
    await page.goto(appUrl);
    await page.locator('#config-problem').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#problem-fix').textContent(), /Application \(client\) ID/);
    assert.match(await page.locator('#problem-detail').textContent(), /not-a-guid/);
  });
});

// The first load is the landing module only; the wizard module (everything after sign-in) runs
// when Entra's answer comes back and on a reload of a signed-in tab. See boot.js.
test('a first visit runs the landing module; the return from Entra and a signed-in reload run the wizard module', async () => {
  await journey('sign-in-modules', async ({ page, appUrl, problems }) => {
    const fetched = [];
    let configRequests = 0;
    page.on('request', (r) => {
      const file = new URL(r.url()).pathname.split('/').pop();
      if (file === 'config.json') configRequests += 1;
      if (/_bg\.wasm$/.test(file)) fetched.push({ file, prefetch: r.headers()['sec-purpose'] === 'prefetch' || r.headers()['purpose'] === 'prefetch' });
    });
    const isLanding = (f) => f.file.startsWith('syncsetup-landing-');
    await page.goto(appUrl);
    await page.locator('#sign-in:not([disabled])').waitFor({ timeout: 15_000 });
    assert.ok(fetched.some(isLanding), `the landing module was fetched: ${JSON.stringify(fetched)}`);
    // The wizard module's wasm may only be prefetched (after the landing page is up), never run.
    const wizardRuns = () => fetched.filter((f) => !isLanding(f) && !f.prefetch);
    assert.deepEqual(wizardRuns(), [], 'the landing page did not load the wizard module');
    // One request for config.json: index.html preloads it while the wasm downloads, and the app's
    // fetch is served from that preload (same mode and credentials) instead of asking again.
    assert.equal(configRequests, 1, 'config.json is requested once');

    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost.*\/oauth2\/v2\.0\/authorize/);
    fetched.length = 0;
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor({ timeout: 15_000 });
    assert.equal(wizardRuns().length, 1, `Entra's answer opened the wizard module: ${JSON.stringify(fetched)}`);

    fetched.length = 0;
    configRequests = 0;
    await page.reload();
    await page.locator('#signed-in').waitFor({ timeout: 15_000 });
    assert.equal(wizardRuns().length, 1, `a signed-in reload runs the wizard module: ${JSON.stringify(fetched)}`);
    assert.equal(configRequests, 1, 'the wizard module reuses the preloaded config.json too');

    // Signed out, a reload is a first visit again.
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor({ timeout: 15_000 });
    fetched.length = 0;
    await page.reload();
    await page.locator('#sign-in:not([disabled])').waitFor({ timeout: 15_000 });
    assert.deepEqual(wizardRuns(), [], `signed out, the landing module runs: ${JSON.stringify(fetched)}`);
    assert.deepEqual(problems, []);
  });
});

// On a slow network the wasm takes a while: index.html's own spinner holds the page until the app
// draws its first screen, then disappears.
test('a spinner shows while the page loads and is gone once the landing page is drawn', async () => {
  await journey('sign-in-boot-spinner', async ({ page, appUrl, problems }) => {
    await page.route(/syncsetup-landing-[0-9a-f]+_bg\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto(appUrl);
    await page.locator('.boot-spinner').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await page.locator('#sign-in').count(), 0, 'the landing page is not drawn yet');
    await page.locator('#sign-in').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.boot-spinner').isVisible(), false, 'the spinner is gone');
    assert.deepEqual(problems, []);
  });
});

test('Back from the sign-in page restores a usable landing page, not a stuck "Redirecting"', async () => {
  // Security review (low): the page restored from the back/forward cache was still "leaving for
  // Entra ID", its buttons off, its spinner turning.
  await journey('bfcache-back', async ({ page, appUrl }) => {
    await page.addInitScript(() => {
      window.__restored = false;
      addEventListener('pageshow', (e) => { if (e.persisted) window.__restored = true; });
    });
    await page.goto(appUrl);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.goBack({ waitUntil: 'commit' }); // a page restored from the cache fires no load
    await page.locator('#sign-in:enabled').waitFor(WAIT);
    assert.equal(await page.evaluate(() => window.__restored), true, 'the page came back from the back/forward cache');
    assert.match(await page.locator('#landing').textContent(), /previous sign-in was not finished/);
    // And it works: signing in from it goes to Entra again.
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
  }, { bfcache: true });
});

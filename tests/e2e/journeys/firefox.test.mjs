// The sign-in journeys and the fresh server-to-server journey again, in Debian's Firefox ESR
// through geckodriver and WebDriver (support/firefox.mjs says why not Playwright). Same selectors,
// same emulator, same assertions as sign_in.test.mjs and wizard.test.mjs; screens are saved as
// target/e2e/firefox-*.png.
//
// What differs from Chromium, and how these journeys handle it:
// - Driver: Playwright cannot drive Debian's Firefox (it needs its own patched build), so
//   geckodriver + selenium-webdriver, with the driver and browser given by path (Selenium Manager
//   never runs, and could not download if it did).
// - `*.localhost`: Firefox resolves every localhost subdomain to loopback by itself, as Chromium
//   does (glibc on these machines does not); no `network.dns.*` preference is needed.
// - `:has()`: Firefox has it since version 121; the journeys query `.step:has(.badge.todo)` through
//   Firefox's own querySelectorAll, and the first journey checks `CSS.supports('selector(:has(a))')`
//   so an older Firefox fails with that reason rather than with a wrong count.
// - Page errors: geckodriver has no browser log endpoint (`manage().logs()` is ChromeDriver's);
//   the harness listens to WebDriver BiDi `log.entryAdded` instead. Firefox prints no console
//   line for a 404/400/403 response (Chromium's "Failed to load resource…"), so there is less to
//   filter.
// - CSP violations: Playwright's addInitScript + exposeBinding become a BiDi preload script
//   reporting over a BiDi channel; it runs in every document, sign-in redirects included.
// - Watching requests: Playwright's `page.on('request')` becomes the emulator's own journal
//   (`/_emulator/journal`), which sees every request the browser sent to the emulated hosts.
// - Clipboard: Chromium's journey grants the origin clipboard-read and clipboard-write
//   (Playwright's grantPermissions, a Chromium permission). Firefox has no such permission to
//   grant, and needs none here: `navigator.clipboard.writeText` works on the user activation of a
//   WebDriver click, and `readText()` returns at once because the page itself wrote the text (for
//   text another origin wrote, Firefox would show a "Paste" menu that headless Firefox never shows,
//   and the promise would never settle). No clipboard preference is set.
// - Back/forward cache: geckodriver's Element Click adds an `unload` listener to the window until
//   the click lands, and Firefox keeps no page with an unload listener in its bfcache
//   (MOZ_LOG=PageCache:5: "blocked due to unload handlers"), so a landing page left through an
//   Element Click comes back as a fresh load, never from the cache. The app has no unload listener
//   (it would cost it the cache in every browser); the Back journey clicks through WebDriver Actions
//   instead, and then Firefox restores the page from the cache with `pageshow.persisted` like
//   Chromium (whose cache Playwright turns off unless asked).
// - Background traffic: Firefox's own services are turned off by preferences (support/firefox.mjs);
//   Remote Settings needs MOZ_REMOTE_SETTINGS_DEVTOOLS=1 besides, as release and ESR builds ignore
//   the server preference otherwise. With MOZ_LOG=nsHostResolver:4 a run resolves only
//   *.localhost names.
// - Not repeated here: journeys that need Playwright's request interception (`page.route`: the
//   broken config.json, the slow-wasm spinner) or Chromium's prefetch headers (the module-split
//   journey), and the axe-core audit (run on every screen of the Chromium journeys).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../support/harness.mjs';
import {
  LONG, WAIT, actionClick, allTextContents, click, clickCounter, control, count, evaluate, firefoxJourney, goToSignInPage,
  isEnabled, isVisible, screenshot, sessionKeys, signIn, textContent, until, waitForUrl, waitVisible,
} from '../support/firefox.mjs';

const SIGNED_IN = `Signed in as ${DEMO.admin.name} · tenant ${DEMO.tenantName} (${DEMO.tenantId})`;

/** Page errors and console errors, minus the lines for the 404/400/403 answers the engine
 *  expects (support/steps.mjs `realProblems`; Firefox does not log them, Chromium does). */
function realProblems(problems) {
  return problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|400|403)/.test(p));
}

/** Waits until the banner names the tenant too (the name from the id_token shows first). */
async function signedInText(driver) {
  await until(async () => (await textContent(driver, '#signed-in')) === SIGNED_IN, 15_000, 'the tenant in the banner').catch(() => {});
  return textContent(driver, '#signed-in');
}

/** POST/PATCH/PUT/DELETE requests the emulator saw on the Microsoft hosts (not sign-in). */
async function writes(driver, appUrl) {
  const journal = await control(driver, appUrl, 'journal');
  return journal.filter((e) => !['GET', 'OPTIONS', 'HEAD'].includes(e.method) && e.host !== 'login' && e.host !== 'app');
}

test('firefox: admin signs in and sees name and tenant; the code leaves the address bar', async () => {
  await firefoxJourney('sign-in-admin', async ({ driver, appUrl, problems }) => {
    await goToSignInPage(driver, appUrl);
    await click(driver, `#${DEMO.admin.buttonId}`);
    await waitVisible(driver, '#signed-in', 15_000);
    assert.equal(await signedInText(driver), SIGNED_IN);
    const url = await driver.getCurrentUrl();
    assert.ok(!/[#?&](code|state)=/.test(url), `the address bar still holds OAuth parameters: ${url}`);
    const keys = await sessionKeys(driver);
    assert.ok(keys.some((k) => k.startsWith('syncsetup.tokens.')), `tokens cached in sessionStorage: ${keys}`);
    assert.ok(!keys.includes('syncsetup.pending'), 'the pending sign-in is consumed');
    assert.equal(await evaluate(driver, () => localStorage.length), 0, 'nothing in localStorage');
    // A reload restores the session from sessionStorage without a new sign-in.
    await driver.navigate().refresh();
    await waitVisible(driver, '#signed-in', 15_000);
    assert.equal(await signedInText(driver), SIGNED_IN);
    assert.deepEqual(problems, []);
  });
});

test('firefox: cancel on the sign-in page gives a clear message and a retry', async () => {
  await firefoxJourney('sign-in-cancelled', async ({ driver, appUrl, problems }) => {
    await goToSignInPage(driver, appUrl);
    await click(driver, '#cancel');
    await waitVisible(driver, '#problem-what', 15_000);
    assert.match(await textContent(driver, '#problem-what'), /cancelled/i);
    assert.match(await textContent(driver, '#problem-fix'), /Sign in again/);
    assert.ok(await isVisible(driver, '#retry'));
    assert.ok(!/error=/.test(await driver.getCurrentUrl()), 'the error parameters leave the address bar');
    // Retry goes straight back to Entra.
    await click(driver, '#retry');
    await waitForUrl(driver, /login\.localhost/);
    assert.deepEqual(problems, []);
  });
});

test('firefox: a tampered state is refused with a clear message and no token request', async () => {
  await firefoxJourney('sign-in-tampered-state', async ({ driver, appUrl }) => {
    // This tab starts a real sign-in (its state and verifier are now pending)…
    await goToSignInPage(driver, appUrl);
    // …and instead of Entra's answer, a forged link arrives carrying someone else's code and state.
    await driver.get(`${appUrl}#code=attacker-code&state=forged-state`);
    await waitVisible(driver, '#problem-what', 15_000);
    assert.match(await textContent(driver, '#problem-why'), /state differs/);
    // The emulator saw every request of the tab: none redeemed a code.
    const tokenRequests = (await control(driver, appUrl, 'journal')).filter((e) => /\/oauth2\/v2\.0\/token/.test(e.path));
    assert.deepEqual(tokenRequests, [], 'no code may be redeemed for a forged answer');
    assert.ok(!/code=/.test(await driver.getCurrentUrl()), 'the forged code leaves the address bar too');
    assert.ok(!(await sessionKeys(driver)).includes('syncsetup.pending'), 'the pending state was consumed');
  });
});

test('firefox: sign-out empties sessionStorage', async () => {
  await firefoxJourney('sign-out', async ({ driver, appUrl, problems }) => {
    await goToSignInPage(driver, appUrl);
    await click(driver, `#${DEMO.admin.buttonId}`);
    await waitVisible(driver, '#signed-in', 15_000);
    assert.ok((await sessionKeys(driver)).length > 0);
    await click(driver, '#sign-out');
    await waitVisible(driver, '#sign-in');
    assert.deepEqual(await sessionKeys(driver), []);
    // The page offers to end the Microsoft session too, returning here afterwards.
    assert.match(await textContent(driver, '#signed-out'), /stays active/);
    const href = await evaluate(driver, () => document.querySelector('#microsoft-sign-out').getAttribute('href'));
    const logout = new URL(href);
    assert.match(logout.pathname, /\/oauth2\/v2\.0\/logout$/);
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), appUrl);
    await click(driver, '#microsoft-sign-out');
    await waitForUrl(driver, appUrl, 15_000);
    await waitVisible(driver, '#sign-in');
    await driver.navigate().refresh();
    await waitVisible(driver, '#sign-in');
    assert.equal(await count(driver, '#signed-in'), 0, 'a reload after sign-out stays signed out');
    assert.deepEqual(problems, []);
  });
});

test('firefox: Back from the sign-in page restores a usable landing page, not a stuck "Redirecting"', async () => {
  await firefoxJourney('bfcache-back', async ({ driver, appUrl }) => {
    // Marks restorations from the back/forward cache in every document (before the page's scripts).
    const bidi = await driver.getBidi();
    await bidi.send({
      method: 'script.addPreloadScript',
      params: {
        functionDeclaration: String(() => {
          window.__restored = false;
          addEventListener('pageshow', (e) => { if (e.persisted) window.__restored = true; });
        }),
      },
    });
    await driver.get(appUrl);
    await until(async () => isEnabled(driver, '#sign-in'), WAIT, '#sign-in to be enabled');
    // Not `click`: geckodriver's Element Click would keep the page out of the bfcache (see the top).
    await actionClick(driver, '#sign-in');
    await waitForUrl(driver, /login\.localhost/);
    await driver.navigate().back();
    await until(async () => isEnabled(driver, '#sign-in'), WAIT, '#sign-in to be enabled');
    assert.equal(await evaluate(driver, () => window.__restored), true, 'the page came back from the back/forward cache');
    assert.match(await textContent(driver, '#landing'), /previous sign-in was not finished/);
    // And it works: signing in from it goes to Entra again.
    await click(driver, '#sign-in');
    await waitForUrl(driver, /login\.localhost/);
  });
});

test('firefox: fresh tenant: landing to hand-off sheet in at most 5 clicks, with the real values', async () => {
  await firefoxJourney('fresh-hand-off', async ({ driver, appUrl, problems, cspViolations }) => {
    const clicks = clickCounter(driver);

    await signIn(driver, appUrl, clicks, { shots: 'fresh' });
    assert.equal(await evaluate(driver, () => CSS.supports('selector(:has(a))')), true, 'this Firefox supports :has()');
    await waitVisible(driver, '#environments');
    await screenshot(driver, 'fresh-03-environments');
    await clicks.click('.choose-environment');

    await waitVisible(driver, '#review');
    await screenshot(driver, 'fresh-04-review');
    // Every write is previewed before Apply: the Graph steps list their exact requests.
    const previews = await allTextContents(driver, '#step-app-registration .request');
    assert.ok(previews.some((p) => /POST .*\/v1\.0\/applications/.test(p)), `app registration preview: ${previews}`);
    const early = await writes(driver, appUrl);
    assert.equal(early.length, 0, `nothing written before Apply: ${JSON.stringify(early)}`);
    const toDo = await evaluate(driver, () => [...document.querySelectorAll('.step:has(.badge.todo)')]
      .map((step) => ({ id: step.id, requests: step.querySelectorAll('.request').length })));
    assert.ok(toDo.length >= 7, `a fresh tenant has most steps to do: ${JSON.stringify(toDo)}`);
    for (const step of toDo) assert.ok(step.requests > 0, `no request preview for ${step.id}`);
    assert.match((await allTextContents(driver, '#step-application-user .request')).join(), /POST .*\/api\/data\/v9\.2\/systemusers/);
    assert.ok(await isEnabled(driver, '#apply'), 'Apply is ready without typing anything');

    await clicks.click('#apply');
    await until(async () => (await isVisible(driver, '#applying')) || isVisible(driver, '#secret'), WAIT, '#applying or #secret');
    await screenshot(driver, 'fresh-05-applying');
    await waitVisible(driver, '#secret', LONG);
    await screenshot(driver, 'fresh-06-secret');
    assert.match(await textContent(driver, '#secret-value'), /^•+$/, 'masked by default');
    assert.match(await textContent(driver, '#secret-warning'), /Shown once/);
    // Reveal and copy are optional, so they are not counted.
    await click(driver, '#reveal');
    const secret = (await textContent(driver, '#secret-value')).trim();
    assert.ok(secret.length >= 16 && !secret.includes('•'), 'revealed');
    await click(driver, '#copy-secret');
    await until(async () => /Copied/.test(await textContent(driver, '#copy-secret')), WAIT, '#copy-secret to say Copied');
    assert.equal(await evaluate(driver, () => navigator.clipboard.readText()), secret);
    const stored = await evaluate(driver, () => JSON.stringify({ ...sessionStorage, ...localStorage }));
    assert.ok(!stored.includes(secret), 'the secret is in no storage');

    await clicks.click('#secret-stored');
    await waitVisible(driver, '#hand-off', 60_000);
    await screenshot(driver, 'fresh-07-hand-off');
    assert.ok(clicks.count <= 5, `landing to hand-off took ${clicks.count} clicks`);

    // The hand-off shows what the emulator now holds: the application user Dataverse has is the
    // one for the Client ID shown, with the Username shown, and it is Marketo Config's user.
    const org = await control(driver, appUrl, 'dataverse/contoso');
    assert.equal(org.applicationUsers.length, 1, JSON.stringify(org.applicationUsers));
    const appUser = org.applicationUsers[0];
    assert.equal(await textContent(driver, '#handoff-client-id'), appUser.applicationid);
    assert.equal(await textContent(driver, '#handoff-username'), appUser.internalemailaddress);
    assert.ok(org.marketo.configRecords.some((r) => r.marketoUser === appUser.systemuserid), 'Marketo Config points at the app user');
    const journal = await control(driver, appUrl, 'journal?method=POST&host=graph');
    assert.equal(journal.filter((e) => /\/v1\.0\/applications$/.test(e.path)).length, 1, 'one app registration created');
    assert.equal(await textContent(driver, '#handoff-tenant-id'), DEMO.tenantId);
    assert.match(await textContent(driver, '#handoff-org-url'), /^http:\/\/contoso\.crm\.localhost:\d+\/XRMServices\/2011\/Organization\.svc$/);
    assert.match(await textContent(driver, '#handoff-username'), /@/);
    assert.match(await textContent(driver, '#org-url-warning'), /never be changed/);
    assert.equal(await count(driver, '[data-procedure="first-connection"]'), 1);
    assert.equal(await count(driver, '#marketo-steps li'), 4);
    // Leaving the hand-off drops the secret from memory.
    await click(driver, '#back-to-plan');
    await waitVisible(driver, '#review');
    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation on any screen');
    assert.equal(await count(driver, 'script:not([src])'), 0, 'no inline script');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

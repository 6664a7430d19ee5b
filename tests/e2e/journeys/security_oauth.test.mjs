// OAuth conformance of the sign-in (RFC 7636, RFC 9700, the IETF BCP for browser-based apps):
// PKCE S256 only, state single-use and bound to the tab, nonce and the other id_token checks,
// code and state out of the address bar and the history, the exact redirect URI, one interaction
// at a time, the 24-hour session end (on the landing page and inside the wizard, where the
// answers survive the new sign-in), answers that arrive without a page load, and per-tab token
// caches for two admins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, control, journey, screenshot, sessionKeys } from '../support/harness.mjs';
import {
  WAIT, authorizeNavigations, formFields, historyUrls, jwtClaims, params, realProblems, recorder,
  s256, tamperIdTokens, tokenRequests,
} from '../support/security.mjs';
import { LONG, countAcceptedWrites } from '../support/steps.mjs';

/** Location headers of redirects the page received (Entra's answer to the sign-in form). */
function redirects(page) {
  const seen = [];
  page.on('response', (r) => {
    const location = r.headers().location;
    if (location && /#code=|[?&]code=/.test(location)) seen.push(location);
  });
  return seen;
}

async function toSignInPage(page, appUrl, url = appUrl) {
  await page.goto(url);
  await page.locator('#sign-in').waitFor(WAIT);
  await page.locator('#sign-in').click();
  await page.waitForURL(/login\.localhost/, WAIT);
}

test('PKCE is S256 with a fresh verifier per sign-in, sent only to the token endpoint', async () => {
  await journey('oauth-pkce', async ({ page, appUrl, problems }) => {
    const rec = recorder(page);
    await toSignInPage(page, appUrl);
    const first = params(page.url());
    assert.equal(first.code_challenge_method, 'S256', 'only S256, never plain');
    assert.match(first.code_challenge, /^[A-Za-z0-9_-]{43}$/, 'a base64url SHA-256');
    assert.equal(first.response_type, 'code');
    assert.equal(first.response_mode, 'fragment', 'the code comes back in the fragment (no server log, no Referer)');
    for (const p of ['state', 'nonce']) assert.match(first[p], /^[A-Za-z0-9_-]{22,}$/, `${p} has at least 128 random bits`);
    assert.notEqual(first.state, first.nonce);
    assert.ok(!('code_verifier' in first) && !('client_secret' in first), 'no verifier or secret at /authorize');

    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
    await rec.settle();
    const [redemption] = tokenRequests(rec);
    const form = formFields(redemption.body);
    assert.equal(form.grant_type, 'authorization_code');
    assert.match(form.code_verifier, /^[A-Za-z0-9._~-]{43,128}$/, 'RFC 7636 §4.1 verifier');
    assert.equal(s256(form.code_verifier), first.code_challenge, 'the challenge is S256 of the verifier');
    assert.ok(!('client_secret' in form) && !redemption.headers.authorization, 'a public client sends no secret');
    // The verifier went nowhere else: no other request carries it, in any part.
    const carriers = rec.log.requests.filter((r) => `${r.url} ${JSON.stringify(r.headers)} ${r.body}`.includes(form.code_verifier));
    assert.deepEqual(carriers.map((r) => r.url), [redemption.url]);

    // A second sign-in draws new values.
    await page.locator('#sign-out').click();
    await toSignInPage(page, appUrl);
    const second = params(page.url());
    for (const p of ['state', 'nonce', 'code_challenge']) assert.notEqual(second[p], first[p], `${p} is fresh`);
    assert.deepEqual(realProblems(problems), []);
  });
});

test('the redirect URI is exact: the page URL without query or fragment, the same at /authorize and /token', async () => {
  await journey('oauth-redirect-uri', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await toSignInPage(page, appUrl, `${appUrl}?lang=nl&utm_source=mail#section`);
    const authorize = params(page.url());
    assert.equal(authorize.redirect_uri, appUrl, 'query and fragment are not part of the redirect URI');
    assert.equal(authorize.client_id, '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
    const [redemption] = tokenRequests(rec);
    assert.equal(formFields(redemption.body).redirect_uri, appUrl, 'the token request repeats it exactly');
    // Entra (the emulator) matched it character for character against the registration.
    const journal = await control(page, appUrl, 'journal?host=login&method=POST');
    assert.deepEqual(journal.map((e) => e.status), [302, 200, 200], 'sign-in form, code redemption, Dynamics token');
  });
});

test('code and state leave the address bar and never reach the history', async () => {
  await journey('oauth-clean-url', async ({ page, appUrl }) => {
    const rec = recorder(page);
    const answers = redirects(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
    assert.equal(answers.length, 1, 'Entra answered once');
    const answer = new URLSearchParams(new URL(answers[0]).hash.slice(1));
    const code = answer.get('code');
    assert.ok(code && answer.get('state'), 'the answer carried a code and the state');
    assert.equal(page.url(), appUrl, 'the address bar is the clean page URL');
    const history = await historyUrls(page);
    assert.ok(!history.some((u) => u.includes(code)), `the code is in a history entry: ${history.join('\n')}`);
    const appEntries = history.filter((u) => u.startsWith(appUrl));
    assert.ok(appEntries.every((u) => !/[#?&](code|state|session_state)=/.test(u)), `OAuth parameters in the app's history: ${appEntries}`);
    // The code left the page before any request: the code redemption is the first request after
    // the page reloaded, and it carries the code in its body only.
    const redemption = tokenRequests(rec)[0];
    assert.ok(!redemption.url.includes(code) && redemption.body.includes(encodeURIComponent(code)));
    assert.ok(!rec.log.requests.some((r) => r.headers.referer?.includes(code)), 'no Referer carries the code');
  });
});

test('the state is single-use: replaying Entra\'s answer after a completed sign-in is refused', async () => {
  await journey('oauth-replay', async ({ page, appUrl, context }) => {
    const rec = recorder(page);
    const answers = redirects(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
    const redeemed = tokenRequests(rec).length;
    // The same answer again, as a fresh page load (a bookmarked or shared link, a back button).
    await page.goto('about:blank');
    await page.goto(answers[0]);
    await page.locator('#problem-what').waitFor(WAIT);
    assert.match(await page.locator('#problem-what').textContent(), /rejected/);
    assert.match(await page.locator('#problem-why').textContent(), /single-use/);
    assert.match(await page.locator('#problem-fix').textContent(), /Start the sign-in again/);
    assert.equal(tokenRequests(rec).length, redeemed, 'the replayed code is not redeemed');
    assert.equal(page.url(), appUrl, 'the replayed code left the address bar');
    // The same answer in a brand-new tab, which started no sign-in, is refused too.
    const other = await context.newPage();
    const otherRec = recorder(other);
    await other.goto(answers[0]);
    await other.locator('#problem-what').waitFor(WAIT);
    assert.match(await other.locator('#problem-why').textContent(), /did not start a sign-in/);
    assert.deepEqual(tokenRequests(otherRec), []);
    assert.deepEqual((await sessionKeys(other)).filter((k) => k.startsWith('syncsetup.tokens.')), []);
  });
});

test('the state is bound to the tab: another tab\'s answer is refused and redeems nothing', async () => {
  await journey('oauth-cross-tab', async ({ page: tabA, appUrl, context }) => {
    const recA = recorder(tabA);
    // Tab A leaves for Entra: its state and verifier wait in A's sessionStorage.
    await toSignInPage(tabA, appUrl);
    const stateA = params(tabA.url()).state;
    // Tab B signs in too, but its code is never redeemed (B's token request is cut).
    const tabB = await context.newPage();
    await tabB.route('**/oauth2/v2.0/token', (route) => route.abort('failed'));
    const answersB = redirects(tabB);
    await toSignInPage(tabB, appUrl);
    const stateB = params(tabB.url()).state;
    assert.notEqual(stateA, stateB);
    await tabB.locator(`#${DEMO.admin.buttonId}`).click();
    await tabB.locator('#problem-what').waitFor(WAIT);
    assert.equal(answersB.length, 1);
    // B's fresh, unredeemed answer arrives in tab A.
    await tabA.goto(answersB[0]);
    await tabA.locator('#problem-what').waitFor(WAIT);
    assert.match(await tabA.locator('#problem-why').textContent(), /state differs/);
    assert.deepEqual(tokenRequests(recA), [], 'tab A redeems nothing');
    assert.ok(!(await sessionKeys(tabA)).includes('syncsetup.pending'), 'A\'s pending sign-in is spent (single-use)');
    assert.ok(!(await sessionKeys(tabA)).some((k) => k.startsWith('syncsetup.tokens.')));
    // And the code B got is still unredeemed at Entra: nobody used it.
    const redemptions = await control(tabA, appUrl, 'journal?host=login&method=POST&path=*/token');
    assert.deepEqual(redemptions, []);
  });
});

test('one interaction at a time: a double click (or two clicks in one task) starts one sign-in', async () => {
  await journey('oauth-double-click', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await page.locator('#sign-in').dblclick();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.waitForTimeout(1000);
    assert.equal(authorizeNavigations(rec).length, 1, 'one authorize navigation after a double click');
    assert.equal(rec.log.requests.filter((r) => /openid-configuration/.test(r.url)).length, 1, 'one discovery');

    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await page.evaluate(() => {
      const setUp = document.getElementById('sign-in');
      const validate = document.getElementById('validate');
      setUp.click();
      setUp.click();
      validate.click();
    });
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.waitForTimeout(1000);
    assert.equal(authorizeNavigations(rec).length, 2, 'one more authorize navigation for three clicks in one task');
    assert.equal(rec.log.requests.filter((r) => /openid-configuration/.test(r.url)).length, 2);
    // The one that went out completes: its state is the one this tab kept.
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
  });
});

test('an id_token with the wrong nonce, issuer, audience or tenant, or expired, is refused and nothing is kept', async () => {
  const cases = [
    { name: 'nonce', patch: { nonce: 'from-another-sign-in' }, why: /nonce does not match/ },
    { name: 'no nonce', patch: { nonce: null }, why: /nonce does not match/ },
    { name: 'issuer', patch: { iss: 'https://login.evil.example/3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a/v2.0' }, why: /issued by https:\/\/login\.evil\.example/ },
    { name: 'audience', patch: { aud: 'ffffffff-0000-4000-8000-000000000000' }, why: /for application ffffffff-0000-4000-8000-000000000000, not this tool/ },
    { name: 'tenant', patch: { tid: '00000000-0000-0000-0000-000000000001' }, why: /for tenant 00000000-0000-0000-0000-000000000001/ },
    { name: 'expired', patch: { exp: { $add: -7200 }, nbf: { $add: -10000 }, iat: { $add: -10000 } }, why: /outside its validity period/ },
    { name: 'not yet valid', patch: { nbf: { $add: 7200 } }, why: /outside its validity period/ },
  ];
  await journey('oauth-id-token', async ({ page: first, appUrl }) => {
    const browser = first.context().browser();
    for (const c of cases) {
      const context = await browser.newContext();
      try {
        await tamperIdTokens(context, c.patch);
        const page = await context.newPage();
        await toSignInPage(page, appUrl);
        await page.locator(`#${DEMO.admin.buttonId}`).click();
        await page.locator('#problem-what').waitFor(WAIT);
        assert.match(await page.locator('#problem-what').textContent(), /identity returned by Entra ID was refused/, c.name);
        assert.match(await page.locator('#problem-why').textContent(), c.why, c.name);
        assert.match(await page.locator('#problem-fix').textContent(), /Sign in again/, c.name);
        assert.ok(await page.locator('#retry').isVisible(), `${c.name}: a retry`);
        assert.deepEqual((await sessionKeys(page)).filter((k) => /^syncsetup\.(tokens\.|account|pending)/.test(k)), [], `${c.name}: no token kept`);
        assert.equal(await page.locator('#signed-in').count(), 0, `${c.name}: not signed in`);
      } finally {
        await context.close();
      }
    }
    // The same wrapper with nothing changed signs in: the refusals come from the claims.
    const control = await browser.newContext();
    try {
      await tamperIdTokens(control, {});
      const page = await control.newPage();
      await toSignInPage(page, appUrl);
      await page.locator(`#${DEMO.admin.buttonId}`).click();
      await page.locator('#signed-in').waitFor(WAIT);
    } finally {
      await control.close();
    }
  });
});

test('past 24 hours the admin is asked to sign in again, once, with no loop', async () => {
  await journey('oauth-24h', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#environments').waitFor(WAIT);
    // A day and a second later, for Entra and for the browser.
    await control(page, appUrl, 'clock/advance', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 86_401 }),
    });
    await page.clock.setFixedTime(Date.now() + 86_401_000);
    const before = { tokens: tokenRequests(rec).length, authorize: authorizeNavigations(rec).length };
    // The next token the page needs (a reload re-acquires Graph's) hits the 24-hour end.
    await page.reload();
    await page.locator('#sign-in').waitFor(WAIT);
    const notice = await page.locator('#landing').textContent();
    assert.match(notice, /Your sign-in session has ended/);
    assert.match(notice, /Sign in again/);
    assert.deepEqual((await sessionKeys(page)).filter((k) => k.startsWith('syncsetup.tokens.')), [], 'the dead session is forgotten');
    // No loop: the page waits for the admin — no redirect to Entra, no token request.
    await page.waitForTimeout(3000);
    assert.equal(authorizeNavigations(rec).length, before.authorize, 'no automatic redirect to Entra');
    assert.equal(tokenRequests(rec).length, before.tokens, 'the expired refresh token is not even tried');
    assert.equal(page.url(), appUrl);
    // One click signs in again, and works.
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#signed-in').waitFor(WAIT);
    assert.equal(authorizeNavigations(rec).length, before.authorize + 1);
  });
});

test('Entra refusing the refresh token (AADSTS700084) after a reload leads to one sign-in prompt, no loop', async () => {
  await journey('oauth-700084', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#environments').waitFor(WAIT);
    // Only Entra's clock moves: the page still believes its session is young; Entra does not.
    await control(page, appUrl, 'clock/advance', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 86_401 }),
    });
    const before = { tokens: tokenRequests(rec).length, authorize: authorizeNavigations(rec).length };
    // A cached access token that the browser thinks is expired forces a refresh.
    await page.clock.setFixedTime(Date.now() + 3_600_000);
    await page.reload();
    await page.locator('#sign-in').waitFor(WAIT);
    assert.match(await page.locator('#landing').textContent(), /Your sign-in session has ended/);
    await page.waitForTimeout(3000);
    await rec.settle();
    const refreshes = tokenRequests(rec).slice(before.tokens);
    assert.equal(refreshes.length, 1, 'one refresh attempt, not a retry loop');
    assert.equal(formFields(refreshes[0].body).grant_type, 'refresh_token');
    const answer = rec.log.responses.filter((r) => /\/oauth2\/v2\.0\/token$/.test(r.url)).at(-1);
    assert.equal(answer.status, 400);
    assert.match(answer.body, /AADSTS700084/);
    assert.equal(authorizeNavigations(rec).length, before.authorize, 'no automatic redirect');
    assert.deepEqual((await sessionKeys(page)).filter((k) => k.startsWith('syncsetup.tokens.')), []);
  });
});

test('a second tab signed in as another admin keeps its own token cache', async () => {
  await journey('oauth-two-admins', async ({ page: adele, appUrl, context }) => {
    const recAdele = recorder(adele);
    await toSignInPage(adele, appUrl);
    await adele.locator(`#${DEMO.admin.buttonId}`).click();
    await adele.locator('#environments').waitFor(WAIT);
    const megan = await context.newPage();
    const recMegan = recorder(megan);
    await toSignInPage(megan, appUrl);
    await megan.locator(`#${DEMO.user.buttonId}`).click();
    await megan.locator('#signed-in').waitFor(WAIT);
    assert.match(await megan.locator('#signed-in').textContent(), new RegExp(DEMO.user.name));

    const cacheOf = async (page) => {
      const keys = (await sessionKeys(page)).filter((k) => k.startsWith('syncsetup.tokens.'));
      assert.equal(keys.length, 1, `one token cache per tab: ${keys}`);
      return JSON.parse(await page.evaluate((k) => sessionStorage.getItem(k), keys[0]));
    };
    const adeleCache = await cacheOf(adele);
    const meganCache = await cacheOf(megan);
    assert.equal(adeleCache.account.username, DEMO.admin.upn);
    assert.equal(meganCache.account.username, DEMO.user.upn);
    assert.notEqual(JSON.stringify(adeleCache), JSON.stringify(meganCache));
    // Adele's tab, reloaded after Megan signed in, is still Adele's, and calls Graph as Adele.
    const sent = recAdele.log.requests.length;
    await adele.reload();
    await adele.locator('#signed-in').waitFor(WAIT);
    assert.match(await adele.locator('#signed-in').textContent(), new RegExp(DEMO.admin.name));
    await recAdele.settle();
    const bearers = recAdele.log.requests.slice(sent)
      .map((r) => r.headers.authorization).filter((h) => h?.startsWith('Bearer '));
    assert.ok(bearers.length > 0, 'Adele\'s tab called Graph');
    for (const bearer of bearers) assert.equal(jwtClaims(bearer.slice(7)).oid, adeleCache.account.object_id, 'every call as Adele');
    await recMegan.settle();
    for (const r of recMegan.log.requests) {
      const bearer = r.headers.authorization;
      if (bearer?.startsWith('Bearer ')) assert.equal(jwtClaims(bearer.slice(7)).oid, meganCache.account.object_id, 'every call as Megan');
    }
    // Signing out in Megan's tab leaves Adele's session alone.
    const adeleBefore = await cacheOf(adele);
    await megan.locator('#sign-out').click();
    await megan.locator('#sign-in').waitFor(WAIT);
    assert.deepEqual((await sessionKeys(megan)).filter((k) => k.startsWith('syncsetup.tokens.')), []);
    assert.deepEqual(await cacheOf(adele), adeleBefore, 'Adele\'s cache is untouched');
  });
});

// Without a reload: a link to `<page>#code=…&state=…` opened in the tab that shows the page only
// changes the fragment, so start-up never sees it; the hashchange listener must.
test('an OAuth answer arriving without a reload (fragment change) is cleaned and refused; the wizard carries on', async () => {
  await journey('oauth-hashchange', async ({ page, appUrl }) => {
    const rec = recorder(page);
    const answers = redirects(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#environments').waitFor(WAIT);
    const redeemed = tokenRequests(rec).length;
    await page.goto(answers[0]);
    await page.locator('#problem-what').waitFor(WAIT);
    assert.match(await page.locator('#problem-what').textContent(), /rejected/);
    assert.match(await page.locator('#problem-why').textContent(), /did not start a sign-in/);
    assert.ok(await page.locator('#environments').isVisible(), 'the wizard is still there');
    await page.waitForTimeout(1000);
    assert.equal(tokenRequests(rec).length, redeemed, 'not redeemed');
    assert.ok(!/[#&](code|state)=/.test(page.url()), `the code is in the address bar: ${page.url()}`);
    const history = await historyUrls(page);
    assert.ok(!history.some((u) => /#code=/.test(u)), `a history entry holds the code: ${history.filter((u) => /#code=/.test(u))}`);
    // The wizard still works: choosing an environment reads the tenant with the same session.
    await page.locator('.choose-environment').first().click();
    await page.locator('#review').waitFor(WAIT);
  });
});

test('an OAuth answer arriving without a reload on the landing page is refused and cleaned too', async () => {
  await journey('oauth-hashchange-landing', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await page.goto(`${appUrl}#code=forged-code&state=forged-state`);
    await page.locator('#problem-what').waitFor(WAIT);
    assert.match(await page.locator('#problem-why').textContent(), /did not start a sign-in/);
    assert.equal(page.url(), appUrl);
    assert.ok(!(await historyUrls(page)).some((u) => /forged/.test(u)), 'no history entry keeps it');
    assert.deepEqual(tokenRequests(rec), []);
  });
});

// The landing module has no code to redeem an answer. When the answer its tab awaits arrives as a
// fragment change (the sign-in page was opened elsewhere, and its answer pasted into this tab), it
// goes to the wizard module by a page load, which redeems it exactly once; the code never stays in
// the address bar or the history.
test('an awaited answer arriving without a reload on the landing page is handed to the wizard module and redeemed once', async () => {
  await journey('oauth-hashchange-landing-awaited', async ({ page: tabA, appUrl, context }) => {
    const recA = recorder(tabA);
    // Tab A starts a sign-in, but its navigation to Entra never happens: A stays on the landing
    // page with its pending sign-in.
    let authorizeUrl = null;
    await tabA.route('**/oauth2/v2.0/authorize**', (route) => { authorizeUrl = route.request().url(); return route.abort('aborted'); });
    await tabA.goto(appUrl);
    await tabA.locator('#sign-in').click();
    await tabA.waitForFunction(() => Object.keys(sessionStorage).includes('syncsetup.pending'), null, WAIT);
    await new Promise((resolve) => { const wait = () => (authorizeUrl ? resolve() : setTimeout(wait, 50)); wait(); });
    // The same sign-in completed in tab B, whose page refuses the answer (no sign-in of B's awaits
    // it) and so leaves the code unredeemed.
    const tabB = await context.newPage();
    const answers = redirects(tabB);
    await tabB.goto(authorizeUrl);
    await tabB.locator(`#${DEMO.admin.buttonId}`).click();
    await tabB.locator('#problem-what').waitFor(WAIT);
    assert.equal(answers.length, 1);
    // B's answer reaches A as a fragment change.
    await tabA.evaluate((hash) => { location.hash = hash; }, new URL(answers[0]).hash);
    await tabA.locator('#signed-in').waitFor(WAIT);
    const redemptions = tokenRequests(recA).filter((r) => /grant_type=authorization_code/.test(r.body));
    assert.equal(redemptions.length, 1, 'redeemed once, by tab A');
    assert.equal(tabA.url(), appUrl, 'the answer left the address bar');
    assert.ok(!(await historyUrls(tabA)).some((u) => /[#?&]code=/.test(u)), 'no history entry keeps the code');
    assert.ok(!(await sessionKeys(tabA)).includes('syncsetup.pending'), 'the pending sign-in is spent');
    // The hand-over kept the answer in the fragment: no request carried the code to the host.
    const code = new URLSearchParams(new URL(answers[0]).hash.slice(1)).get('code');
    assert.ok(code && !recA.log.requests.some((r) => r.url.includes(code)), 'no request URL carries the code');
    assert.ok(!recA.log.requests.some((r) => r.headers.referer?.includes(code)), 'no Referer carries the code');
  });
});

// The session ends (Entra's fixed 24 hours for browser apps) while the admin is in the wizard:
// the next token request fails. The page must say so and offer one sign-in — not show a plan of
// "blocked" steps, blame a proxy, or loop through Entra — and the answers must survive it.
for (const trigger of ['choose-environment', 'apply']) {
  test(`a session that ends in the wizard (${trigger}) leads to a clear sign-in prompt, and the wizard carries on after it`, async () => {
    await journey(`oauth-session-end-${trigger}`, async ({ page, appUrl }) => {
      const rec = recorder(page);
      await toSignInPage(page, appUrl);
      await page.locator(`#${DEMO.admin.buttonId}`).click();
      await page.locator('#environments').waitFor(WAIT);
      if (trigger === 'apply') {
        await page.locator('.choose-environment').first().click();
        await page.locator('#review').waitFor(WAIT);
      }
      await control(page, appUrl, 'clock/advance', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 86_401 }),
      });
      const signIns = authorizeNavigations(rec).length;
      await page.locator(trigger === 'apply' ? '#apply' : '.choose-environment').first().click();
      await page.locator('#session-ended').waitFor(WAIT);
      await screenshot(page, `oauth-session-end-${trigger}-prompt`);
      const text = await page.locator('main').innerText();
      assert.match(text, /session has ended/, 'says what happened');
      assert.match(text, /24 hours/, 'says why');
      assert.match(await page.locator('#answers-kept').textContent(), /answers are kept/);
      assert.doesNotMatch(text, /unreadable answer|proxy/, 'does not blame a proxy');
      assert.doesNotMatch(text, /Nothing to do|Blocked/, 'does not show a plan made without the tenant');
      // No loop: nothing leaves for Entra by itself.
      await page.waitForTimeout(3000);
      assert.equal(authorizeNavigations(rec).length, signIns, 'no automatic redirect to Entra');
      // Apply trusts the facts it read a moment ago and goes straight to the create, which Graph
      // refuses (401) for the expired token: nothing may be accepted without a session.
      assert.equal(await countAcceptedWrites(page, appUrl, 'POST', /\/applications$/), 0, 'nothing was written without a session');
      // Only Entra's clock moved so far (its refusal ended the session); the new sign-in's
      // id_token is checked against the browser's clock, which must now agree.
      await page.clock.setFixedTime(Date.now() + 86_401_000);
      await page.locator('#sign-in-again').click();
      await page.waitForURL(/login\.localhost/, WAIT);
      assert.equal(authorizeNavigations(rec).length, signIns + 1);
      await page.locator(`#${DEMO.admin.buttonId}`).click();
      if (trigger === 'apply') {
        // The interrupted run carries on by itself and ends at the new secret.
        await page.locator('#secret').waitFor(LONG);
        assert.equal(await countAcceptedWrites(page, appUrl, 'POST', /\/applications$/), 1, 'the app is created once');
      } else {
        // Back at the plan for the environment chosen before the session ended.
        await page.locator('#review').waitFor(WAIT);
        assert.match(await page.locator('#notice').textContent(), /Signed in again/);
      }
    }, { scenario: 'fresh' });
  });
}

test('config.json failing under an OAuth answer still cleans the answer from the address, then and later', async () => {
  // Security review L3: the wizard module installed its listener and cleaned the address only
  // once config.json had loaded; a failure left code and state in the address bar.
  await journey('oauth-config-failed', async ({ page, appUrl }) => {
    await page.route('**/config.json', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'down' }));
    await page.goto(`${appUrl}#code=abc123&state=s1&session_state=x`);
    await page.locator('#config-problem, #problem-what').first().waitFor(WAIT);
    assert.ok(!/[#&?](code|state)=/.test(page.url()), `the code is still in the address bar: ${page.url()}`);
    await page.evaluate(() => { location.hash = 'code=late456&state=s2'; });
    await page.waitForFunction(() => !/code=/.test(location.href), null, WAIT);
    const history = await historyUrls(page);
    assert.ok(!history.some((u) => /code=/.test(u)), `a history entry holds a code: ${history}`);
  });
});

test('a different admin after "sign in again" gets the plan review, and nothing the first one started runs', async () => {
  // Security review M1: the interrupted Apply resumed under whoever signed in next.
  await journey('oauth-other-account', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await toSignInPage(page, appUrl);
    await page.locator(`#${DEMO.admin.buttonId}`).click();
    await page.locator('#environments').waitFor(WAIT);
    await page.locator('.choose-environment').first().click();
    await page.locator('#review').waitFor(WAIT);
    await control(page, appUrl, 'clock/advance', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 86_401 }),
    });
    await page.locator('#apply').click();
    await page.locator('#session-ended').waitFor(WAIT);
    await page.clock.setFixedTime(Date.now() + 86_401_000);
    await page.locator('#sign-in-again').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    const authorize = new URL(authorizeNavigations(rec).at(-1).url);
    assert.equal(authorize.searchParams.get('login_hint'), DEMO.admin.upn, 'the same account is offered');
    // Someone else signs in.
    await page.locator(`#${DEMO.user.buttonId}`).click();
    await page.locator('#review').waitFor(WAIT);
    await screenshot(page, 'oauth-other-account-review');
    assert.match(await page.locator('#notice').textContent(), /different account/);
    assert.equal(await page.locator('#applying').count(), 0, 'no run resumed');
    await page.waitForTimeout(1000);
    assert.equal(await countAcceptedWrites(page, appUrl, 'POST', /\/applications$/), 0, 'nothing written for the second admin');
  }, { scenario: 'fresh' });
});

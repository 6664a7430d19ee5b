// Security-suite tests that fail today because of product defects (see the suite's report).
// Kept as the record of two open defects (issue 7); part (b) of the second comment below — the
// "proxy" message during Apply — was fixed in bd8f7c4, the wizard's missing sign-in prompt was not.
// Not run by `make test-e2e` (outside journeys/); run with
//   cd tests/e2e && EMULATOR_BIN=… DIST=… node --test pending/security_defects.test.mjs
// and move each into journeys/security_oauth.test.mjs once its defect is fixed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, control, journey } from '../support/harness.mjs';
import { WAIT, authorizeNavigations, historyUrls, recorder, tokenRequests } from '../support/security.mjs';

async function signedIn(page, appUrl) {
  await page.goto(appUrl);
  await page.locator('#sign-in').click();
  await page.waitForURL(/login\.localhost/, WAIT);
  const answers = [];
  page.on('response', (r) => { const l = r.headers().location; if (l && /#code=/.test(l)) answers.push(l); });
  await page.locator(`#${DEMO.admin.buttonId}`).click();
  await page.locator('#environments').waitFor(WAIT);
  return answers;
}

// Defect 1: the callback is read only at start-up (src/session.rs `start`), so an answer that
// arrives as a same-document navigation (a link to `<page>#code=…&state=…` opened in the tab
// that already shows the page: only the fragment changes, the page does not reload) is neither
// refused nor cleaned: the code and state stay in the address bar and in a history entry.
test('an OAuth answer arriving without a reload (fragment change) is cleaned from the address bar', async () => {
  await journey('defect-hashchange', async ({ page, appUrl }) => {
    const rec = recorder(page);
    const answers = await signedIn(page, appUrl);
    const redeemed = tokenRequests(rec).length;
    await page.goto(answers[0]);
    await page.waitForTimeout(2000);
    assert.equal(tokenRequests(rec).length, redeemed, 'not redeemed');
    assert.ok(!/[#&](code|state)=/.test(page.url()), `the code is in the address bar: ${page.url()}`);
    const history = await historyUrls(page);
    assert.ok(!history.some((u) => /#code=/.test(u)), `a history entry holds the code: ${history.filter((u) => /#code=/.test(u))}`);
  });
});

// Defect 2: when the 24-hour session ends while the wizard is open, the next token request fails
// and (a) the environment/plan screens show every step "Blocked: Your sign-in session has ended"
// under "Nothing to do: every step that can be done is done." with no control that signs in
// again; (b) an Apply run stops with "Microsoft Graph gave an unreadable answer … a proxy may
// have intercepted it" (engine/apply.rs `graph_call_with` turns the AuthError into
// GraphError::Unexpected { status: 401 }).
for (const trigger of ['choose-environment', 'apply']) {
  test(`a session that ends in the wizard (${trigger}) leads to a clear sign-in prompt`, async () => {
    await journey(`defect-session-end-${trigger}`, async ({ page, appUrl }) => {
      const rec = recorder(page);
      await signedIn(page, appUrl);
      if (trigger === 'apply') {
        await page.locator('.choose-environment').first().click();
        await page.locator('#review').waitFor(WAIT);
      }
      await control(page, appUrl, 'clock/advance', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 86_401 }),
      });
      await page.locator(trigger === 'apply' ? '#apply' : '.choose-environment').first().click();
      await page.waitForTimeout(5000);
      const text = await page.locator('main').innerText();
      assert.match(text, /session has ended/, 'says why');
      assert.doesNotMatch(text, /unreadable answer|proxy/, 'does not blame a proxy');
      assert.doesNotMatch(text, /Nothing to do/, 'does not claim that all is done');
      const again = page.locator('#sign-in, #retry, #sign-in-again').first();
      assert.ok(await again.isVisible(), 'a button that signs in again');
      const before = authorizeNavigations(rec).length;
      await again.click();
      await page.waitForURL(/login\.localhost/, WAIT);
      assert.equal(authorizeNavigations(rec).length, before + 1);
    }, { scenario: 'fresh' });
  });
}

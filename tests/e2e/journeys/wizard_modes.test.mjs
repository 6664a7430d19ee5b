// Journeys beyond the recommended path: the legacy client-app mode on a federated tenant (a
// licensed sync user, the HRD policy through incremental consent), and a tenant whose
// app-management policy caps secret lifetimes. Every screen is saved under target/e2e/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, control, journey, screenshot } from '../support/harness.mjs';
import { LONG, WAIT, clickCounter, countWrites, realProblems, signIn, watchCsp } from '../support/steps.mjs';

test('federated tenant, client-app mode: pick the sync user, consent to the HRD permission when asked, carry on', async () => {
  await journey('client-app-federated', async ({ page, appUrl, problems }) => {
    const violations = await watchCsp(page);
    const authorizeScopes = [];
    page.on('request', (r) => {
      const scope = /\/oauth2\/v2\.0\/authorize/.test(r.url()) && new URL(r.url()).searchParams.get('scope');
      if (scope) authorizeScopes.push(scope);
    });
    const clicks = clickCounter(page);
    await signIn(page, appUrl, clicks, {
      shots: 'client-app',
      // The landing page offers both modes; server-to-server is the default.
      before: async () => {
        assert.ok(await page.locator('#landing-connection-s2s').isChecked());
        await page.locator('#landing-connection-client-app').check();
      },
    });
    await page.locator('#environments').waitFor(WAIT);
    await clicks.click('.choose-environment');
    await page.locator('#review').waitFor(WAIT);
    assert.ok(await page.locator('#connection-client-app').isChecked(), 'the landing choice carried through sign-in');
    assert.equal(await page.locator('#app-user-email').count(), 0, 'no application user in this mode');
    // The picker lists licensed, interactive people only (no SYSTEM, no application users).
    const syncUser = page.locator('#sync-users label', { hasText: 'sync@contoso-fed.com' });
    await syncUser.waitFor(WAIT);
    const listed = await page.locator('#sync-users label').allTextContents();
    assert.ok(!listed.some((l) => /SYSTEM|INTEGRATION/.test(l)), listed.join(' | '));
    assert.match(await page.locator('#mfa-warning').textContent(), /multi-factor/);
    await screenshot(page, 'client-app-04-review');
    await syncUser.click();
    await page.locator('#sync-user-language', { hasText: 'is English' }).waitFor(WAIT);
    assert.match(await page.locator('#step-home-realm-discovery .badge').textContent(), /To do/);
    await page.locator('#apply:enabled').waitFor(WAIT);
    await screenshot(page, 'client-app-05-user-picked');

    // The first run stops at the HRD step: this sign-in lacks Policy.ReadWrite.ApplicationConfiguration.
    await clicks.click('#apply');
    await page.locator('#secret').waitFor(LONG);
    await screenshot(page, 'client-app-06-secret');
    await page.locator('#secret-stored').click();
    await page.locator('#hrd-consent').waitFor(LONG);
    assert.match(await page.locator('#problem-what').textContent(), /needs one more permission/);
    await screenshot(page, 'client-app-07-needs-permission');
    assert.equal(await countWrites(page, appUrl, 'POST', /homeRealmDiscoveryPolicies$/), 0);

    // Signing in again asks for that permission, and the run carries on by itself.
    await clicks.click('#hrd-consent');
    await page.waitForURL(/login\.localhost/, WAIT);
    await clicks.click(`#${DEMO.admin.buttonId}`);
    assert.ok(!authorizeScopes[0].includes('Policy.ReadWrite.ApplicationConfiguration'), 'not asked for up front');
    assert.ok(authorizeScopes[1].includes('Policy.ReadWrite.ApplicationConfiguration'), authorizeScopes[1]);
    // No click needed: the run carries on by itself (its "signed in again" notice shows while it
    // runs, which can be too brief to catch).
    const clicksBefore = clicks.count;
    await page.locator('#applying, #hand-off, #checks').first().waitFor(LONG);
    await screenshot(page, 'client-app-08-resumed');
    await page.locator('#hand-off, #checks').first().waitFor(LONG);
    assert.equal(clicks.count, clicksBefore);
    if (await page.locator('#checks').count()) {
      await screenshot(page, 'client-app-09-checks');
      await page.locator('#to-hand-off').click();
    }
    await page.locator('#hand-off').waitFor(WAIT);
    await screenshot(page, 'client-app-10-hand-off');
    assert.equal(await page.locator('#handoff-username').textContent(), 'sync@contoso-fed.com');
    assert.ok(await page.locator('#password-note').isVisible());
    assert.equal(await countWrites(page, appUrl, 'POST', /\/policies\/homeRealmDiscoveryPolicies$/), 1, 'one HRD policy');
    assert.equal(await countWrites(page, appUrl, 'POST', /\/homeRealmDiscoveryPolicies\/\$ref$/), 1, 'assigned once');
    assert.equal(await countWrites(page, appUrl, 'POST', /\/systemusers$/), 0, 'no application user in client-app mode');
    assert.equal(await countWrites(page, appUrl, 'POST', /\/v1\.0\/applications$/), 1, 'one app registration');
    // The picked user holds the Marketo Sync User role, and Marketo Config names it.
    const org = await control(page, appUrl, 'dataverse/contoso');
    const holders = org.roleHolders['Marketo Sync User'].filter((h) => h.fullname === 'Dynamics Sync');
    assert.equal(holders.length, 1, JSON.stringify(org.roleHolders['Marketo Sync User']));
    assert.ok(org.marketo.configRecords.some((r) => r.marketoUser === holders[0].systemuserid));
    assert.deepEqual(violations, []);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'federated' });
});

test('strict policy: the lifetime field stops at the policy limit and says why; a shorter secret is made', async () => {
  await journey('strict-policy', async ({ page, appUrl, problems }) => {
    const clicks = clickCounter(page);
    await signIn(page, appUrl, clicks);
    await page.locator('#environments').waitFor(WAIT);
    await clicks.click('.choose-environment');
    await page.locator('#review').waitFor(WAIT);
    const field = page.locator('#secret-lifetime');
    assert.equal(await field.inputValue(), '180', 'the default already fits the policy');
    assert.equal(await field.getAttribute('max'), '180');
    assert.match(await page.locator('#secret-lifetime-hint').textContent(), /180 days: your tenant's app-management policy/);
    await field.fill('365');
    await page.locator('#secret-lifetime-error').waitFor(WAIT);
    assert.match(await page.locator('#secret-lifetime-error').textContent(), /between 1 and 180 days/);
    assert.ok(await page.locator('#apply').isDisabled());
    await screenshot(page, 'strict-policy-04-too-long');
    await field.fill('90');
    await page.locator('#secret-lifetime-error').waitFor({ state: 'detached', ...WAIT });
    assert.ok(await page.locator('#apply').isEnabled());
    // The e-mail follows the same rules as every other input, as it is typed.
    const email = page.locator('#app-user-email');
    const proposed = await email.inputValue();
    await email.fill('marketo sync@contoso.com');
    await page.locator('#app-user-email-error').waitFor(WAIT);
    assert.equal(await page.locator('#app-user-email-error').textContent(), 'Enter an e-mail address like marketo.sync@contoso.com.');
    assert.ok(await page.locator('#apply').isDisabled());
    await email.fill(proposed);
    await page.locator('#app-user-email-error').waitFor({ state: 'detached', ...WAIT });
    assert.ok(await page.locator('#apply').isEnabled());
    await screenshot(page, 'strict-policy-05-ninety-days');
    await clicks.click('#apply');
    await page.locator('#secret').waitFor(LONG);
    await screenshot(page, 'strict-policy-06-secret');
    // Valid until 90 days from the emulator's today.
    const now = (await control(page, appUrl, 'clock')).now;
    const until = await page.locator('#secret-valid-until').textContent();
    const expected = new Date((now + 90 * 86400) * 1000);
    const month = expected.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    assert.ok(until.includes(`${expected.getUTCDate()} ${month} ${expected.getUTCFullYear()}`), `${until} vs ${expected.toISOString()}`);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'strict-policy' });
});

test('a reload inside Entra ID replication lag waits for the app this tab created instead of creating a second one', async () => {
  await journey('reload-replication-lag', async ({ page, appUrl, problems }) => {
    const clicks = clickCounter(page);
    await signIn(page, appUrl, clicks);
    await page.locator('#environments').waitFor(WAIT);
    await clicks.click('.choose-environment');
    await page.locator('#review').waitFor(WAIT);
    // New applications stay invisible to reads for a while, as right after a create in Entra ID.
    await control(page, appUrl, 'settings', {
      method: 'PATCH', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replicationLagSecs: 12 }),
    });
    await clicks.click('#apply');
    await page.locator('#run-app-registration.state-done').waitFor(WAIT);
    // The created app's id is remembered the moment the engine reports it.
    const progress = await page.evaluate(() => JSON.parse(sessionStorage.getItem('syncsetup.progress')));
    assert.ok(progress.awaitingAppId && progress.appId === progress.awaitingAppId, JSON.stringify(progress));
    await page.reload();
    await page.locator('#starting', { hasText: 'Waiting for the new app' }).waitFor(WAIT);
    await screenshot(page, 'reload-lag-03-waiting');
    await page.locator('#secret, #applying').first().waitFor(LONG);
    await screenshot(page, 'reload-lag-04-resumed');
    await page.locator('#secret').waitFor(LONG);
    await page.locator('#secret-stored').click();
    await page.locator('#hand-off, #checks').first().waitFor(LONG);
    assert.equal(await countWrites(page, appUrl, 'POST', /\/v1\.0\/applications$/), 1, 'one app registration');
    assert.equal(await countWrites(page, appUrl, 'POST', /\/v1\.0\/servicePrincipals$/) >= 1, true);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

// The pre-flight checks catch, before anything is typed into Marketo, what Marketo's own Validate
// Sync cannot (issue 15): one emulated tenant per failure, each shown on the checks screen with
// its verdict (`data-verdict`) and its fix, in the page's real "Validate an existing setup" flow.
// The environment kind also shows on the picker, before the irreversible choice. The host flow
// tests (crates/syncsetup-emulator/tests/engine.rs) prove that each check predicts what Entra or
// Dataverse then answers Marketo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, screenshot } from '../support/harness.mjs';
import { LONG, WAIT, clickCounter, realProblems, signIn } from '../support/steps.mjs';

/** Signs in to validate, picks the first environment and waits for the checks screen. */
async function validate(page, appUrl) {
  await signIn(page, appUrl, clickCounter(page), { button: '#validate' });
  await page.locator('#environments').waitFor(WAIT);
  await page.locator('.choose-environment').first().click();
  await page.locator('#checks').waitFor(LONG);
}

/** The row of check `id`: its verdict and text. */
async function row(page, id) {
  const li = page.locator(`[data-check="${id}"]`);
  await li.waitFor(WAIT);
  return { verdict: await li.getAttribute('data-verdict'), text: await li.textContent() };
}

const CASES = [
  // scenario, check, verdict, what the row must say (found and fix)
  ['sandbox-env', 'environment-kind', 'warn', /sandbox.*does not support refreshing it.*Marketo sandbox subscription/s],
  ['trial-env', 'environment-kind', 'warn', /trial that expires on .*production environment/s],
  ['ip-firewall', 'ip-firewall', 'fail', /blocks these Marketo outbound ranges: 94\.236\.119\.0\/26.*Allow access for all application users/s],
  ['sp-disabled', 'enterprise-app', 'fail', /disabled.*AADSTS7000112.*Enabled for users to sign-in\?/s],
  ['conditional-access', 'sign-in-policies', 'fail', /Block workload identities outside trusted locations.*Exclude the Marketo app's service principal/s],
  ['missing-privilege', 'sync-user-privileges', 'fail', /lacks these privileges: prvWriteContact.*Marketo Sync User role/s],
];

for (const [scenario, check, verdict, says] of CASES) {
  test(`${scenario}: the check "${check}" says ${verdict} with its fix`, async () => {
    await journey(`preflight-${scenario}`, async ({ page, appUrl, problems }) => {
      await validate(page, appUrl);
      const found = await row(page, check);
      await screenshot(page, `preflight-${scenario}`);
      assert.equal(found.verdict, verdict, found.text);
      assert.match(found.text, says);
      assert.deepEqual(realProblems(problems), []);
    }, { scenario });
  });
}

test('the environment picker shows what kind each environment is before the choice', async () => {
  await journey('preflight-picker-kind', async ({ page, appUrl, problems }) => {
    await signIn(page, appUrl, clickCounter(page), { button: '#validate' });
    await page.locator('#environments').waitFor(WAIT);
    const env = page.locator('#environments tbody tr').first();
    assert.equal(await env.getAttribute('data-verdict'), 'warn');
    assert.match(await env.locator('.kind').textContent(), /Sandbox/);
    assert.match(await page.locator('.kind-note').textContent(), /Contoso Sales: Contoso Sales is a sandbox\. Marketo does not support refreshing it/);
    await screenshot(page, 'preflight-picker-kind');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'sandbox-env' });
});

test('an e-mail someone already has is refused by the form and the plan, and another one is looked up first', async () => {
  await journey('preflight-duplicate-username', async ({ page, appUrl, problems }) => {
    await signIn(page, appUrl, clickCounter(page));
    await page.locator('#environments').waitFor(WAIT);
    await page.locator('.choose-environment').first().click();
    await page.locator('#review').waitFor(WAIT);
    const email = page.locator('#app-user-email');
    assert.equal(await email.inputValue(), 'marketo.sync@contoso.onmicrosoft.com');
    await page.locator('#app-user-email-error').waitFor(WAIT);
    assert.match(await page.locator('#app-user-email-error').textContent(), /Another user already has this e-mail/);
    assert.match(await page.locator('#step-application-user').textContent(), /already the e-mail of Marketo Sync \(old\)/);
    assert.ok(await page.locator('#apply').isDisabled());
    await screenshot(page, 'preflight-duplicate-01-refused');
    // Another address: accepted as typed, looked up by the next read before anything is created.
    await email.fill('marketo.s2s@contoso.onmicrosoft.com');
    await page.locator('#app-user-email-error').waitFor({ state: 'detached', ...WAIT });
    await page.locator('#email-unchecked').waitFor(WAIT);
    assert.ok(await page.locator('#apply').isDisabled());
    await page.locator('#refresh').click();
    await page.locator('#email-unchecked').waitFor({ state: 'detached', ...LONG });
    await page.locator('#apply:not([disabled])').waitFor(WAIT);
    await screenshot(page, 'preflight-duplicate-02-accepted');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'duplicate-username' });
});

test('assignment-required: a client-app sync user not assigned to the enterprise application fails with its fix', async () => {
  await journey('preflight-assignment-required', async ({ page, appUrl, problems }) => {
    await signIn(page, appUrl, clickCounter(page), {
      before: async () => { await page.locator('#landing-connection-client-app').check(); },
    });
    await page.locator('#environments').waitFor(WAIT);
    await page.locator('.choose-environment').first().click();
    await page.locator('#review').waitFor(WAIT);
    const syncUser = page.locator('#sync-users label', { hasText: 'sync.user@contoso.onmicrosoft.com' });
    await syncUser.waitFor(WAIT);
    await syncUser.click();
    await page.locator('#sync-user-language', { hasText: 'is English' }).waitFor(WAIT);
    await page.locator('#run-checks').click();
    await page.locator('#checks').waitFor(LONG);
    const found = await row(page, 'enterprise-app');
    await screenshot(page, 'preflight-assignment-required');
    assert.equal(found.verdict, 'fail', found.text);
    assert.match(found.text, /requires assignment.*Marketo Sync is not assigned.*AADSTS50105.*Users and groups/s);
    // The same sync user is otherwise one a password sign-in can use.
    assert.equal((await row(page, 'sync-user-sign-in')).verdict, 'pass');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'assignment-required' });
});

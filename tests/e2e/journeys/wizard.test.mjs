// Journeys of the wizard: fresh setup to the hand-off sheet, validate-only, a blocked admin,
// a reload during Apply, and the Dutch landing page. Every screen is saved under target/e2e/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, control, journey, screenshot } from '../support/harness.mjs';

const WAIT = { timeout: 30_000 };

/** Page errors and console errors, minus the browser's own line for each 404 the engine's
 *  find-or-create reads expect (a missing app, column or record is an answer, not a fault). */
function realProblems(problems) {
  return problems.filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p));
}

/** Counts the admin's clicks; every click of a journey goes through here. */
function clickCounter(page) {
  const counter = {
    count: 0,
    async click(selector) {
      counter.count += 1;
      await page.locator(selector).first().click();
    },
  };
  return counter;
}

/** Landing → Microsoft sign-in page → signed in as Adele (two clicks). */
async function signIn(page, appUrl, clicks, shots = null, button = '#sign-in') {
  await page.goto(appUrl);
  await page.locator(button).waitFor(WAIT);
  if (shots) await screenshot(page, `${shots}-01-landing`);
  await clicks.click(button);
  await page.waitForURL(/login\.localhost/, WAIT);
  if (shots) await screenshot(page, `${shots}-02-sign-in-page`);
  await clicks.click(`#${DEMO.admin.buttonId}`);
}

test('fresh tenant: landing to hand-off sheet in at most 5 clicks, with the real values', async () => {
  await journey('fresh-hand-off', async ({ page, context, appUrl, problems }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appUrl).origin });
    const clicks = clickCounter(page);
    const requests = [];
    page.on('request', (r) => { if (r.method() !== 'GET' && r.method() !== 'OPTIONS') requests.push(`${r.method()} ${r.url()}`); });

    await signIn(page, appUrl, clicks, 'fresh');
    await page.locator('#environments').waitFor(WAIT);
    await screenshot(page, 'fresh-03-environments');
    await clicks.click('.choose-environment');

    await page.locator('#review').waitFor(WAIT);
    await screenshot(page, 'fresh-04-review');
    // Every write is previewed before Apply: the Graph steps list their exact requests.
    const previews = await page.locator('#step-app-registration .request').allTextContents();
    assert.ok(previews.some((p) => /POST .*\/v1\.0\/applications/.test(p)), `app registration preview: ${previews}`);
    assert.equal(requests.filter((r) => !/login\.localhost/.test(r)).length, 0, `nothing written before Apply: ${requests}`);
    assert.ok(await page.locator('#apply').isEnabled(), 'Apply is ready without typing anything');

    await clicks.click('#apply');
    await page.locator('#applying, #secret').first().waitFor(WAIT);
    await screenshot(page, 'fresh-05-applying');
    await page.locator('#secret').waitFor({ timeout: 120_000 });
    await screenshot(page, 'fresh-06-secret');
    assert.match(await page.locator('#secret-value').textContent(), /^•+$/, 'masked by default');
    assert.match(await page.locator('#secret-warning').textContent(), /Shown once/);
    // Reveal and copy are optional, so they are not counted.
    await page.locator('#reveal').click();
    const secret = (await page.locator('#secret-value').textContent()).trim();
    assert.ok(secret.length >= 16 && !secret.includes('•'), 'revealed');
    await page.locator('#copy-secret').click();
    await page.locator('#copy-secret', { hasText: 'Copied' }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    assert.ok(!stored.includes(secret), 'the secret is in no storage');

    await clicks.click('#secret-stored');
    await page.locator('#hand-off').waitFor({ timeout: 60_000 });
    await screenshot(page, 'fresh-07-hand-off');
    assert.ok(clicks.count <= 5, `landing to hand-off took ${clicks.count} clicks`);
    console.log(`clicks from landing to hand-off: ${clicks.count}`);

    // The hand-off shows what the emulator now holds: the application user Dataverse has is the
    // one for the Client ID shown, with the Username shown, and it is Marketo Config's user.
    const org = await control(page, appUrl, 'dataverse/contoso');
    assert.equal(org.applicationUsers.length, 1, JSON.stringify(org.applicationUsers));
    const appUser = org.applicationUsers[0];
    assert.equal(await page.locator('#handoff-client-id').textContent(), appUser.applicationid);
    assert.equal(await page.locator('#handoff-username').textContent(), appUser.internalemailaddress);
    assert.ok(org.marketo.configRecords.some((r) => r.marketoUser === appUser.systemuserid), 'Marketo Config points at the app user');
    const journal = await control(page, appUrl, 'journal?method=POST&host=graph');
    assert.equal(journal.filter((e) => /\/v1\.0\/applications$/.test(e.path)).length, 1, 'one app registration created');
    assert.equal(await page.locator('#handoff-tenant-id').textContent(), DEMO.tenantId);
    assert.match(await page.locator('#handoff-org-url').textContent(), /^http:\/\/contoso\.crm\.localhost:\d+\/?$/);
    assert.match(await page.locator('#handoff-username').textContent(), /@/);
    assert.match(await page.locator('#org-url-warning').textContent(), /never be changed/);
    assert.equal(await page.locator('#marketo-steps li').count(), 8);
    // Leaving the hand-off drops the secret from memory.
    await page.locator('#back-to-plan').click();
    await page.locator('#review').waitFor(WAIT);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

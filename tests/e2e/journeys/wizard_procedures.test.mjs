// The hand-off gives Marketo's procedure for the admin's real situation (issue 15): a first
// connection on a fresh tenant (wizard.test.mjs), a switch of a running ROPC sync to
// server-to-server, and new credentials for a server-to-server sync that already runs — decided
// by the tenant where it can tell, by one question where it cannot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, screenshot } from '../support/harness.mjs';
import { LONG, WAIT, clickCounter, realProblems, signIn } from '../support/steps.mjs';

/** Signs in (setup or validate), picks the environment and waits for the plan or the checks. */
async function openEnvironment(page, appUrl, button = '#sign-in') {
  await signIn(page, appUrl, clickCounter(page), { button });
  await page.locator('#environments').waitFor(WAIT);
  await page.locator('.choose-environment').first().click();
  await page.locator(button === '#validate' ? '#checks' : '#review').waitFor(WAIT);
}

/** Applies the plan on screen and goes through the secret screen to the hand-off sheet (past
 *  the checks screen, when a check the plan left to the admin fails). */
async function applyToHandOff(page) {
  await page.locator('#apply').click();
  await page.locator('#secret').waitFor(LONG);
  await page.locator('#secret-stored').click();
  await page.locator('#hand-off, #checks').first().waitFor(LONG);
  if (await page.locator('#checks').count()) {
    await page.locator('#to-hand-off').click();
    await page.locator('#hand-off').waitFor(WAIT);
  }
}

const procedure = (page) => page.locator('[data-procedure]').getAttribute('data-procedure');
const steps = (page) => page.locator('#marketo-steps li').allTextContents();

test('a sync that runs over ROPC today is switched with Reconfigure New Auth Method, not set up anew', async () => {
  await journey('procedure-migration', async ({ page, appUrl, problems }) => {
    await openEnvironment(page, appUrl);
    await applyToHandOff(page);
    await screenshot(page, 'procedure-migration-01-hand-off');
    // Marketo Config named a licensed person before the run: Marketo syncs as that person now.
    assert.equal(await procedure(page), 'migration');
    assert.match(await page.locator('#migration-note').textContent(), /licensed person.*Marketo Support/s);
    const list = await steps(page);
    assert.equal(list.length, 5, list.join(' | '));
    assert.match(list[0], /Disable Sync/);
    assert.match(list[1], /Reconfigure New Auth Method/);
    assert.match(list[2], /Validate/);
    assert.match(list[3], /Switch.*Confirm.*OK/);
    assert.match(list[4], /15 minutes.*Enable Sync/);
    assert.match(await page.locator('#marketo-procedure-source').getAttribute('href'), /reconfigure-dynamics-authentication-method\.html$/);
    assert.equal(await page.locator('#marketo-procedure-question').count(), 0);

    // The running sync keeps its user: Marketo User and the old user's role wait for Marketo.
    assert.equal(await page.locator('#migration-switched').count(), 0, 'nothing to confirm before Disable Sync');
    await page.locator('#migration-sync-disabled').click();
    await page.locator('#review').waitFor(WAIT);
    assert.match(await page.locator('#step-marketo-config-user').textContent(), /To do/);
    assert.match(await page.locator('#step-other-role-holders').textContent(), /Marketo Sync keep the Marketo Sync User role until Marketo has switched/);
    await screenshot(page, 'procedure-migration-02-sync-disabled');
    await page.locator('#apply').click();
    await page.locator('#hand-off, #checks').first().waitFor(LONG);
    if (await page.locator('#checks').count()) {
      await page.locator('#to-hand-off').click();
      await page.locator('#hand-off').waitFor(WAIT);
    }
    assert.equal(await page.locator('#migration-sync-disabled').count(), 0);
    assert.match(await page.locator('#migration-role-kept').textContent(), /keeps the Marketo Sync User role/);
    await page.locator('#migration-switched').click();
    await page.locator('#review').waitFor(WAIT);
    assert.match(await page.locator('#step-marketo-config-user').textContent(), /Done/);
    await page.locator('#remove-other-role-holders').check();
    assert.match(await page.locator('#step-other-role-holders').textContent(), /Remove the Marketo Sync User role from Marketo Sync/);
    await page.locator('#apply').click();
    await page.locator('#hand-off, #checks').first().waitFor(LONG);
    await screenshot(page, 'procedure-migration-03-switched');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'ropc-migration' });
});

test('a server-to-server setup found complete asks whether Marketo syncs; "yes" and a rotation give the new-credentials steps', async () => {
  await journey('procedure-new-credentials', async ({ page, context, appUrl, problems }) => {
    // The first visit sets the tenant up: a first connection.
    await openEnvironment(page, appUrl);
    await applyToHandOff(page);
    assert.equal(await procedure(page), 'first-connection');

    // A later visit, in a new tab of its own, finds the tool's application user as Marketo User:
    // the tenant cannot tell whether Marketo connected with it since, so the sheet asks.
    const later = await context.browser().newContext();
    try {
      const tab = await later.newPage();
      tab.on('pageerror', (e) => problems.push(`pageerror (second tab): ${e.message}`));
      await openEnvironment(tab, appUrl, '#validate');
      await tab.locator('#to-hand-off').click();
      await tab.locator('#hand-off').waitFor(WAIT);
      const question = tab.locator('#marketo-procedure-question');
      await question.waitFor(WAIT);
      await screenshot(tab, 'procedure-new-credentials-01-question');
      assert.match(await question.textContent(), /Is Marketo already syncing with this Dynamics environment\?/);
      assert.equal(await tab.locator('[data-procedure]').count(), 0, 'no steps until answered');
      await tab.locator('#marketo-syncing-yes').click();
      await tab.locator('[data-procedure="new-credentials"]').waitFor(WAIT);
      await screenshot(tab, 'procedure-new-credentials-02-steps');
      const list = await steps(tab);
      assert.match(list[0], /Disable Sync/);
      assert.match(list.at(-1), /Enable Sync/);
      // The answer survives a reload (which validates again), and can be changed.
      await tab.reload();
      await tab.locator('#to-hand-off').click(LONG);
      await tab.locator('[data-procedure="new-credentials"]').waitFor(WAIT);
      await tab.locator('#marketo-syncing-change').click();
      await question.waitFor(WAIT);
      await tab.locator('#marketo-syncing-no').click();
      assert.equal(await procedure(tab), 'first-connection');
    } finally {
      await later.close();
    }

    // Rotating the secret of the running sync: Marketo's steps for new credentials.
    await page.locator('#rotate-secret').click();
    await page.locator('#add-secret').click();
    await page.locator('#confirm-rotation').waitFor(LONG);
    const rotation = page.locator('#rotate-in-marketo [data-procedure]');
    assert.equal(await rotation.getAttribute('data-procedure'), 'new-credentials');
    assert.match((await page.locator('#rotate-in-marketo li').allTextContents())[0], /Disable Sync/);
    await screenshot(page, 'procedure-new-credentials-03-rotation');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

test('a running server-to-server sync (connected) needs nothing, and rotating its secret gives the new-credentials steps', async () => {
  await journey('procedure-connected-rotation', async ({ page, appUrl, problems }) => {
    await openEnvironment(page, appUrl);
    await page.locator('#nothing-to-do').waitFor(WAIT);
    await page.locator('#rotate-secret').click();
    await page.locator('#add-secret').click();
    await page.locator('#confirm-rotation').waitFor(LONG);
    const rotation = page.locator('#rotate-in-marketo [data-procedure]');
    assert.equal(await rotation.getAttribute('data-procedure'), 'new-credentials');
    const list = await page.locator('#rotate-in-marketo li').allTextContents();
    assert.match(list[0], /Disable Sync/);
    assert.match(list.at(-1), /Enable Sync/);
    await screenshot(page, 'procedure-connected-rotation');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'connected' });
});

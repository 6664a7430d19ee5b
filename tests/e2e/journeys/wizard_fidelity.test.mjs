// Journeys of real-cloud fidelity (issue 14): what a new admin does that only the strict
// emulator catches. An app registration's name with URL-special characters must be stored, found
// again by name, and leave nothing to do (real-cloud audit F8: `&` split the Graph query, `#`
// started a fragment, and every Graph step was "Blocked … give the details to Microsoft support"
// while the action bar said "Nothing to do").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { control, journey, screenshot } from '../support/harness.mjs';
import { LONG, WAIT, clickCounter, realProblems, signIn, storeSecretAndHandOff } from '../support/steps.mjs';

const NAME = 'Marketo & D365 #1 + test';

/** Signs in, picks the first environment, types the app registration's name. */
async function reviewWithName(page, appUrl) {
  await signIn(page, appUrl, clickCounter(page));
  await page.locator('#environments').waitFor(WAIT);
  await page.locator('.choose-environment').first().click();
  await page.locator('#review').waitFor(WAIT);
  await page.locator('#app-name').fill(NAME);
  await page.locator('#app-name').blur();
  // A new name is a new lookup: the page asks to read the tenant again before Apply.
  await page.locator('#stale').waitFor(WAIT);
  await page.locator('#refresh').click();
  await page.locator('#stale').waitFor({ state: 'detached', ...WAIT });
  await page.locator('#review').waitFor(WAIT);
}

test('an app name with & # + is registered, found again by name, and leaves nothing to do', async () => {
  await journey('fidelity-app-name', async ({ page, appUrl, problems }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    assert.equal(await page.locator('#shared-origin').count(), 0, 'at the root of its own origin: no warning');
    await reviewWithName(page, appUrl);
    const preview = (await page.locator('#step-app-registration .request').allTextContents()).join('\n');
    assert.ok(preview.includes(`"displayName": "${NAME}"`), `the create carries the name as typed: ${preview}`);
    await page.locator('#apply').click();
    await storeSecretAndHandOff(page);
    await screenshot(page, 'fidelity-app-name-01-hand-off');

    // A new tab's way in: no remembered app id, so the app is looked up by its name.
    await page.evaluate(() => sessionStorage.clear());
    await reviewWithName(page, appUrl);
    await page.locator('#step-app-registration .badge.done').waitFor(LONG);
    await screenshot(page, 'fidelity-app-name-02-found-again');
    assert.equal(await page.locator('#nothing-to-do').count(), 1, 'one app found, nothing left to do');
    assert.equal(await page.locator('.step:has(.badge.blocked)').count(), 0, 'no step blocked');

    const graph = await control(page, appUrl, 'journal?host=graph');
    const created = graph.filter((e) => e.method === 'POST' && /\/v1\.0\/applications$/.test(e.path));
    assert.equal(created.length, 1, 'one app registration, never a duplicate');
    // The journal keeps the query as the emulator decoded it: one $filter with the whole name.
    const byName = graph.filter((e) => e.method === 'GET' && /\/v1\.0\/applications$/.test(e.path)
      && new URLSearchParams(e.query).get('$filter') === `displayName eq '${NAME}'`);
    assert.ok(byName.length >= 1, `the app was looked up by its whole name: ${JSON.stringify(graph.map((e) => e.query))}`);
    assert.ok(byName.every((e) => e.status === 200), `every lookup by name answered 200: ${JSON.stringify(byName)}`);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

test('the sync filter column is created on a tenant whose default publisher prefix is not new', async () => {
  // F10: ticking the filter stopped the run with Dataverse's 400 (the column went to the default
  // solution, whose publisher's prefix is the org's own). It goes into the unmanaged solution of
  // the `new` publisher, naming it inside a $batch part, since no preflight allows the header.
  await journey('fidelity-sync-filter', async ({ page, appUrl, problems }) => {
    await signIn(page, appUrl, clickCounter(page));
    await page.locator('#environments').waitFor(WAIT);
    await page.locator('.choose-environment').first().click();
    await page.locator('#review').waitFor(WAIT);
    for (const table of ['lead', 'contact']) await page.locator(`#sync-filter-${table}`).check();
    if (await page.locator('#stale').count()) {
      await page.locator('#refresh').click();
      await page.locator('#stale').waitFor({ state: 'detached', ...WAIT });
    }
    await page.locator('#step-sync-filter .badge.todo').waitFor(WAIT);
    const preview = (await page.locator('#step-sync-filter .request').allTextContents()).join('\n');
    assert.match(preview, /POST .*\/api\/data\/v9\.2\/\$batch/, `the create is previewed as the batch it is: ${preview}`);
    assert.match(preview, /MSCRM\.SolutionUniqueName: ContosoCustomizations/);
    await screenshot(page, 'fidelity-sync-filter-01-review');
    await page.locator('#apply').click();
    await storeSecretAndHandOff(page);
    const org = await control(page, appUrl, 'dataverse/contoso');
    const filters = org.customColumns.filter((c) => c.logicalName === 'new_synctomkto');
    assert.deepEqual(filters.map((c) => c.entity).sort(), ['contact', 'lead'], JSON.stringify(org.customColumns));
    assert.ok(filters.every((c) => c.type === 'Boolean'));
    const crm = (await control(page, appUrl, 'journal')).filter((e) => e.host.startsWith('crm') && e.method === 'POST');
    assert.equal(crm.filter((e) => /\/\$batch$/.test(e.path) && e.status === 200).length, 2, 'one batch per table, each accepted');
    assert.equal(crm.filter((e) => /\/Attributes$/.test(e.path)).length, 0, 'no direct create that the prefix rule refuses');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

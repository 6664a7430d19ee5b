// The whole fresh journey in Dutch: a Dutch browser gets every screen in Dutch (Marketo's own
// labels stay English, as Marketo shows them), with Dutch dates. Every screen is saved, and none
// shows a sentence of the core's English catalog (check findings, plan and engine texts,
// Marketo's page names), read from the catalog's Rust source so a new English text is covered
// the day it is added.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEMO, journey, screenshot } from '../support/harness.mjs';
import { LONG, WAIT, realProblems, watchCsp } from '../support/steps.mjs';

const CORE = new URL('../../../crates/syncsetup-core/src/i18n/', import.meta.url);
const STRING = '"((?:[^"\\\\]|\\\\.)*)"';
// Pieces of English text between values, long enough to be a sentence of its own (shorter ones,
// "Marketo User is", could be a Marketo label the Dutch text keeps on purpose).
const MIN_PIECE = 24;

/** The English pieces of the core's catalog that its Dutch side does not repeat. */
function englishCorePieces() {
  const unescape = (s) => s.replace(/\\(.)/g, '$1');
  const pairs = [];
  const keyed = readFileSync(new URL('core_texts.rs', CORE), 'utf8');
  for (const m of keyed.matchAll(new RegExp(`\\w+ => ${STRING},\\s*${STRING};`, 'g'))) pairs.push([m[1], m[2]]);
  assert.ok(pairs.length > 250, `read ${pairs.length} catalog entries`);
  const dutch = pairs.map(([, nl]) => unescape(nl)).join('\n');
  return [...new Set(pairs.flatMap(([en]) => unescape(en).split(/\{\d*\}/).map((p) => p.trim())))]
    .filter((piece) => piece.length >= MIN_PIECE && !dutch.includes(piece));
}
const ENGLISH = englishCorePieces();
// The list is what it claims: a check's finding, a plan status, an engine error, a page name.
for (const known of ['answers WhoAmI (organization', 'Create a client secret valid for', 'Dataverse could not be reached.', 'Fix Dynamics validation sync issues']) {
  assert.ok(ENGLISH.includes(known), `the English pieces include ${known}`);
}

/** Fails if the visible text of `page` holds any English catalog piece. */
async function noEnglishCoreText(page, screen) {
  const visible = await page.evaluate(() => document.body.innerText);
  const english = ENGLISH.filter((piece) => visible.includes(piece));
  assert.deepEqual(english, [], `English core text on the Dutch ${screen} screen`);
}

const DUTCH_MONTHS = /januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december/;

test('fresh tenant in Dutch: landing to hand-off and the checks, every screen in Dutch', async () => {
  await journey('dutch-full', async ({ page, context, appUrl, problems }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appUrl).origin });
    const violations = await watchCsp(page);
    const title = () => page.locator('#screen-title').textContent();
    const lang = () => page.getAttribute('html', 'lang');

    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    await screenshot(page, 'dutch-full-01-landing');
    await noEnglishCoreText(page, 'landing');
    assert.equal(await lang(), 'nl');
    assert.match(await title(), /Marketo koppelen aan Dynamics 365/);
    assert.match(await page.locator('#landing-connection').textContent(), /Server-naar-server \(aanbevolen\)/);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await screenshot(page, 'dutch-full-02-sign-in-page');
    await page.locator(`#${DEMO.admin.buttonId}`).click();

    await page.locator('#environments').waitFor(WAIT);
    await screenshot(page, 'dutch-full-03-environments');
    await noEnglishCoreText(page, 'environments');
    assert.match(await title(), /Kies de Dynamics 365-omgeving/);
    assert.match(await page.locator('#signed-in').textContent(), /^Aangemeld als/);
    await page.locator('.choose-environment').first().click();

    await page.locator('#review').waitFor(WAIT);
    await screenshot(page, 'dutch-full-04-review');
    await noEnglishCoreText(page, 'review');
    assert.match(await title(), /Controleer het plan/);
    assert.match(await page.locator('#apply').textContent(), /^\d+ stappen toepassen$/);
    assert.match(await page.locator('#step-client-secret .badge').textContent(), /Te doen/);
    // The plan's own sentences are Dutch too, with the values filled in.
    assert.equal(await page.locator('#step-client-secret .step-detail').textContent(), 'Een clientgeheim maken dat 180 dagen geldig is; u ziet het één keer.');
    assert.match(await page.locator('#step-app-registration .step-detail').textContent(), /^De single-tenant app-registratie "Marketo Integration" maken\.$/);
    assert.match(await page.locator('#secret-lifetime-hint').textContent(), /Hoogstens 730 dagen/);
    // A typing slip is named next to its field, in Dutch, as it is typed; Apply waits for the fix.
    const email = page.locator('#app-user-email');
    const proposed = await email.inputValue();
    await email.fill('marketo.sync@contoso');
    await page.locator('#app-user-email-error').waitFor(WAIT);
    assert.equal(await page.locator('#app-user-email-error').textContent(), 'Vul een e-mailadres in zoals marketo.sync@contoso.com.');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#apply').isDisabled());
    await email.fill('');
    await page.locator('#app-user-email-error', { hasText: 'Verplicht.' }).waitFor(WAIT);
    await screenshot(page, 'dutch-full-04b-typing-slip');
    await email.fill(proposed);
    await page.locator('#app-user-email-error').waitFor({ state: 'detached', ...WAIT });
    assert.ok(await page.locator('#apply').isEnabled());
    await page.locator('#apply').click();

    await page.locator('#applying, #secret').first().waitFor(WAIT);
    if (await page.locator('#applying').count()) {
      await screenshot(page, 'dutch-full-05-applying');
      await noEnglishCoreText(page, 'applying');
    }
    await page.locator('#secret').waitFor(LONG);
    await screenshot(page, 'dutch-full-06-secret');
    await noEnglishCoreText(page, 'secret');
    assert.match(await title(), /Uw nieuwe clientgeheim/);
    assert.match(await page.locator('#secret-warning').textContent(), /Wordt maar één keer getoond/);
    assert.match(await page.locator('#secret-valid-until').textContent(), new RegExp(`^Geldig tot \\d+ (${DUTCH_MONTHS.source}) \\d{4}$`));
    assert.equal(await page.locator('#reveal').textContent(), 'Tonen');
    await page.locator('#copy-secret').click();
    await page.locator('#copy-secret', { hasText: 'Gekopieerd' }).waitFor(WAIT);
    await page.locator('#secret-stored', { hasText: 'Ik heb het bewaard' }).click();

    await page.locator('#hand-off').waitFor(LONG);
    await screenshot(page, 'dutch-full-07-hand-off');
    await noEnglishCoreText(page, 'hand-off');
    assert.match(await title(), /Vul dit in bij Marketo/);
    // Marketo's own labels stay as Marketo shows them.
    assert.equal(await page.locator('#handoff-client-id-label').textContent(), 'Client ID');
    assert.match(await page.locator('#org-url-warning').textContent(), /kan nooit meer worden gewijzigd nadat u die in Marketo opslaat/);
    assert.match(await page.locator('#marketo-steps li').first().textContent(), /Controleer de waarden voordat u iets opslaat/);
    assert.match(await page.locator('#hand-off-checks').textContent(), /Controles van Marketo: 7 van 7 geslaagd/);
    assert.match(await page.locator('#download-json').textContent(), /Rapport downloaden/);

    await page.locator('#see-checks').click();
    await page.locator('#checks').waitFor(WAIT);
    await screenshot(page, 'dutch-full-08-checks');
    await noEnglishCoreText(page, 'checks');
    assert.match(await title(), /^Controles$/);
    assert.match(await page.locator('#checks-summary').textContent(), /geslaagd · \d+ aandacht nodig · 0 mislukt/);
    assert.equal(await lang(), 'nl');
    assert.deepEqual(violations, []);
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh', locale: 'nl-NL' });
});

test('a failed sign-in is explained in Dutch', async () => {
  await journey('dutch-sign-in-cancelled', async ({ page, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').click();
    await page.waitForURL(/login\.localhost/, WAIT);
    await page.locator('#cancel').click();
    await page.locator('#problem-what').waitFor(WAIT);
    await screenshot(page, 'dutch-sign-in-cancelled');
    await noEnglishCoreText(page, 'sign-in failed');
    // Entra's AADSTS65004: the core's English sentence, shown through its Dutch template.
    assert.equal(await page.locator('#problem-what').textContent(), 'De aanmelding is geannuleerd.');
    assert.match(await page.locator('#problem-fix').textContent(), /^Oplossing: Meld u opnieuw aan/);
  }, { locale: 'nl-NL' });
});

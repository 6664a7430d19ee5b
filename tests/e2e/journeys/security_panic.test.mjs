// The panic screen shows in the real, mounted app (security review M3): Yew's renderer replaced a
// hook set with std::panic::set_hook by its console-only default, so a panic froze the page. The
// build under test is target/dist-panic (feature `test-panic`: a top-bar button whose click
// handler panics, so the panic happens inside Yew with everything mounted); the shipped dist/ has
// no such button, which the last journey checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, journey, screenshot } from '../support/harness.mjs';
import { WAIT, clickCounter, signIn } from '../support/steps.mjs';

const DIST_PANIC = process.env.DIST_PANIC;

/** Clicks the test build's panic button and checks the page's own panic screen. */
async function panicAndSeeTheScreen(page, shot) {
  await page.locator('#test-panic').click();
  const screen = page.locator('#panic');
  await screen.waitFor(WAIT);
  await screenshot(page, shot);
  assert.match(await screen.locator('h2').textContent(), /Something went wrong inside this page/);
  assert.match(await screen.textContent(), /Nothing was changed in your tenant/);
  assert.match(await page.locator('#panic-detail').textContent(), /test-panic: a panic inside the mounted app/);
  const reload = screen.locator('a.button');
  assert.equal(await reload.getAttribute('href'), '', 'the reload is a plain link to the page itself');
  return reload;
}

test('a panic in the mounted landing module shows the panic screen, and its reload link works', async () => {
  assert.ok(DIST_PANIC, 'DIST_PANIC must name the test-panic build (run through make test-e2e)');
  await journey('panic-landing', async ({ page, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const reload = await panicAndSeeTheScreen(page, 'panic-landing-01-screen');
    await reload.click();
    await page.locator('#sign-in').waitFor(WAIT);
    assert.equal(await page.locator('#panic').count(), 0, 'reloaded to a working landing page');
  }, { staticDir: DIST_PANIC });
});

test('a panic in the mounted wizard module shows the panic screen', async () => {
  await journey('panic-wizard', async ({ page, appUrl }) => {
    await signIn(page, appUrl, clickCounter(page));
    await page.locator('#environments').waitFor(WAIT);
    assert.match(await page.locator('#signed-in').textContent(), new RegExp(DEMO.admin.name));
    await panicAndSeeTheScreen(page, 'panic-wizard-01-screen');
  }, { staticDir: DIST_PANIC });
});

test('the shipped build has no panic button', async () => {
  await journey('panic-none-in-release', async ({ page, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    assert.equal(await page.locator('#test-panic').count(), 0);
  });
});

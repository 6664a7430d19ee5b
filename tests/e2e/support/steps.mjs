// Steps shared by the wizard's journeys: signing in, counting clicks, filtering the browser's
// expected noise, watching the Content-Security-Policy, and reading the emulator's journal.
import assert from 'node:assert/strict';
import { DEMO, control, screenshot } from './harness.mjs';

export const WAIT = { timeout: 30_000 };
export const LONG = { timeout: 120_000 };

/** Page errors and console errors, minus the browser's own line for each 404 the engine's
 *  find-or-create reads expect (a missing app, column or record is an answer, not a fault) and
 *  each 400/403 that Entra ID answers while a new object replicates or a permission is missing
 *  (the engine waits those out or explains them). */
export function realProblems(problems) {
  return problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|400|403)/.test(p));
}

/** Counts the admin's clicks; every counted click of a journey goes through here. */
export function clickCounter(page) {
  const counter = {
    count: 0,
    async click(selector) {
      counter.count += 1;
      await page.locator(selector).first().click();
    },
  };
  return counter;
}

/** Landing → Microsoft sign-in page → signed in as `who` (two clicks). */
export async function signIn(page, appUrl, clicks, { shots = null, button = '#sign-in', who = DEMO.admin.buttonId, before = null } = {}) {
  await page.goto(appUrl);
  await page.locator(button).waitFor(WAIT);
  if (before) await before();
  if (shots) await screenshot(page, `${shots}-01-landing`);
  await clicks.click(button);
  await page.waitForURL(/login\.localhost/, WAIT);
  if (shots) await screenshot(page, `${shots}-02-sign-in-page`);
  await clicks.click(`#${who}`);
}

/**
 * Records every `securitypolicyviolation` of every document the page loads (sign-in redirects
 * included) into the returned array. The listener is installed before any of the page's scripts.
 */
export async function watchCsp(page) {
  const violations = [];
  await page.exposeBinding('__cspViolation', (_source, v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return violations;
}

/** POST/PATCH/PUT/DELETE requests the emulator saw on the Microsoft hosts (not sign-in). */
export async function writes(page, appUrl) {
  const journal = await control(page, appUrl, 'journal');
  return journal.filter((e) => !['GET', 'OPTIONS', 'HEAD'].includes(e.method) && e.host !== 'login' && e.host !== 'app');
}

/** How many writes of `method` to paths matching `re` the emulator saw. */
export async function countWrites(page, appUrl, method, re) {
  return (await writes(page, appUrl)).filter((e) => e.method === method && re.test(e.path)).length;
}

/**
 * How many writes of `method` to paths matching `re` the service accepted (2xx or 3xx): a
 * write refused for its expired token created nothing, though the emulator saw it.
 */
export async function countAcceptedWrites(page, appUrl, method, re) {
  return (await writes(page, appUrl)).filter((e) => e.method === method && re.test(e.path) && e.status >= 200 && e.status < 400).length;
}

/** Waits for the secret screen, acknowledges it, and waits for the hand-off sheet. */
export async function storeSecretAndHandOff(page) {
  await page.locator('#secret').waitFor(LONG);
  await page.locator('#secret-stored').click();
  await page.locator('#hand-off').waitFor(LONG);
}

/** Asserts the page's `<html lang>` and that no element scrolls the page sideways. */
export async function fitsWidth(page) {
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no horizontal scrolling',
  );
}

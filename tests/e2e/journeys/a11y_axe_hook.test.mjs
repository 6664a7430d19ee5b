// The accessibility audit can fail: every journey's screenshot() runs axe-core, and a journey
// counting its silence as a pass is only worth something if the audit does speak up. Here a known
// violation is planted in our own page (so the real CSP applies), once visible in both color
// schemes and once only in the dark one, and screenshot() must throw and name it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeViolations, journey, screenshot } from '../support/harness.mjs';
import { WAIT } from '../support/steps.mjs';

test('the axe hook fails a screen with a known violation, in either color scheme', async () => {
  await journey('a11y-axe-hook', async ({ page, appUrl }) => {
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    assert.deepEqual(await axeViolations(page), [], 'the landing screen itself is clean');

    // An image without alternative text: axe's `image-alt`, impact critical.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.id = 'planted-image';
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main').append(img);
    });
    await assert.rejects(screenshot(page, 'a11y-axe-hook-planted-image'), (error) => {
      assert.match(error.message, /on screen a11y-axe-hook-planted-image/);
      assert.match(error.message, /light image-alt: #planted-image/);
      assert.match(error.message, /dark image-alt: #planted-image/);
      return true;
    });
    await page.evaluate(() => document.getElementById('planted-image').remove());

    // Text that is readable in the light scheme and not in the dark one: axe's `color-contrast`,
    // impact serious — only an audit of both schemes catches it. CSSOM, which the CSP allows.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'planted-text';
      p.textContent = 'Low contrast in the dark only';
      document.querySelector('main').append(p);
      document.styleSheets[0].insertRule(
        '@media (prefers-color-scheme: dark) { #planted-text { color: #303030 !important; background: #202020 !important; } }',
      );
    });
    const violations = await axeViolations(page);
    assert.ok(violations.some((v) => v.startsWith('dark color-contrast: #planted-text')), violations.join('\n'));
    assert.ok(!violations.some((v) => v.startsWith('light')), violations.join('\n'));
    await page.evaluate(() => document.getElementById('planted-text').remove());
  });
});

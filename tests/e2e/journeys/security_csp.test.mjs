// Content-Security-Policy: the page declares one that allows no inline script, it is enforced,
// and a whole setup journey (sign-in, environment, plan, Apply, secret, hand-off, sign-out)
// triggers no violation. Violations are collected from every document through a binding, so
// none is lost to a navigation. connect-src: the built page lists Microsoft's clouds only; the
// emulator serves it with its own origins instead, and nothing else is reachable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { journey } from '../support/harness.mjs';
import { WAIT, collectCspViolations, realProblems, runToRevealedSecret } from '../support/security.mjs';

/** The page's policy: the meta tag's, or the response header's. */
async function policyOf(page, response) {
  const meta = await page.evaluate(() => Array.from(document.querySelectorAll('meta[http-equiv]'))
    .filter((m) => m.httpEquiv.toLowerCase() === 'content-security-policy').map((m) => m.content));
  const header = response.headers()['content-security-policy'];
  return [...meta, ...(header ? [header] : [])];
}

function directives(policy) {
  return Object.fromEntries(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name.toLowerCase(), values];
  }));
}

test('the page declares a CSP without inline script, and a whole journey violates it nowhere', async () => {
  await journey('csp-journey', async ({ page, context, appUrl, problems }) => {
    const violations = await collectCspViolations(context);
    const response = await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const policies = await policyOf(page, response);
    assert.ok(policies.length > 0, 'no Content-Security-Policy: neither a <meta http-equiv> in index.html nor a header');
    for (const policy of policies) {
      const d = directives(policy);
      const scripts = d['script-src'] ?? d['default-src'];
      assert.ok(scripts, `no script-src or default-src in ${policy}`);
      assert.ok(!scripts.includes("'unsafe-inline'"), `script-src allows 'unsafe-inline': ${policy}`);
      assert.ok(!scripts.includes("'unsafe-eval'"), `script-src allows 'unsafe-eval': ${policy}`);
      assert.ok(!scripts.some((s) => s === '*' || /^https?:$/.test(s)), `script-src allows any host: ${policy}`);
      assert.deepEqual(d['object-src'] ?? d['default-src'], ["'none'"], `no plug-ins (object-src 'none'): ${policy}`);
      assert.ok(d['base-uri'], `base-uri is restricted: ${policy}`);
    }

    // The journey: sign in, environment, plan, Apply, reveal and copy the secret, hand-off, sign out.
    await runToRevealedSecret(page, appUrl);
    await page.locator('#secret-stored').click();
    await page.locator('#hand-off').waitFor({ timeout: 60_000 });
    await page.locator('#back-to-plan').click();
    await page.locator('#review').waitFor(WAIT);
    await page.reload();
    await page.locator('#review, #environments').first().waitFor(WAIT);
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor(WAIT);
    const ours = violations.filter((v) => v.page.startsWith(appUrl));
    assert.deepEqual(ours, [], `CSP violations on the page:\n${JSON.stringify(ours, null, 1)}`);
    assert.deepEqual(realProblems(problems), []);

    // The collector works and the policy is enforced: an injected inline script and an inline
    // handler are blocked, and reported.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handlerRan = true');
      img.src = 'data:,not-an-image';
      document.body.append(img);
    });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the inline script did not run');
    assert.equal(await page.evaluate(() => window.__handlerRan), undefined, 'the inline handler did not run');
    assert.ok(violations.filter((v) => v.page.startsWith(appUrl)).some((v) => /script-src/.test(v.directive)), 'the probe was reported');
    // The probes are not part of the page: take them out before the last screen's axe audit.
    await page.evaluate(() => document.querySelectorAll('body > script, body > img').forEach((e) => e.remove()));
  }, { scenario: 'fresh' });
});

test('connect-src: the built page reaches Microsoft only; served by the emulator, only the emulator', async () => {
  const built = readFileSync(path.join(process.env.DIST, 'index.html'), 'utf8');
  // Trunk minifies the page: the attributes may come in any order, unquoted where they can be.
  const tag = [...built.matchAll(/<meta\b[^>]*>/gi)].map((m) => m[0]).find((t) => /content-security-policy/i.test(t));
  const content = tag && /content="([^"]*)"/.exec(tag);
  assert.ok(content, 'dist/index.html carries the policy');
  const shipped = directives(content[1])['connect-src'];
  assert.ok(shipped.includes('https://login.microsoftonline.com') && shipped.includes('https://*.dynamics.com'), `${shipped}`);
  assert.ok(!shipped.some((s) => /localhost|127\.0\.0\.1|^http:/.test(s)), `the deployable page reaches loopback: ${shipped}`);
  await journey('csp-connect-src', async ({ page, context, appUrl }) => {
    const violations = await collectCspViolations(context);
    const response = await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const [policy] = await policyOf(page, response);
    const { port } = new URL(appUrl);
    assert.deepEqual(directives(policy)['connect-src'], ["'self'", ...['login', 'graph', 'globaldisco', '*.crm'].map((h) => `http://${h}.localhost:${port}`)]);
    // A loopback host that is not one of the emulated services is out of reach (the policy once
    // allowed every *.localhost port); the emulator's own hosts are not.
    const reach = (url) => page.evaluate((u) => fetch(u).then(() => 'reached', () => 'blocked'), url);
    assert.equal(await reach(`http://elsewhere.localhost:${port}/`), 'blocked');
    assert.equal(await reach(`http://graph.localhost:${port}/_emulator/journal`), 'reached');
    assert.ok(violations.some((v) => v.directive === 'connect-src' && v.blockedURI.includes('elsewhere.localhost')), 'the block was the policy\'s');
  });
});

// Secret leak scanner: the Marketo client secret made by a fresh S2S setup, and the admin's
// tokens, are searched for (as text, URL-encoded, JSON-escaped and base64 at any alignment) in
// every place a page can leave them: Web Storage, IndexedDB, cookies, Cache Storage, the address
// bar and every history entry, console messages, every request the browser sent (its own network
// log and the emulator's journal), downloads, and the DOM once the reveal screen is left.
//
// Expected: the secret only in the one Graph addPassword response and in the DOM while revealed;
// tokens only in sessionStorage (and on the wire to where they belong), all gone after sign-out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { control, journey, screenshot, sessionKeys } from '../support/harness.mjs';
import {
  WAIT, countInWasmMemory, domText, findSecrets, haystacks, issuedTokens, jwtClaims, realProblems, recorder,
  responseHaystacks, runToRevealedSecret, secretForms, watchWasmMemory,
} from '../support/security.mjs';

const describe = (hits) => hits.map((h) => `${h.secret} (${h.form}) in ${h.where}`).join('\n  ');

test('the scanner finds a planted canary in every place it searches', async () => {
  await journey('security-canary', async ({ page, appUrl }) => {
    const rec = recorder(page);
    await page.goto(appUrl);
    await page.locator('#sign-in').waitFor(WAIT);
    const canary = 'canary-7Q~not.a.secret_but.looks-like-one';
    const b64 = Buffer.from(`{"x":"${canary}"}`).toString('base64');
    const graph = appUrl.replace('//app.', '//graph.');
    await page.evaluate(async ([canary, b64, graph]) => {
      localStorage.setItem('planted', b64);
      sessionStorage.setItem('planted', JSON.stringify({ canary }));
      document.cookie = `planted=${encodeURIComponent(canary)}`;
      await new Promise((resolve) => {
        const open = indexedDB.open('planted-db');
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => {
          const tx = open.result.transaction('s', 'readwrite');
          tx.objectStore('s').put({ deep: { canary } }, 'k');
          tx.oncomplete = () => { open.result.close(); resolve(); };
        };
      });
      const cache = await caches.open('planted-cache');
      await cache.put('/planted', new Response(`body ${canary}`));
      console.log(`log ${canary}`);
      history.pushState(null, '', `?planted=${encodeURIComponent(canary)}`);
      history.pushState(null, '', location.pathname);
      await fetch(`${graph}v1.0/me?q=${encodeURIComponent(canary)}`).catch(() => {});
      await fetch(`${graph}v1.0/applications`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${canary}` },
        body: JSON.stringify({ displayName: canary }),
      }).catch(() => {});
      const p = document.createElement('p');
      p.dataset.planted = canary;
      document.body.append(p);
    }, [canary, b64, graph]);
    const hits = findSecrets([{ name: 'canary', value: canary }], await haystacks(page, appUrl, rec));
    const places = {
      'localStorage': /^localStorage \(/, 'sessionStorage': /^sessionStorage \(/, 'document.cookie': /^document\.cookie$/,
      'cookies of every origin': /^cookies \(every origin\)$/, 'IndexedDB': /^IndexedDB /, 'Cache Storage': /^Cache Storage /,
      'history entries': /^history entry /, 'console': /^console messages$/, 'request URL (browser log)': /^request GET .*browser log\)$/,
      'request header and body (browser log)': /^request POST .*browser log\)$/, 'emulator journal': /emulator journal\)$/,
      'DOM': /^DOM$/, 'storageState (every origin)': /storageState\)$/,
    };
    for (const [place, pattern] of Object.entries(places)) {
      assert.ok(hits.some((h) => pattern.test(h.where)), `the scanner misses the canary in ${place}; found only in\n  ${describe(hits)}`);
    }
    assert.ok(hits.some((h) => h.form === 'base64' && h.where.startsWith('localStorage')), 'base64 form found');
    assert.ok(hits.filter((h) => /emulator journal/.test(h.where)).length >= 2, 'the journal\'s URLs and bodies are searched');
    assert.ok(secretForms(canary).length >= 5, 'several encodings are searched');
  });
});

test('the client secret leaks nowhere; tokens live only in sessionStorage and leave with sign-out', async (t) => {
  await journey('security-secret', async ({ page, context, appUrl, problems }) => {
    await watchWasmMemory(context);
    const rec = recorder(page);
    // Every download of the journey, read the moment it completes: `{ name, text }`.
    const downloads = [];
    page.on('download', (d) => {
      const read = (async () => {
        const failure = await d.failure();
        assert.equal(failure, null, `the download ${d.suggestedFilename()} failed`);
        return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
      })();
      read.catch(() => {}); // reported where all downloads are awaited, below
      downloads.push(read);
    });

    // 1. The fresh S2S journey to the revealed secret.
    const secret = await runToRevealedSecret(page, appUrl, 'security-secret');
    const secrets = [{ name: 'client secret', value: secret }];
    const revealed = findSecrets(secrets, await haystacks(page, appUrl, rec));
    assert.deepEqual(revealed.map((h) => h.where).filter((w) => w !== 'DOM'), [],
      `while revealed, the secret is only in the DOM:\n  ${describe(revealed)}`);
    assert.ok(revealed.some((h) => h.where === 'DOM'), 'the revealed secret is in the DOM (the scanner sees it)');

    // Exactly one response carried it: Graph's addPassword.
    const carriers = findSecrets(secrets, await responseHaystacks(rec));
    assert.equal(carriers.filter((h) => h.form === 'text').length, 1, `responses holding the secret:\n  ${describe(carriers)}`);
    assert.match(carriers[0].where, /^response POST http:\/\/graph\.localhost:\d+\/v1\.0\/applications\/[^/]+\/addPassword → 200$/);

    // 2. The hand-off sheet: the secret row is masked; the DOM no longer holds it.
    await page.locator('#secret-stored').click();
    await page.locator('#hand-off').waitFor({ timeout: 60_000 });
    await screenshot(page, 'security-secret-hand-off');
    const atHandOff = findSecrets(secrets, await haystacks(page, appUrl, rec));
    assert.deepEqual(atHandOff, [], `on the hand-off sheet:\n  ${describe(atHandOff)}`);
    // The page still holds it in memory for the sheet's copy button (one copy: the slot).
    const heldCopies = await countInWasmMemory(page, secret);
    assert.ok(heldCopies >= 1, `the wasm memory holds the secret for the copy button: ${heldCopies}`);

    // The downloads the sheet offers (run report, calendar reminder), if any; every download of
    // the journey is scanned at the end.
    const downloadControls = page.locator('#downloads button, [id^="download-"], a[download], button:has-text("Download")');
    const offered = await downloadControls.count();
    if (offered > 0) {
      for (let i = 0; i < offered; i += 1) {
        // The page-wide listener keeps it.
        await Promise.all([page.waitForEvent('download', WAIT), downloadControls.nth(i).click()]);
      }
      assert.ok(downloads.length >= offered, `every download control saved a file (${downloads.length} of ${offered})`);
    } else {
      const reason = 'sub-check skipped: the hand-off sheet offers no download (no #downloads, [id^=download-], a[download] or Download button)';
      t.diagnostic(reason);
      console.log(reason);
    }

    // Tokens: which were issued, and where they are now.
    const tokens = await issuedTokens(rec);
    assert.ok(tokens.some((x) => x.kind === 'refresh_token') && tokens.some((x) => x.kind === 'id_token'), 'tokens were recorded');
    const keys = await sessionKeys(page);
    const cacheKey = keys.find((k) => k.startsWith('syncsetup.tokens.'));
    assert.ok(cacheKey, `a token cache in sessionStorage: ${keys}`);
    const signedInPlaces = await haystacks(page, appUrl, rec);
    const tokenHits = findSecrets(tokens, signedInPlaces);
    const allowedOnWire = (hit) => / \(browser log\)$/.test(hit.where);
    const misplaced = tokenHits.filter((h) => !h.where.startsWith('sessionStorage (') && !allowedOnWire(h));
    assert.deepEqual(misplaced, [], `tokens outside sessionStorage and the wire:\n  ${describe(misplaced)}`);
    const cached = JSON.parse(await page.evaluate((k) => sessionStorage.getItem(k), cacheKey));
    assert.ok(tokenHits.some((h) => h.where.startsWith('sessionStorage (')), 'the live tokens are in sessionStorage');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'localStorage is empty');
    assert.ok(!JSON.stringify(cached).includes('id_token') && !tokens.filter((x) => x.kind === 'id_token').some((x) => JSON.stringify(cached).includes(x.value)), 'the id_token is not kept');

    // On the wire: a token only where it belongs. Access tokens in the Authorization header of
    // requests to their audience, refresh tokens in token-endpoint bodies, id_tokens nowhere.
    for (const r of rec.log.requests) {
      const url = new URL(r.url);
      for (const token of tokens) {
        if (r.url.includes(token.value) || r.url.includes(encodeURIComponent(token.value))) assert.fail(`${token.name} in the URL of ${r.method} ${r.url}`);
        const inHeaders = Object.entries(r.headers).filter(([, v]) => v.includes(token.value));
        const inBody = r.body.includes(token.value) || r.body.includes(encodeURIComponent(token.value));
        if (token.kind === 'id_token') assert.ok(!inHeaders.length && !inBody, `the id_token was sent to ${r.url}`);
        if (token.kind === 'refresh_token' && (inHeaders.length || inBody)) {
          assert.ok(inBody && !inHeaders.length && /\/oauth2\/v2\.0\/token$/.test(url.pathname) && /^login\./.test(url.hostname), `a refresh token went to ${r.method} ${r.url}`);
        }
        if (token.kind === 'access_token' && (inHeaders.length || inBody)) {
          assert.ok(!inBody, `an access token in the body of ${r.method} ${r.url}`);
          assert.deepEqual(inHeaders.map(([k]) => k.toLowerCase()), ['authorization'], `an access token outside Authorization: ${r.url}`);
          const aud = new URL(jwtClaims(token.value).aud);
          assert.equal(url.host, aud.host, `a token for ${aud.host} was sent to ${url.host}`);
        }
      }
    }

    // 3. Navigate away: back to the plan, then a reload. The secret is gone from memory and page.
    await page.locator('#back-to-plan').click();
    await page.locator('#review').waitFor(WAIT);
    // Leaving the hand-off drops the secret, and its bytes are overwritten (zeroized on drop):
    // no copy is left in the wasm linear memory, not even in freed blocks.
    assert.equal(await countInWasmMemory(page, secret), 0, `copies of the secret left in wasm memory after leaving (were ${heldCopies})`);
    await page.reload();
    await page.locator('#review, #environments, #checks, #hand-off').first().waitFor(WAIT);
    const afterLeaving = findSecrets(secrets, await haystacks(page, appUrl, rec));
    assert.deepEqual(afterLeaving, [], `after leaving and reloading:\n  ${describe(afterLeaving)}`);

    // 4. Sign-out: no token, no secret, nothing of this app left in the tab's storage.
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor(WAIT);
    assert.deepEqual((await sessionKeys(page)).filter((k) => k.startsWith('syncsetup.')), [], 'sign-out empties the app\'s sessionStorage');
    const afterSignOut = await haystacks(page, appUrl, rec);
    const storageOnly = afterSignOut.filter((h) => !/(browser log|emulator journal)\)$/.test(h.where));
    const leftovers = findSecrets([...secrets, ...tokens], storageOnly);
    assert.deepEqual(leftovers, [], `after sign-out:\n  ${describe(leftovers)}`);
    // What was sent over the whole journey never carried the secret (requests, journal, URLs).
    assert.deepEqual(findSecrets(secrets, afterSignOut), [], 'the secret was never sent anywhere');
    // The journal's redactions are the token exchange's own fields only: had the page sent the
    // secret (or a password) anywhere, the emulator would have redacted it and this would show it.
    const journal = await control(page, appUrl, 'journal');
    const redacted = journal.filter((e) => /REDACTED/.test(`${e.url} ${e.body ?? ''}`));
    for (const e of redacted) {
      const fields = [...`${e.query ?? ''}&${e.body ?? ''}`.matchAll(/([A-Za-z_]+)(?:=|":")REDACTED/g)].map((m) => m[1]);
      assert.ok(e.host === 'login' && /\/oauth2\/v2\.0\/token$/.test(e.path), `redacted fields sent to ${e.method} ${e.host}${e.path}: ${fields}`);
      assert.ok(fields.every((f) => ['code', 'code_verifier', 'refresh_token'].includes(f)), `token request fields: ${fields}`);
    }
    assert.ok(redacted.length >= 2, 'the token exchanges are in the journal');

    // Downloads, if any happened: neither the secret nor a token, in any encoding.
    for (const { name, text } of await Promise.all(downloads)) {
      assert.ok(text.length > 0, `${name} is not empty`);
      const hits = findSecrets([...secrets, ...tokens], [{ where: `download ${name}`, text }]);
      assert.deepEqual(hits, [], `the download holds:\n  ${describe(hits)}`);
    }
    assert.ok(await domText(page), 'the page still renders');
    assert.deepEqual(realProblems(problems), []);
  }, { scenario: 'fresh' });
});

// The release an IT admin deploys (issue 16): `make release`'s zip, unpacked and checked against
// its SHA256SUMS, configured as DEPLOY.md says (config.json, connect-src narrowed to the one
// cloud — here the emulator's loopback stand-ins), served by Debian's nginx on loopback with the
// archive's own nginx recipe (hosting/nginx/sync-setup-locations.conf and its headers snippet,
// included verbatim), and signed in through. The recipe's headers, MIME types and caching are
// asserted on what nginx really answered.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO, freePort, journey, screenshot } from '../support/harness.mjs';
import { WAIT, realProblems, signIn, clickCounter, watchCsp } from '../support/steps.mjs';

const RELEASE_DIR = process.env.RELEASE_DIR;

/** The five headers DEPLOY.md requires on every response, as the recipe must send them. */
const SECURITY_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000',
};

/** GET `file` from nginx on loopback as app.localhost: status and headers (lower-case names). */
function get(port, file) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: file, headers: { Host: `app.localhost:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves once something accepts connections on 127.0.0.1:`port` (nginx has started). */
async function listening(port, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${port} within 15 s`);
}

/** The one zip `make release` wrote, unpacked into a fresh folder; returns its top folder. */
function unpackRelease() {
  assert.ok(RELEASE_DIR, 'RELEASE_DIR must be set (run through `make test-e2e`)');
  const zips = readdirSync(RELEASE_DIR).filter((f) => /^sync-setup-.+\.zip$/.test(f));
  assert.equal(zips.length, 1, `one release zip in ${RELEASE_DIR}: ${zips}`);
  const zip = path.join(RELEASE_DIR, zips[0]);
  // The checksum file beside the zip names it.
  const [zipSum, zipName] = readFileSync(`${zip}.sha256`, 'utf8').trim().split(/\s+/);
  assert.equal(zipName, zips[0]);
  assert.equal(createHash('sha256').update(readFileSync(zip)).digest('hex'), zipSum, 'the zip matches its .sha256');
  const into = mkdtempSync(path.join(tmpdir(), 'syncsetup-release-'));
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, into], { encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);
  const top = path.join(into, zips[0].replace(/\.zip$/, ''));
  return { into, top };
}

/** Checks every line of SHA256SUMS, and that it lists every file of the archive. */
function verifySums(top) {
  const lines = readFileSync(path.join(top, 'SHA256SUMS'), 'utf8').trim().split('\n');
  const listed = new Set();
  for (const line of lines) {
    const [sum, file] = line.split(/ {2}/);
    listed.add(file);
    assert.equal(createHash('sha256').update(readFileSync(path.join(top, file))).digest('hex'), sum, `${file} matches SHA256SUMS`);
  }
  const files = readdirSync(top, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(top, path.join(d.parentPath ?? d.path, d.name)))
    .filter((f) => f !== 'SHA256SUMS');
  assert.deepEqual([...listed].sort(), files.sort(), 'SHA256SUMS lists every file');
  return files;
}

test('the release archive, served by nginx with its own recipe, signs in under its headers', async () => {
  const { into, top } = unpackRelease();
  const files = verifySums(top);
  for (const must of ['DEPLOY.md', 'config.json.example', 'sbom.cdx.json', 'site/index.html',
    'hosting/nginx/sync-setup.conf', 'hosting/iis/web.config', 'hosting/azure-static-web-apps/staticwebapp.config.json',
    'hosting/apache/sync-setup.conf']) {
    assert.ok(files.includes(must), `the archive holds ${must}`);
  }
  assert.ok(files.some((f) => /^site\/boot-[0-9a-f]+\.js$/.test(f)), 'the archive holds boot-<hash>.js');
  assert.equal(files.filter((f) => /^site\/.*_bg\.wasm$/.test(f)).length, 2, 'both wasm modules');
  assert.ok(!files.includes('site/config.json'), 'the archive ships no config.json, only the example');
  // The SBOM describes the wasm app and lists the crates it is made of.
  const sbom = JSON.parse(readFileSync(path.join(top, 'sbom.cdx.json'), 'utf8'));
  assert.equal(sbom.bomFormat, 'CycloneDX');
  assert.equal(sbom.metadata.component.name, 'syncsetup');
  const components = sbom.components.map((c) => c.name);
  for (const crate of ['yew', 'wasm-bindgen', 'syncsetup-core', 'serde_json']) assert.ok(components.includes(crate), `SBOM lists ${crate}`);
  assert.ok(!components.includes('axum'), 'the SBOM is the app\'s, not the emulator\'s');

  const site = path.join(top, 'site');
  const port = await freePort();
  const pageUrl = `http://app.localhost:${port}/`;
  const conf = mkdtempSync(path.join(tmpdir(), 'syncsetup-nginx-'));
  // nginx's workers run as an unprivileged user: they must be able to read the site.
  chmodSync(into, 0o755);
  let nginx;
  try {
    await journey('release-nginx', async ({ page, appUrl, problems }) => {
      // DEPLOY.md step 3: config.json from the example's fields (here the emulator's values),
      // and connect-src narrowed to the one cloud in use (the emulator's loopback hosts, read
      // from the page the emulator itself serves with them).
      await page.goto(new URL('config.json', appUrl).href);
      const config = JSON.parse(await page.locator('body').textContent());
      writeFileSync(path.join(site, 'config.json'), JSON.stringify({ clientId: config.clientId, authority: config.authority,
        graphBaseUrl: config.graphBaseUrl, globalDiscoveryUrl: config.globalDiscoveryUrl }, null, 2));
      await page.goto(appUrl);
      const emulatorCsp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      const loopback = /connect-src[^;]*/.exec(emulatorCsp)[0];
      const indexPath = path.join(site, 'index.html');
      const shipped = readFileSync(indexPath, 'utf8');
      const narrowed = shipped.replace(/connect-src[^;"]*/, loopback);
      assert.notEqual(narrowed, shipped, 'index.html has a connect-src to narrow');
      writeFileSync(indexPath, narrowed);

      // The recipe, verbatim: the headers and locations snippets under snippets/, included
      // from a loopback server block in place of sync-setup.conf's TLS one.
      mkdirSync(path.join(conf, 'snippets'));
      for (const snippet of ['sync-setup-headers.conf', 'sync-setup-locations.conf']) {
        cpSync(path.join(top, 'hosting', 'nginx', snippet), path.join(conf, 'snippets', snippet));
      }
      writeFileSync(path.join(conf, 'nginx.conf'), `
worker_processes 1;
pid ${conf}/nginx.pid;
error_log stderr warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${conf}/body;
    proxy_temp_path ${conf}/proxy;
    fastcgi_temp_path ${conf}/fastcgi;
    uwsgi_temp_path ${conf}/uwsgi;
    scgi_temp_path ${conf}/scgi;
    server {
        listen 127.0.0.1:${port};
        server_name app.localhost;
        root ${site};
        include snippets/sync-setup-locations.conf;
    }
}
`);
      const check = spawnSync('nginx', ['-t', '-p', conf, '-c', path.join(conf, 'nginx.conf'), '-e', 'stderr'], { encoding: 'utf8' });
      assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
      assert.doesNotMatch(check.stderr, /\[warn\]/, 'the recipe loads without warnings');
      nginx = spawn('nginx', ['-p', conf, '-c', path.join(conf, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
      await listening(port, nginx);

      const violations = await watchCsp(page);
      const responses = [];
      page.on('response', (r) => { if (new URL(r.url()).host === `app.localhost:${port}`) responses.push(r); });
      const landing = await page.goto(pageUrl);
      // allHeaders(): headers() leaves out "security-related headers" (Playwright's Response docs).
      const headers = await landing.allHeaders();
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(headers[name], value, `${name} on index.html`);
      assert.equal(headers['cache-control'], 'no-cache', 'index.html is revalidated');
      assert.match(headers['content-type'], /^text\/html/);
      await page.locator('#sign-in').waitFor(WAIT);
      await screenshot(page, 'release-nginx-01-landing');
      // Served at the root of its own origin: no shared-origin warning.
      assert.equal(await page.locator('#shared-origin').count(), 0);

      await signIn(page, pageUrl, clickCounter(page));
      await page.locator('#environments').waitFor(WAIT);
      assert.match(await page.locator('#signed-in').textContent(), new RegExp(DEMO.admin.name));
      await screenshot(page, 'release-nginx-02-signed-in');

      // What the browser fetched from nginx: both wasm modules, compiled as application/wasm.
      const wasm = responses.filter((r) => r.url().endsWith('.wasm'));
      assert.ok(wasm.length >= 2, `both wasm modules came from nginx: ${responses.map((r) => r.url())}`);
      for (const r of wasm) assert.equal((await r.allHeaders())['content-type'], 'application/wasm', r.url());
      assert.ok(responses.some((r) => new URL(r.url()).pathname === '/config.json'), 'config.json came from nginx');

      // Every file of site/, the root and an unknown path, read straight off the wire (a
      // browser's view leaves out headers of responses it answered from its cache, e.g.
      // Strict-Transport-Security over http): the headers on each; hashed files cached for a
      // year, the entry points revalidated, a 404 not cached.
      const paths = ['/', ...readdirSync(site).map((f) => `/${f}`), '/no-such-file'];
      for (const file of paths) {
        const { status, headers: h } = await get(port, file);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(h[name], value, `${name} on ${file}`);
        if (file === '/no-such-file') {
          assert.equal(status, 404, 'no SPA fallback');
          assert.equal(h['cache-control'], undefined, 'a 404 is not cached');
          continue;
        }
        assert.equal(status, 200, file);
        if (['/', '/index.html', '/config.json'].includes(file)) assert.equal(h['cache-control'], 'no-cache', file);
        else assert.equal(h['cache-control'], 'public, max-age=31536000, immutable', file);
        const type = { '.wasm': /^application\/wasm$/, '.json': /^application\/json/, '.js': /javascript/, '.css': /^text\/css/, '.html': /^text\/html/ }[path.extname(file) || '.html'];
        assert.match(h['content-type'], type, `content-type of ${file}`);
      }
      assert.deepEqual(violations, []);
      assert.deepEqual(realProblems(problems), []);
    }, { scenario: 'fresh', staticDir: site, emulatorArgs: ['--spa-redirect-uri', pageUrl] });
  } finally {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(into, { recursive: true, force: true });
    rmSync(conf, { recursive: true, force: true });
  }
});

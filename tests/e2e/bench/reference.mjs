// The site the load benchmarks serve: a copy of the built app at / and, at /ref/, the reference
// page of issue 8 — a page that only loads @azure/msal-browser's minified bundle (npm) and
// creates a PublicClientApplication, then shows an enabled #sign-in button. load.mjs and
// load_trace.mjs measure both pages from this one function, so they compare against the same page.
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

// The package's exports map hides lib/; read the file where npm put it.
const msalFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@azure', 'msal-browser', 'lib', 'msal-browser.min.js');

/** A new temporary folder holding `dist` at its root and the reference page under ref/. */
export function siteWithReference(dist) {
  const site = mkdtempSync(path.join(os.tmpdir(), 'syncsetup-load-'));
  cpSync(dist, site, { recursive: true });
  mkdirSync(path.join(site, 'ref'));
  cpSync(msalFile, path.join(site, 'ref', 'msal-browser.min.js'));
  writeFileSync(path.join(site, 'ref', 'index.html'), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>MSAL reference</title><link rel="icon" href="data:,">
<script src="msal-browser.min.js"></script></head>
<body><script src="start.js"></script></body></html>`);
  writeFileSync(path.join(site, 'ref', 'start.js'), `
const app = new msal.PublicClientApplication({ auth: { clientId: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', authority: location.origin.replace('app.', 'login.') + '/organizations' } });
app.initialize().then(() => { const b = document.createElement('button'); b.id = 'sign-in'; b.textContent = 'Sign in'; document.body.append(b); });
`);
  return site;
}

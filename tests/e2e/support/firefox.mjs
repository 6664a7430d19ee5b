// Harness for the Firefox journeys: one emulator process and one headless Firefox ESR per journey.
//
// Firefox is driven through WebDriver — geckodriver (from the crate registry, `make tools`) and
// the official Selenium bindings (npm `selenium-webdriver`) — not through playwright-core like the
// Chromium journeys: Playwright drives Firefox only through its own patched build ("Juggler"
// protocol), which it downloads and which Debian's `firefox-esr` is not, and the machines may
// download no browser builds. Debian's Firefox ESR speaks standard WebDriver (classic and BiDi)
// through geckodriver, so that is what the journeys use. The journeys keep the Chromium journeys'
// selectors and assertions; the helpers below mirror the Playwright calls they need
// (`waitFor`, `click`, `textContent`, `waitForURL`, the `control` routes, screenshots) and collect
// page errors and Content-Security-Policy violations over WebDriver BiDi.
//
// Nothing here downloads: geckodriver and the browser are passed by path, so Selenium Manager
// (which would otherwise look for — and fetch — both) is never asked; SE_MANAGER_PATH points it
// at a file that does not exist, so a code path that did ask would fail loudly instead.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import webdriver from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { DEMO, startEmulator } from './harness.mjs';

const { Builder } = webdriver;

// Selenium Manager stays out of it: with a driver path and a browser binary given, Selenium's
// Firefox driver never calls it (selenium-webdriver/firefox.js createSession); should a future
// version try, it finds no manager binary here and throws instead of downloading, and offline
// mode forbids it to download in any case.
process.env.SE_MANAGER_PATH = path.join(homedir(), '.no-selenium-manager', 'selenium-manager');
process.env.SE_OFFLINE = 'true';

export const GECKODRIVER = process.env.GECKODRIVER || path.join(homedir(), '.cargo', 'bin', 'geckodriver');
export const FIREFOX_BIN = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
const SCREENSHOTS = process.env.SCREENSHOTS || 'target/e2e';

export const WAIT = 30_000;
export const LONG = 120_000;

// Firefox preferences of every journey. The machines reach no network but the package
// registries, so everything Firefox would fetch by itself is turned off: it would only fail
// slowly, or leave the machine. (geckodriver and Marionette set several of these already; they
// are repeated so the list does not depend on their versions.)
//
// `*.localhost` needs no preference: Firefox resolves every `localhost` subdomain to loopback by
// itself (seen with this ESR; glibc here does not: `getent hosts app.localhost` finds nothing).
// `network.dns.localDomains` would list hosts one by one and `network.dns.native-is-localhost`
// would send every name to loopback; neither is needed, so neither is set.
const PREFS = {
  // No update checks of the browser or its add-ons, nor add-on recommendations.
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  // No telemetry, health report or usage pings.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  // No captive-portal or connectivity probes (detectportal.firefox.com).
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  // No Remote Settings sync (blocklists, experiments, search configuration…): the server is a
  // data: URL that answers nothing, as in Firefox's own test harnesses (honoured only with
  // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in Firefox's environment, see launchFirefox).
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  // No Safe Browsing list downloads or lookups.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  // No OpenH264 / Widevine plug-in downloads.
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  // No push service connection, no DNS over HTTPS, no region lookup by IP.
  'dom.push.connection.enabled': false,
  'network.trr.mode': 5,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  // No speculative connections, DNS prefetch or link prefetch (they would only add noise to the
  // emulator's journal).
  'network.http.speculative-parallel-limit': 0,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  // A blank start page, no first-run or default-browser pages, no new-tab page content.
  'browser.startup.homepage': 'about:blank',
  'browser.startup.page': 0,
  'startup.homepage_welcome_url': '',
  'browser.shell.checkDefaultBrowser': false,
  'browser.newtabpage.enabled': false,
  'browser.aboutwelcome.enabled': false,
  'trailhead.firstrun.branches': 'nofirstrun-empty',
};

/** Debian's Firefox ESR, headless, with a fresh profile, through geckodriver; WebDriver BiDi on. */
export async function launchFirefox() {
  if (!existsSync(GECKODRIVER)) throw new Error(`no geckodriver at ${GECKODRIVER} (run \`make tools\`, or set GECKODRIVER)`);
  if (!existsSync(FIREFOX_BIN)) throw new Error(`no Firefox at ${FIREFOX_BIN} (run \`make tools\`: Debian's firefox-esr)`);
  const options = new firefox.Options().setBinary(FIREFOX_BIN).addArguments('-headless').enableBidi();
  for (const [name, value] of Object.entries(PREFS)) options.setPreference(name, value);
  const service = new firefox.ServiceBuilder(GECKODRIVER);
  // Firefox inherits geckodriver's environment. Release and ESR builds ignore
  // `services.settings.server` unless this variable is set (modules/services-settings/Utils.sys.mjs),
  // and without it Firefox polls firefox.settings.services.mozilla.com during every journey (seen
  // with MOZ_LOG=nsHostResolver:4); it changes nothing else.
  service.setEnvironment({ ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' });
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  // Playwright's default viewport is 1280×720; Firefox's headless window is 1366×768.
  await driver.manage().window().setRect({ width: 1280, height: 800 });
  return driver;
}

/**
 * A fresh Firefox that records page errors (uncaught exceptions and console.error, as the Chromium
 * harness does with `pageerror` and `console`) and Content-Security-Policy violations of every
 * document it loads, sign-in redirects included.
 *
 * geckodriver has no `driver.manage().logs()` (that is a ChromeDriver extension), and a
 * `window.onerror` installed with executeScript after a load would miss what happens during the
 * load and is gone after each navigation. WebDriver BiDi has both: `log.entryAdded` events, and a
 * preload script (`script.addPreloadScript`) that runs in every new document before the page's own
 * scripts and reports back over a BiDi channel (`script.message`) — the counterpart of
 * Playwright's addInitScript + exposeBinding in support/steps.mjs `watchCsp`.
 */
export async function openFirefox() {
  const driver = await launchFirefox();
  const problems = [];
  const cspViolations = [];
  try {
    const bidi = await driver.getBidi();
    const socket = await bidi.socket;
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.method === 'log.entryAdded') {
        const entry = message.params;
        if (entry.type === 'javascript') problems.push(`pageerror: ${entry.text}`);
        else if (entry.level === 'error') problems.push(`console: ${entry.text}`);
      } else if (message.method === 'script.message' && message.params.channel === 'csp') {
        cspViolations.push(message.params.data.value);
      }
    });
    await bidi.subscribe(['log.entryAdded', 'script.message']);
    const added = await bidi.send({
      method: 'script.addPreloadScript',
      params: {
        functionDeclaration: String((report) => {
          document.addEventListener('securitypolicyviolation', (e) => {
            report(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
          });
        }),
        arguments: [{ type: 'channel', value: { channel: 'csp' } }],
      },
    });
    if (added.type === 'error' || added.error) throw new Error(`script.addPreloadScript: ${JSON.stringify(added)}`);
  } catch (e) {
    await driver.quit().catch(() => {});
    throw e;
  }
  return { driver, problems, cspViolations };
}

/** Saves a full-page screenshot under SCREENSHOTS (prefixed `firefox-`) for people to look at. */
export async function screenshot(driver, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const png = await driver.takeFullPageScreenshot();
  writeFileSync(path.join(SCREENSHOTS, `firefox-${name}.png`), png, 'base64');
}

/**
 * Runs `body` with a fresh emulator (`scenario`, default `demo`) and Firefox, always cleaning both
 * up; the last screen is saved as `firefox-<name>.png`.
 */
export async function firefoxJourney(name, body, { emulatorArgs = [], scenario = 'demo' } = {}) {
  const emulator = await startEmulator(emulatorArgs, scenario);
  let browser;
  try {
    browser = await openFirefox();
    await body({ ...browser, appUrl: emulator.appUrl });
    await screenshot(browser.driver, name);
  } catch (e) {
    if (browser) await screenshot(browser.driver, name).catch(() => {});
    throw e;
  } finally {
    if (browser) await browser.driver.quit().catch(() => {});
    await emulator.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers in the image of the Playwright calls of the Chromium journeys. Elements are found
// with the same CSS selectors, through the browser's own querySelector (so `:has()` is Firefox's
// own, supported since Firefox 121).

/** Polls `condition` (an async function returning a truthy value when done) until `timeout` ms. */
export async function until(condition, timeout, what) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (e) {
      // A document being replaced mid-query (a navigation) is a reason to ask again.
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The state of the first element matching `selector`: whether it is there, visible, enabled, and its textContent. */
async function probe(driver, selector) {
  return driver.executeScript((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { present: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      present: true,
      visible: style.visibility !== 'hidden' && box.width > 0 && box.height > 0,
      enabled: !el.disabled,
      text: el.textContent,
    };
  }, selector);
}

/** Waits until `selector` matches a visible element (Playwright's `locator.waitFor()`). */
export async function waitVisible(driver, selector, timeout = WAIT) {
  await until(async () => (await probe(driver, selector)).visible, timeout, `${selector} to be visible`);
}

/** Whether `selector` matches a visible element now. */
export async function isVisible(driver, selector) {
  return (await probe(driver, selector)).visible === true;
}

/** Whether `selector` matches an enabled element now. */
export async function isEnabled(driver, selector) {
  const state = await probe(driver, selector);
  return state.present && state.enabled;
}

/** Waits until `selector` is visible and enabled, then clicks it with a real WebDriver click. */
export async function click(driver, selector, timeout = WAIT) {
  await until(async () => {
    const state = await probe(driver, selector);
    if (!state.visible || !state.enabled) return false;
    await driver.findElement({ css: selector }).click();
    return true;
  }, timeout, `${selector} to be clickable`);
}

/** The textContent of the first element matching `selector`, or null (Playwright's `textContent()`). */
export async function textContent(driver, selector) {
  return driver.executeScript((sel) => document.querySelector(sel)?.textContent ?? null, selector);
}

/** The textContent of every element matching `selector` (Playwright's `allTextContents()`). */
export async function allTextContents(driver, selector) {
  return driver.executeScript((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent), selector);
}

/** How many elements match `selector` (Playwright's `count()`). */
export async function count(driver, selector) {
  return driver.executeScript((sel) => document.querySelectorAll(sel).length, selector);
}

/**
 * Clicks `selector` with WebDriver Actions (pointer move, press, release) instead of Element
 * Click. For a click that leaves the page when the journey needs the page in the back/forward
 * cache: geckodriver's Element Click adds an `unload` listener to the window while it waits for
 * the click to land (Marionette's `interaction.flushEventLoop`, up to 500 ms), and Firefox keeps
 * no page that has an unload listener in its bfcache (MOZ_LOG=PageCache:5: "Save of … blocked due
 * to unload handlers"). Actions add no listener. No actionability checks: wait for the element first.
 */
export async function actionClick(driver, selector) {
  const element = await driver.findElement({ css: selector });
  await driver.actions().move({ origin: element }).press().release().perform();
}

/** Waits until the address bar matches `re`, or equals it if a string (Playwright's `waitForURL`). */
export async function waitForUrl(driver, re, timeout = WAIT) {
  const matches = (url) => (typeof re === 'string' ? url === re : re.test(url));
  return until(async () => matches(await driver.getCurrentUrl()), timeout, `the URL to match ${re}`);
}

/** Every sessionStorage key of the page's origin. */
export async function sessionKeys(driver) {
  return driver.executeScript(() => Object.keys(sessionStorage));
}

/** Runs `fn` (a function, serialized) in the page and returns its (awaited) result. */
export async function evaluate(driver, fn, ...args) {
  return driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
}

/**
 * Reads an emulator control route (`/_emulator/...`) from inside the page, like harness.mjs
 * `control`: Node's resolver cannot resolve `*.localhost`, Firefox can, and the control routes
 * allow any origin. WebDriver's Execute Script awaits the promise the script returns.
 */
export async function control(driver, appUrl, route, init = undefined) {
  return driver.executeScript(async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }, new URL(`_emulator/${route}`, appUrl).href, init ?? null);
}

/** Counts the admin's clicks; every counted click of a journey goes through here. */
export function clickCounter(driver) {
  const counter = {
    count: 0,
    async click(selector) {
      counter.count += 1;
      await click(driver, selector);
    },
  };
  return counter;
}

/** From the landing page to Entra's sign-in page (the emulator's stand-in on login.localhost). */
export async function goToSignInPage(driver, appUrl, clicks = null, { shots = null, button = '#sign-in' } = {}) {
  await driver.get(appUrl);
  await waitVisible(driver, button);
  if (shots) await screenshot(driver, `${shots}-01-landing`);
  await (clicks ? clicks.click(button) : click(driver, button));
  await waitForUrl(driver, /login\.localhost.*\/oauth2\/v2\.0\/authorize/);
  if (shots) await screenshot(driver, `${shots}-02-sign-in-page`);
}

/** Landing → Microsoft sign-in page → signed in as `who` (two clicks). */
export async function signIn(driver, appUrl, clicks = null, { shots = null, button = '#sign-in', who = DEMO.admin.buttonId } = {}) {
  await goToSignInPage(driver, appUrl, clicks, { shots, button });
  await (clicks ? clicks.click(`#${who}`) : click(driver, `#${who}`));
}

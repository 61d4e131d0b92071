// Drives the operator page in Debian's headless Chromium. Run by OperatorBrowserTest (which creates the data and
// passes it in the environment); by hand: BASE_URL=http://localhost:8080 API_KEY=... CONNECTION_ID=... \
// CUSTOMER=... SESSION_ID=... node operator.spec.mjs
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    throw new Error(`${name} is required`);
  }
  return value;
};
const baseUrl = env('BASE_URL').replace(/\/$/, '');
const apiKey = env('API_KEY');
const connectionId = env('CONNECTION_ID');
const customer = env('CUSTOMER');
const sessionId = env('SESSION_ID');
const sessionError = process.env.SESSION_ERROR || '';
const shots = env('SCREENSHOT_DIR', 'target/browser-screenshots');
const checkFunnel = process.env.CHECK_FUNNEL !== 'false';
mkdirSync(shots, { recursive: true });

function expect(condition, message) {
  if (!condition) {
    throw new Error(`expectation failed: ${message}`);
  }
  console.log(`ok - ${message}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

// playwright-core's launch() starts Chromium with its own fresh temporary --user-data-dir.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
page.setDefaultTimeout(20000);
try {
  // 1. Signed out: the page sends the browser to /login.
  await page.goto(`${baseUrl}/`);
  expect(new URL(page.url()).pathname === '/login', 'an unsigned visit lands on /login');
  await shot(page, '01-login');
  await page.fill('#api_key', apiKey);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('main.login button[type=submit]')]);
  expect(await page.locator('a[href="/q/swagger-ui"]').count() === 1, 'the header links the API explorer');
  await shot(page, '02-connections');

  // 2. The list, filtered to reauth for this test's customer.
  await page.selectOption('select[name=status]', 'reauth');
  await page.fill('input[name=customer]', customer);
  await Promise.all([page.waitForURL(/status=reauth/), page.click('form.filters button[type=submit]')]);
  const row = page.locator(`a[href="/connections/${connectionId}"]`);
  expect(await row.count() === 1, 'the reauth filter lists the connection');
  expect(await page.locator('tbody .badge.bad', { hasText: 'reauth' }).count() >= 1, 'its status is a red badge');
  await shot(page, '03-connections-reauth');

  // 3. The connection's page.
  await Promise.all([page.waitForURL(`${baseUrl}/connections/${connectionId}`), row.click()]);
  expect((await page.textContent('h1')).includes('reauth'), 'the connection page shows the reauth status');
  expect(await page.locator(`button.copy[data-copy="${connectionId}"]`).count() === 1, 'the id has a copy button');
  await page.locator(`button.copy[data-copy="${connectionId}"]`).click();
  await page.locator('button.copy.done').first().waitFor();
  expect(true, 'the copy button reacts');
  await shot(page, '04-connection');

  // 4. Re-authentication: the Connect URL to send the employer.
  await Promise.all([page.waitForURL(/\/reauthenticate$/), page.click('#start-reauth')]);
  const connectUrl = (await page.textContent('#connect-url')).trim();
  expect(/^https?:\/\//.test(connectUrl), `a Connect URL is shown (${connectUrl})`);
  await shot(page, '05-reauthentication');

  // 5. The funnel.
  if (checkFunnel) {
    await page.goto(`${baseUrl}/funnel`);
    expect(await page.locator('.chart').count() === 1, 'the funnel page draws its chart');
    await shot(page, '06-funnel');
  }

  // 6. A session's timeline through the header's search box.
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name=session_id]', sessionId);
  await Promise.all([page.waitForURL(`${baseUrl}/sessions/${sessionId}`), page.click('form.session-search button')]);
  expect(await page.locator('ol.timeline li').count() >= 2, 'the session timeline lists its events');
  if (sessionError) {
    expect((await page.textContent('ol.timeline')).includes(sessionError), 'the error the employer saw is shown');
  }
  await shot(page, '07-session');
} catch (error) {
  failed = true;
  console.error(error);
  await shot(page, 'failure').catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

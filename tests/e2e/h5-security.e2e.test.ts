import { BASE_URL, type Browser, goto, openBrowser, visible } from './support/browser';

/*
 * The H5 build is served with a strict Content-Security-Policy (scripts only from its own
 * origin, no framing) and the usual hardening headers, and the pages residents use most run
 * under it without a single violation: the policy is real, not a header nobody tests.
 */

let b: Browser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b.close();
});

it('serves the H5 pages and their scripts with hardening headers', async () => {
  const html = await fetch(`${BASE_URL}/pages/index/index`);
  expect(html.status).toBe(200);
  expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
  expect(html.headers.get('x-frame-options')).toBe('DENY');
  expect(html.headers.get('x-content-type-options')).toBe('nosniff');
  expect(html.headers.get('referrer-policy')).toBe('no-referrer');
  const script = (await html.text()).match(/<script[^>]+src="([^"]+\.js)"/)?.[1];
  expect(script).toBeTruthy();
  const js = await fetch(new URL(script as string, BASE_URL));
  expect(js.status).toBe(200);
  expect(js.headers.get('x-content-type-options')).toBe('nosniff');

  // The build's precompressed copies go to browsers that take them, and say the same thing.
  const packed = await fetch(new URL(script as string, BASE_URL), { headers: { 'accept-encoding': 'br' } });
  expect(packed.headers.get('content-encoding')).toBe('br');
  expect(packed.headers.get('vary')).toMatch(/accept-encoding/i);
  const plain = await fetch(new URL(script as string, BASE_URL), { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(await packed.text()).toBe(await plain.text());
});

it('runs 首页, 办事 and an item guide without any Content-Security-Policy violation', async () => {
  const { page } = b;
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations: string[] = [];
  for (const [path, shown] of [['/pages/index/index', 'home-login-button'], ['/pages/services/index', 'market-department'], ['/pages/halls/index', 'hall-row']] as const) {
    await goto(page, path);
    await visible(page, shown).first().waitFor();
    await page.waitForLoadState('networkidle');
    violations.push(...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)));
  }
  expect(violations).toEqual([]);
});

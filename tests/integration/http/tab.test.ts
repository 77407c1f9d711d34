/** The built tab is served under /tab: the page uncached and frameable only by Microsoft 365 hosts. */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('2026-11-18T09:00:00+00:00');
});
afterAll(async () => server.close());

test('the page, for any path under /tab (deep links), with its hashed assets', async () => {
  for (const path of ['/tab/', '/tab/cases/C-1001']) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(
      /(^|; )frame-ancestors 'self' https:\/\/teams\.microsoft\.com /,
    );
    // Nothing but its own files and API; no inline or foreign script.
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'self'; script-src 'self'; .*connect-src 'self' https:\/\/res\.cdn\.office\.net; object-src 'none'; base-uri 'none'/,
    );
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await asset.text()).length).toBeGreaterThan(1000);
  }
});

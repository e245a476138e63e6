import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { startWebServer, type WebServer } from '../../electron/web/web-server.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(server: WebServer, options: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a printed address as a browser would; returns the session cookie it got ("name=value"). */
async function admitted(server: WebServer): Promise<string> {
  const reply = await request(server, { path: pathOf(server.admissionUrl()) });
  return sessionOf(reply);
}

function sessionOf(reply: Reply): string {
  const cookie = reply.headers['set-cookie']?.[0] ?? '';
  return cookie.split(';')[0]!;
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

describe('the web transport', () => {
  let server: WebServer;
  let cookie: string;
  const rendererDir = tempDir();

  beforeAll(async () => {
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'index.js'), 'console.log(1)');
    const { collection } = openTestCollection();
    server = await startWebServer({ dispatcher: createDispatcher(createHandlers({ collection, appVersion: 't', transport: 'http' })), rendererDir });
    cookie = await admitted(server);
  });
  afterAll(() => server.close());

  const api = (method: string, headers: Record<string, string>, body = '{}') =>
    request(server, { path: `/api/${method}`, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('binds to the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.admissionUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?admit=[\w-]{43}$/);
  });

  it('gives an outside client nothing: not the page, its bundle, media or any API call', async () => {
    for (const p of ['/', '/index.html', '/assets/index.js', '/media/x.png', '/?admit=', '/?admit=guess']) {
      const reply = await request(server, { path: p });
      expect(reply.status, p).toBe(403);
      expect(reply.body, p).not.toContain('app');
      expect(reply.headers['set-cookie'], p).toBeUndefined();
    }
    expect((await api('today.get', {})).status).toBe(403);
    expect((await api('settings.update', {}, '{"newPerDay": 999}')).status).toBe(403);
    // A made-up session, an empty one, and the right value under another port's name.
    const [name, value] = cookie.split('=') as [string, string];
    for (const forged of [`${name}=${'x'.repeat(43)}`, `${name}=`, `demarc-session-1=${value}`, value]) {
      expect((await api('today.get', { Cookie: forged })).status, forged).toBe(403);
      expect((await request(server, { path: '/', headers: { Cookie: forged } })).status, forged).toBe(403);
    }
  });

  it('admits a browser once per printed address: an HttpOnly, SameSite=Strict cookie, then the app', async () => {
    const address = server.admissionUrl();
    const first = await request(server, { path: pathOf(address) });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(new RegExp(`^demarc-session-${server.port}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    const session = sessionOf(first);
    const page = await request(server, { path: '/', headers: { Cookie: session } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('app');
    expect(page.headers['content-security-policy']).toContain(`script-src http://127.0.0.1:${server.port}/assets/ http://localhost:${server.port}/assets/;`);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request(server, { path: '/assets/index.js', headers: { Cookie: session } })).status).toBe(200);

    // The same address again, from a client without the cookie: refused, no cookie.
    const again = await request(server, { path: pathOf(address) });
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toMatch(/already used/);
    // The browser that used it may open it again: it simply goes on to the app.
    const back = await request(server, { path: pathOf(address), headers: { Cookie: session } });
    expect(back.status).toBe(303);
    expect(back.headers['set-cookie']).toBeUndefined();
  });

  it('answers a call that carries the session cookie', async () => {
    const reply = await api('today.get', { Cookie: cookie, Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).ok).toBe(true);
  });

  it('refuses other origins, even other ports of 127.0.0.1 that the browser sends the cookie to, and sends no CORS headers', async () => {
    const foreign: Record<string, string>[] = [
      { Origin: 'http://evil.example' },
      { Origin: 'http://127.0.0.1:1' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const reply = await api('today.get', { Cookie: cookie, ...headers });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await request(server, { path: '/', host: `attacker.example:${server.port}`, headers: { Cookie: cookie } });
    expect(reply.status).toBe(421);
    const call = await request(server, {
      path: '/api/today.get',
      method: 'POST',
      host: 'rebound.example',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: '{}',
    });
    expect(call.status).toBe(421);
    // Nor is a token spent through a foreign host.
    const address = server.admissionUrl();
    expect((await request(server, { path: pathOf(address), host: `attacker.example:${server.port}` })).status).toBe(421);
    expect((await request(server, { path: pathOf(address) })).status).toBe(303);
  });

  it('refuses oversized bodies and wrong content types', async () => {
    const small = await startWebServer({
      dispatcher: createDispatcher(createHandlers({ collection: openTestCollection().collection, appVersion: 't', transport: 'http' })),
      rendererDir,
      maxBodyBytes: 1000,
    });
    try {
      const reply = await request(small, {
        path: '/api/today.get',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: await admitted(small) },
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
      });
      expect(reply.status).toBe(413);
    } finally {
      await small.close();
    }
    expect((await api('today.get', { Cookie: cookie, 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2fetc%2fpasswd', '/..\\package.json']) {
      expect((await request(server, { path: p, headers: { Cookie: cookie } })).status).toBe(404);
    }
  });
});

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

describe('the web transport', () => {
  let server: WebServer;
  const rendererDir = tempDir();

  beforeAll(async () => {
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
    const { collection } = openTestCollection();
    server = await startWebServer({ dispatcher: createDispatcher(createHandlers({ collection, appVersion: 't', transport: 'http' })), rendererDir });
  });
  afterAll(() => server.close());

  const api = (method: string, headers: Record<string, string>, body = '{}') =>
    request(server, { path: `/api/${method}`, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('binds to the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('hands the secret to its own page only, inside the HTML, with a CSP', async () => {
    const page = await request(server, { path: '/' });
    expect(page.body).toContain(`content="${server.secret}"`);
    expect(page.headers['content-security-policy']).toContain(`script-src http://127.0.0.1:${server.port}/assets/ http://localhost:${server.port}/assets/;`);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a call that carries the secret', async () => {
    const reply = await api('today.get', { 'X-Demarc-Secret': server.secret });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).ok).toBe(true);
  });

  it('refuses calls without the secret or with a wrong one', async () => {
    expect((await api('today.get', {})).status).toBe(403);
    expect((await api('today.get', { 'X-Demarc-Secret': 'x'.repeat(43) })).status).toBe(403);
  });

  it('refuses other origins and sends no CORS headers', async () => {
    const reply = await api('today.get', { 'X-Demarc-Secret': server.secret, Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await request(server, { path: '/', host: `attacker.example:${server.port}` });
    expect(reply.status).toBe(421);
    const call = await request(server, {
      path: '/api/today.get',
      method: 'POST',
      host: 'rebound.example',
      headers: { 'Content-Type': 'application/json', 'X-Demarc-Secret': server.secret },
      body: '{}',
    });
    expect(call.status).toBe(421);
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
        headers: { 'Content-Type': 'application/json', 'X-Demarc-Secret': small.secret },
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
      });
      expect(reply.status).toBe(413);
    } finally {
      await small.close();
    }
    expect((await api('today.get', { 'X-Demarc-Secret': server.secret, 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2fetc%2fpasswd', '/..\\package.json']) {
      expect((await request(server, { path: p })).status).toBe(404);
    }
  });
});

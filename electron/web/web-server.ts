import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Dispatcher } from '../api/api-dispatcher.js';
import { pageContentSecurityPolicy } from '../shared/content-security.js';
import { mediaResponse } from '../shared/media-response.js';
import { mimeTypeOf, resolveStaticPath } from '../shared/static-files.js';
import { maxImportFileBase64 } from '../core/importing/import-types.js';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Imported media files, served under /media/. */
  mediaDir?: string | undefined;
  port?: number | undefined;
  /** Largest accepted request body; files travel base64 inside JSON. */
  maxBodyBytes?: number | undefined;
}

export interface WebServer {
  url: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

export const secretHeader = 'x-demarc-secret';
/** The largest import as base64, plus room for the rest of the JSON (file name, options). */
const defaultMaxBody = maxImportFileBase64 + 64 * 1024;

/**
 * The web mode transport: the renderer and the API on 127.0.0.1 only. Every
 * API call must carry the per-launch secret (which only our own page gets,
 * inside its HTML), a Host header naming the loopback address (against DNS
 * rebinding) and no foreign Origin; no CORS headers are ever sent.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const secret = randomBytes(32).toString('base64url');
  const secretBuffer = Buffer.from(secret);
  const maxBody = options.maxBodyBytes ?? defaultMaxBody;
  let port = 0;

  const pageCsp = () => pageContentSecurityPolicy([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!allowedHost(req.headers.host)) return reply(res, 421, 'text/plain', 'Misdirected request: unknown host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'Method not allowed.');
    if (url.pathname.startsWith('/media/')) {
      void mediaResponse(options.mediaDir, url.pathname.slice('/media/'.length)).then((media) => {
        if (res.headersSent) return;
        res.writeHead(media.status, media.headers);
        res.end(req.method === 'HEAD' ? undefined : media.body);
      });
      return;
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return reply(res, 404, 'text/plain', 'Not found.');
    if (file.endsWith('index.html')) {
      const html = fs
        .readFileSync(file, 'utf8')
        .replace('<head>', `<head>\n    <meta name="demarc-secret" content="${secret}">`);
      return reply(res, 200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': pageCsp(), 'Cache-Control': 'no-store' });
    }
    return sendFile(res, file, pageCsp());
  });

  function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): void {
    if (req.method !== 'POST') return reply(res, 405, 'text/plain', 'Method not allowed.');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return reply(res, 403, 'text/plain', 'Forbidden origin.');
    }
    const given = Buffer.from(String(req.headers[secretHeader] ?? ''));
    if (given.length !== secretBuffer.length || !timingSafeEqual(given, secretBuffer)) {
      return reply(res, 403, 'text/plain', 'Missing or wrong secret.');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return reply(res, 415, 'text/plain', 'Expected application/json.');
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      req.resume();
      return reply(res, 413, 'text/plain', 'Request too large.');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody && !aborted) {
        aborted = true;
        reply(res, 413, 'text/plain', 'Request too large.');
        req.destroy();
        return;
      }
      if (!aborted) chunks.push(chunk);
    });
    req.on('end', () => {
      if (aborted) return;
      let body: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        return reply(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'The request body is not valid JSON.' } }));
      }
      void options.dispatcher.dispatch(decodeMethod(method), body).then((envelope) => {
        reply(res, 200, 'application/json', JSON.stringify(envelope), { 'Cache-Control': 'no-store' });
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A malformed escape (`/api/%E0%A4%A`) must not throw inside the request handler, which would end the process: the raw name is then simply unknown. */
function decodeMethod(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function reply(res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': type, ...headers });
  res.end(body);
}

function sendFile(res: http.ServerResponse, file: string, csp: string): void {
  res.writeHead(200, { 'Content-Type': mimeTypeOf(file), 'Cache-Control': 'no-cache', 'Content-Security-Policy': csp });
  fs.createReadStream(file).pipe(res);
}

import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from '../api/api-dispatcher.js';
import { pageContentSecurityPolicy } from '../shared/content-security.js';
import { mediaResponse } from '../shared/media-response.js';
import { mimeTypeOf, resolveStaticPath } from '../shared/static-files.js';
import { maxImportFileBase64 } from '../core/importing/import-types.js';
import { WebAdmission } from './web-admission.js';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Imported media files, served under /media/. */
  mediaDir?: string | undefined;
  port?: number | undefined;
  /** Largest accepted request body; files travel base64 inside JSON. */
  maxBodyBytes?: number | undefined;
  /** Called each time a browser was admitted (web mode then prints the next address). */
  onAdmitted?: (() => void) | undefined;
}

export interface WebServer {
  /** Where the app lives once a browser is admitted: http://127.0.0.1:PORT/ (serves nothing without the session cookie). */
  url: string;
  port: number;
  /** A new address that admits one browser, once: the only way in. */
  admissionUrl(): string;
  close(): Promise<void>;
}

/** The query parameter of the printed address that carries the one-time token. */
export const admissionParameter = 'admit';
/** The largest import as base64, plus room for the rest of the JSON (file name, options). */
const defaultMaxBody = maxImportFileBase64 + 64 * 1024;

/**
 * The web mode transport: the renderer and the API on 127.0.0.1 only. Other
 * local processes are untrusted, so connecting gets nothing: every request
 * (the page, its bundle, media, the API) must carry the session cookie a
 * browser gets by opening the printed address once (web-admission.ts), and
 * a Host header naming the loopback address (against DNS rebinding). API
 * calls must also come from our own origin (no foreign Origin, no
 * cross-origin Sec-Fetch-Site); no CORS headers are ever sent.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const maxBody = options.maxBodyBytes ?? defaultMaxBody;
  let port = 0;
  const admission = new WebAdmission(() => port);

  const pageCsp = () => pageContentSecurityPolicy([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!allowedHost(req.headers.host)) return reply(res, 421, 'text/plain', 'Misdirected request: unknown host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const token = url.searchParams.get(admissionParameter);
    if (token !== null && url.pathname === '/' && req.method === 'GET') return admit(req, res, token);
    if (!admission.admits(req.headers.cookie)) return refuse(res);
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
      return reply(res, 200, 'text/html; charset=utf-8', fs.readFileSync(file, 'utf8'), { 'Content-Security-Policy': pageCsp(), 'Cache-Control': 'no-store' });
    }
    return sendFile(res, file, pageCsp());
  });

  /**
   * The printed address: a token not yet used gets this browser its session
   * cookie and is spent; then on to the app, without the token in the
   * address bar or the history. A browser already admitted just goes on.
   */
  function admit(req: http.IncomingMessage, res: http.ServerResponse, token: string): void {
    const session = admission.redeem(token);
    if (session === null && !admission.admits(req.headers.cookie)) {
      return reply(res, 403, 'text/plain; charset=utf-8', 'This address was already used (or is not one web mode printed). Open the newest address that "npm run web" printed.', {
        'Cache-Control': 'no-store',
      });
    }
    const headers: Record<string, string> = { Location: '/', 'Cache-Control': 'no-store' };
    if (session !== null) headers['Set-Cookie'] = admission.setCookie(session);
    res.writeHead(303, headers);
    res.end();
    if (session !== null) options.onAdmitted?.();
  }

  function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): void {
    if (req.method !== 'POST') return reply(res, 405, 'text/plain', 'Method not allowed.');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return reply(res, 403, 'text/plain', 'Forbidden origin.');
    }
    // Another page on 127.0.0.1 (any port) is the same site to a browser, which sends it our cookie: only our own origin may call.
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin') return reply(res, 403, 'text/plain', 'Forbidden origin.');
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
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    admissionUrl: () => `${url}?${admissionParameter}=${admission.mintToken()}`,
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

/** What any request without the session cookie gets: nothing of the app, and how to get in. */
function refuse(res: http.ServerResponse): void {
  reply(res, 403, 'text/plain; charset=utf-8', 'Not admitted. Open the address that "npm run web" printed in its terminal.', { 'Cache-Control': 'no-store' });
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

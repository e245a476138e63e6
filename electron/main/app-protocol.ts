import { protocol } from 'electron';
import fs from 'node:fs';
import { contentSecurityPolicy, mimeTypeOf, resolveStaticPath } from '../shared/static-files.js';
import { appScheme } from './window-security.js';

/** Must run before the app is ready: our scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer (and imported media under /media/) from app://demarc/,
 * never from file://, with the CSP as a header; paths that escape the folders are 404.
 */
export function serveAppProtocol(rendererDir: string, mediaDir: string): void {
  protocol.handle(appScheme, (request) => {
    const url = new URL(request.url);
    if (url.host !== 'demarc') return new Response('Not found', { status: 404 });
    const file = url.pathname.startsWith('/media/')
      ? resolveStaticPath(mediaDir, url.pathname.slice('/media/'.length))
      : resolveStaticPath(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(file), {
      headers: {
        'Content-Type': mimeTypeOf(file),
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

import { protocol } from 'electron';
import fs from 'node:fs';
import { pageContentSecurityPolicy } from '../shared/content-security.js';
import { mediaResponse } from '../shared/media-response.js';
import { mimeTypeOf, resolveStaticPath } from '../shared/static-files.js';
import { appScheme } from './window-security.js';

/** Must run before the app is ready: our scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer (and imported media under /media/, as inert content) from app://demarc/,
 * never from file://, with the CSP as a header; paths that escape the folders are 404.
 */
export function serveAppProtocol(rendererDir: string, mediaDir: string): void {
  const pageCsp = pageContentSecurityPolicy([`${appScheme}://demarc`]);
  protocol.handle(appScheme, (request) => {
    const url = new URL(request.url);
    if (url.host !== 'demarc') return new Response('Not found', { status: 404 });
    if (url.pathname.startsWith('/media/')) {
      return mediaResponse(mediaDir, url.pathname.slice('/media/'.length)).then((media) => new Response(media.body, { status: media.status, headers: media.headers }));
    }
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(file), {
      headers: {
        'Content-Type': mimeTypeOf(file),
        'Content-Security-Policy': pageCsp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

/**
 * The Content-Security-Policy headers. The page may run scripts from the
 * app's own bundle folder (`/assets/`) only: not from `'self'` as a whole,
 * which would include `/media/`, where imported files are served. Media
 * responses get a policy of their own that makes any document inert.
 */
export function pageContentSecurityPolicy(origins: readonly string[]): string {
  const bundle = origins.map((origin) => `${origin}/assets/`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${bundle}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Every response under /media/: `sandbox` gives a document opened there an
 * opaque origin with scripts, forms and plugins off, and `default-src 'none'`
 * lets it load nothing. The bytes are an image or a sound anyway (see
 * media-response.ts); this is the second lock.
 */
export const mediaContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'";

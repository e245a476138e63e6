import fs from 'node:fs';
import { fileTypeFromBuffer } from 'file-type';
import { mediaContentSecurityPolicy } from './content-security.js';
import { resolveStaticPath } from './static-files.js';

/**
 * Imported media are served by what their bytes are, never by their name:
 * only these image and audio types (no SVG, which is a document that can
 * hold scripts). Anything else under /media/ is 404.
 */
const servedMediaTypes = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'audio/mpeg',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/x-wav',
  'audio/flac',
  'audio/x-flac',
  'audio/aac',
  'audio/mp4',
  'audio/x-m4a',
  'audio/webm',
]);

/** Larger files are not served (the per-import media budget is smaller still). */
export const maxServedMediaBytes = 64 * 1024 * 1024;

/** The MIME type sniffed from the bytes when it is one we serve, else null. */
export async function sniffMediaType(bytes: Uint8Array): Promise<string | null> {
  const type = await fileTypeFromBuffer(bytes.subarray(0, 64 * 1024));
  if (!type) return null;
  const mime = type.mime === 'video/webm' || type.mime === 'video/ogg' ? type.mime.replace('video/', 'audio/') : type.mime;
  return servedMediaTypes.has(mime) ? mime : null;
}

export interface MediaResponse {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Headers every media response carries, the 404 included. */
export const mediaHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': mediaContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/** One media request, for both transports (the app:// protocol and web mode). */
export async function mediaResponse(mediaDir: string | null | undefined, urlPath: string): Promise<MediaResponse> {
  const notFound: MediaResponse = { status: 404, headers: { ...mediaHeaders, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not found.' };
  const file = mediaDir ? resolveStaticPath(mediaDir, urlPath) : null;
  if (!file) return notFound;
  let bytes: Buffer;
  try {
    if (fs.statSync(file).size > maxServedMediaBytes) return notFound;
    bytes = fs.readFileSync(file);
  } catch {
    return notFound;
  }
  const type = await sniffMediaType(bytes);
  if (!type) return notFound;
  return { status: 200, headers: { ...mediaHeaders, 'Content-Type': type, 'Content-Disposition': 'inline' }, body: bytes };
}

import { replaceSpans } from './linear-text.js';

/**
 * Anki's `[sound:name]` tags are kept through the sanitiser when the name is
 * a media file of the import (renamed as it was saved), so that review can
 * offer a player; a tag naming anything else is dropped.
 */
/** Maps a media source found in card HTML (an image, a sound tag) to the name of an imported media file, or null to drop it. */
export type MediaResolver = (source: string) => string | null;

export function resolveSoundTags(html: string, resolveMedia: MediaResolver | null): string {
  if (!html.includes('[sound:')) return html;
  // One forward scan (imported text is hostile: no backtracking regex over it).
  return replaceSpans(html, '[sound:', ']', (name) => {
    const saved = name.length <= 300 && resolveMedia ? resolveMedia(name.trim()) : null;
    return saved && !/[\]<>"\\/]/.test(saved) ? `[sound:${saved}]` : '';
  });
}

/** The media names a text's sound tags play, in one forward scan. */
export function soundNames(html: string): Set<string> {
  const names = new Set<string>();
  if (html.includes('[sound:')) {
    replaceSpans(html, '[sound:', ']', (name) => {
      names.add(name.trim());
      return '';
    });
  }
  return names;
}

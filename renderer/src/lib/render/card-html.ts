import DOMPurify from 'dompurify';
import { escapeHtml, renderMath } from './math-render';
import { renderSounds } from './sound-render';

/**
 * What a card shows, from its stored text: imported HTML is sanitised again
 * (it was on import: defence in depth), plain text is escaped with its line
 * breaks kept; then math and sound tags are rendered. The transforms run on
 * sanitised text and emit only markup of their own (KaTeX's MathML, an audio
 * player for a media name), so nothing from the card reaches the page raw.
 */
/** `images: false` leaves images out: an import preview's media is not in the media folder yet. */
export function cardHtml(text: string, isHtml: boolean, options: { images?: boolean } = {}): string {
  const base = isHtml
    ? DOMPurify.sanitize(text, {
        FORBID_TAGS: ['style', 'form', 'input', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'audio', 'video', 'source', 'math', ...(options.images === false ? ['img'] : [])],
        FORBID_ATTR: ['style', 'srcset'],
        ALLOWED_URI_REGEXP: /^(?:media\/|\.\/media\/|#)/i,
      })
    : escapeHtml(text).replace(/\r?\n/g, '<br>');
  return renderSounds(renderMath(base));
}

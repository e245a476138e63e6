import sanitize from 'sanitize-html';
import { resolveSoundTags } from './sound-tags.js';

/** Maps an image source found in card HTML to the name of an imported media file, or null to drop the image. */
export type MediaResolver = (source: string) => string | null;

const colorValue = [/^#[0-9a-f]{3,8}$/i, /^[a-z]{3,20}$/i, /^rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*)?\)$/i];
const allowedStyles = {
  '*': {
    color: colorValue,
    'background-color': colorValue,
    'text-align': [/^(left|right|center|justify|start|end)$/i],
    'font-weight': [/^(normal|bold|bolder|lighter|[1-9]00)$/i],
    'font-style': [/^(normal|italic|oblique)$/i],
    'text-decoration': [/^(none|underline|overline|line-through)( (underline|overline|line-through))*$/i],
  },
};

const baseOptions: sanitize.IOptions = {
  allowedTags: [
    'b', 'i', 'u', 's', 'strong', 'em', 'sub', 'sup', 'small', 'big', 'mark', 'del', 'ins', 'code', 'pre', 'kbd', 'tt',
    'br', 'hr', 'p', 'div', 'span', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col',
    'ruby', 'rt', 'rp', 'img',
  ],
  allowedAttributes: {
    '*': ['style'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    ol: ['start', 'type'],
    span: ['class'],
  },
  allowedClasses: { span: ['cloze', 'cloze-inactive'] },
  allowedStyles,
  allowedSchemes: [],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
};

/**
 * Cleans card HTML from another program: basic formatting, lists and tables
 * stay; scripts, styles sheets, frames, event handlers and styles that could
 * load anything go. An image stays only when its source is an imported media
 * file, and then points at `media/<name>`.
 */
export function sanitizeCardHtml(html: string, resolveMedia: MediaResolver | null): string {
  // Text without markup, entities or sound tags comes out of the sanitiser unchanged.
  if (!/[<>&[]/.test(html)) return html.trim();
  const withSounds = resolveSoundTags(html, resolveMedia);
  return sanitize(withSounds, {
    ...baseOptions,
    transformTags: {
      img: (tagName, attribs) => {
        const name = attribs.src ? resolveImage(attribs.src, resolveMedia) : null;
        const kept: Record<string, string> = {};
        if (name) kept.src = `media/${encodeURIComponent(name)}`;
        for (const key of ['alt', 'title', 'width', 'height']) if (attribs[key] !== undefined) kept[key] = attribs[key];
        return { tagName, attribs: kept };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }).trim();
}

function resolveImage(src: string, resolveMedia: MediaResolver | null): string | null {
  if (!resolveMedia) return null;
  const value = src.trim();
  // Anything with a scheme (http:, data:, file:, javascript:) or protocol-relative is not a packaged file.
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//') || value.startsWith('\\')) return null;
  let name = value;
  try {
    name = decodeURIComponent(value);
  } catch {
    // keep the raw value
  }
  return resolveMedia(name) ?? (name !== value ? resolveMedia(value) : null);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[body.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML fragment: whitespace collapsed as a browser would, line breaks for <br> and blocks, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/\s+/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      // Block boundaries: adjacent ones (</div><div>) make a single line break.
      .replace(/<\/?(p|div|li|tr|h[1-6]|blockquote|pre|ul|ol|dl|dt|dd|table|hr)\b[^>]*>/gi, '\uE000')
      .replace(/\uE000(\s*\uE000)*/g, '\n')
      .replace(/<img\b[^>]*>/gi, (tag) => {
        const alt = /\balt\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
        return alt ? `[${alt}]` : '[image]';
      })
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** True when HTML shows nothing: no text and no image. */
export function isBlankHtml(html: string): boolean {
  return !/<img\b/i.test(html) && htmlToText(html).trim() === '';
}

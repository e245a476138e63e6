import sanitize from 'sanitize-html';
import { resolveSoundTags, type MediaResolver } from './sound-tags.js';
import { forwardFinder, trimLines } from './linear-text.js';

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
  // type-answer: where an Anki type-in card's answer is typed (empty) and what it should be (anki-templates.ts).
  allowedClasses: { span: ['cloze', 'cloze-inactive', 'type-answer'] },
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
export function sanitizeCardHtml(html: string, resolveMedia: MediaResolver | null, styledClasses: readonly string[] = []): string {
  // Text without markup, entities or sound tags comes out of the sanitiser unchanged.
  if (!/[<>&[]/.test(html)) return html.trim();
  const withSounds = resolveSoundTags(html, resolveMedia);
  return sanitize(withSounds, {
    ...baseOptions,
    // The classes the card's own scoped CSS styles (text/card-css.ts) stay, on any element kept; no others.
    ...(styledClasses.length
      ? {
          allowedAttributes: { ...baseOptions.allowedAttributes, '*': ['style', 'class'] },
          allowedClasses: { '*': [...styledClasses], span: ['cloze', 'cloze-inactive', 'type-answer', ...styledClasses] },
        }
      : {}),
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

/**
 * Plain text of an HTML fragment: whitespace collapsed as a browser would,
 * line breaks for <br> and blocks, tags dropped, entities decoded. Runs on
 * untrusted text, so every step is linear (see linear-text.ts): no regex
 * here can scan to the end of the text once per `<`.
 */
export function htmlToText(html: string): string {
  const collapsed = removeElement(removeElement(html, 'script'), 'style').replace(/\s+/g, ' ');
  return trimLines(decodeEntities(replaceTags(collapsed).replace(/\uE000(\s*\uE000)*/g, '\n')))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Block boundaries become a marker (adjacent ones, as in </div><div>, make a single line break later). */
const blockTag = /^\/?(p|div|li|tr|h[1-6]|blockquote|pre|ul|ol|dl|dt|dd|table|hr)\b/i;

/** Each tag, from a `<` to the first `>` after it (a `<` followed by another `<` first is text), becomes its text. */
function replaceTags(text: string): string {
  const nextOpen = forwardFinder(text, '<');
  const nextClose = forwardFinder(text, '>');
  let out = '';
  let copied = 0;
  let at = nextOpen(0);
  while (at !== -1) {
    const end = nextClose(at + 1);
    if (end === -1) break;
    const nextAt = nextOpen(at + 1);
    if (nextAt !== -1 && nextAt < end) {
      at = nextAt;
      continue;
    }
    out += text.slice(copied, at) + tagText(text.slice(at + 1, end));
    copied = end + 1;
    at = nextOpen(copied);
  }
  return out + text.slice(copied);
}

function tagText(inner: string): string {
  if (/^br\s*\/?$/i.test(inner)) return '\n';
  if (blockTag.test(inner)) return '\uE000';
  if (/^img\b/i.test(inner)) {
    const alt = /\balt\s*=\s*"/i.exec(inner);
    const close = alt ? inner.indexOf('"', alt.index + alt[0].length) : -1;
    const text = alt && close !== -1 ? inner.slice(alt.index + alt[0].length, close) : '';
    return text ? `[${text}]` : '[image]';
  }
  return '';
}

/** Drops `<name …>…</name>` elements (case-insensitive), the first closing tag after each opening one. */
function removeElement(text: string, name: string): string {
  // An ASCII-only lower-case copy keeps every index where it was.
  const lower = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const nextOpen = forwardFinder(lower, `<${name}`);
  const nextClose = forwardFinder(lower, `</${name}`);
  let out = '';
  let copied = 0;
  let at = nextOpen(0);
  while (at !== -1) {
    if (/\w/.test(lower[at + name.length + 1] ?? '')) {
      at = nextOpen(at + 1);
      continue;
    }
    let end = -1;
    for (let close = nextClose(at + name.length + 1); close !== -1; close = nextClose(close + 1)) {
      let i = close + name.length + 2;
      while (i < lower.length && /\s/.test(lower[i]!)) i++;
      if (lower[i] === '>') {
        end = i + 1;
        break;
      }
    }
    if (end === -1) break;
    out += text.slice(copied, at);
    copied = end;
    at = nextOpen(copied);
  }
  return out + text.slice(copied);
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

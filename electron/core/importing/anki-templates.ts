import { escapeHtml, htmlToText } from '../text/html-sanitizer.js';
import { forwardFinder, replaceSpans } from '../text/linear-text.js';

/**
 * Anki's card templates, rendered the way Anki renders them, for the subset
 * that matters to an importer: fields, {{FrontSide}}, conditional sections
 * ({{#Field}}…{{/Field}}, {{^Field}}…{{/Field}}) and the text, cloze, hint and
 * type filters. Output is raw HTML: sanitise it before storing.
 */
export interface TemplateContext {
  fields: ReadonlyMap<string, string>;
  /** The rendered question, for {{FrontSide}} on the answer side. */
  frontSide?: string | undefined;
  /** For cloze note types: the cloze number of the card (1-based) and the side shown. */
  cloze?: { ord: number } | undefined;
  side: 'front' | 'back';
  tags?: string | undefined;
  noteType?: string | undefined;
  deck?: string | undefined;
  cardName?: string | undefined;
}

type Node = { type: 'text'; text: string } | { type: 'var'; name: string } | { type: 'section'; name: string; inverted: boolean; children: Node[] };

const parsedCache = new Map<string, Node[]>();

export function renderTemplate(template: string, ctx: TemplateContext): string {
  let nodes = parsedCache.get(template);
  if (!nodes) {
    nodes = parseTemplate(template);
    if (parsedCache.size > 500) parsedCache.clear();
    parsedCache.set(template, nodes);
  }
  return renderNodes(nodes, ctx);
}

export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  const openAt = forwardFinder(template, '{{');
  const closeAt = forwardFinder(template, '}}');
  let last = 0;
  // Each {{…}} is the first "}}" after a "{{" (found by forward search: linear even on a run of "{{" with no "}}").
  for (let start = openAt(0); start !== -1; start = openAt(last)) {
    const end = closeAt(start + 2);
    if (end === -1) break;
    const top = stack[stack.length - 1]!;
    if (start > last) top.children.push({ type: 'text', text: template.slice(last, start) });
    last = end + 2;
    const tag = template.slice(start + 2, end).trim();
    const sigil = tag[0];
    if (sigil === '#' || sigil === '^') {
      const section: Node = { type: 'section', name: tag.slice(1).trim(), inverted: sigil === '^', children: [] };
      top.children.push(section);
      stack.push({ name: section.name, children: section.children });
    } else if (sigil === '/') {
      const name = tag.slice(1).trim();
      // Close the matching section; a stray closing tag is ignored.
      const at = stack.map((s) => s.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
    } else if (sigil === '!') {
      // a comment
    } else {
      top.children.push({ type: 'var', name: tag });
    }
  }
  const top = stack[stack.length - 1]!;
  if (last < template.length) top.children.push({ type: 'text', text: template.slice(last) });
  return root;
}

function renderNodes(nodes: Node[], ctx: TemplateContext): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'var') out += renderVar(node.name, ctx);
    else {
      const present = !fieldIsEmpty(lookup(node.name, ctx) ?? '');
      if (present !== node.inverted) out += renderNodes(node.children, ctx);
    }
  }
  return out;
}

function renderVar(tag: string, ctx: TemplateContext): string {
  const parts = tag.split(':');
  const name = parts.pop()!.trim();
  let value = lookup(name, ctx) ?? '';
  if (parts.some((p) => p.trim() === 'type')) return typeAnswer(value, parts.some((p) => p.trim() === 'cloze') ? ctx.cloze : undefined, ctx.side);
  // Filters apply from the innermost (nearest the field name) outwards.
  for (const filter of parts.reverse()) value = applyFilter(filter.trim(), value, ctx);
  return value;
}

function lookup(name: string, ctx: TemplateContext): string | undefined {
  const direct = ctx.fields.get(name);
  if (direct !== undefined) return direct;
  switch (name) {
    case 'FrontSide':
      return ctx.frontSide ?? '';
    case 'Tags':
      return ctx.tags ?? '';
    case 'Type':
      return ctx.noteType ?? '';
    case 'Deck':
      return ctx.deck ?? '';
    case 'Subdeck':
      return (ctx.deck ?? '').split('::').pop() ?? '';
    case 'Card':
      return ctx.cardName ?? '';
    case 'CardFlag':
      return '';
  }
  const lower = name.toLowerCase();
  for (const [key, value] of ctx.fields) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function applyFilter(filter: string, value: string, ctx: TemplateContext): string {
  switch (filter) {
    case 'text':
      return escapeHtml(htmlToText(value));
    case 'cloze':
      return ctx.cloze ? renderCloze(value, ctx.cloze.ord, ctx.side) : value;
    case 'cloze-only':
      return ctx.cloze ? clozeOnly(value, ctx.cloze.ord) : '';
    case 'hint':
      return value;
    case 'kanji':
      return replaceRubies(value, (base) => base);
    case 'kana':
      return replaceRubies(value, (_base, reading) => reading);
    case 'furigana':
      return replaceRubies(value, (base, reading) => `<ruby><rb>${base}</rb><rt>${reading}</rt></ruby>`);
    default:
      return filter.startsWith('tts') ? '' : value;
  }
}

/**
 * Anki's type-in answer (`{{type:Field}}`, `{{type:cloze:Text}}`, and the
 * `nc`/`ci` variants): on the front, the place the learner types, an empty
 * marker; on the back, the same marker holding the expected answer as text.
 * The review screen turns the first into a text box and compares what was
 * typed with the second, character by character, as Anki does.
 */
export const typeAnswerClass = 'type-answer';

function typeAnswer(value: string, cloze: { ord: number } | undefined, side: 'front' | 'back'): string {
  if (side === 'front') return `<span class="${typeAnswerClass}"></span>`;
  const expected = cloze ? clozeOnly(value, cloze.ord) : value;
  return `<span class="${typeAnswerClass}">${escapeHtml(htmlToText(expected))}</span>`;
}

interface Cloze {
  start: number;
  end: number;
  num: number;
  answer: string;
  hint: string | undefined;
}

/**
 * The cloze deletions `{{cN::answer}}` / `{{cN::answer::hint}}` of a text,
 * as /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g would find them,
 * in linear time: that regex scans to the end once per unclosed "{{c".
 */
function findClozes(text: string): Cloze[] {
  const openAt = forwardFinder(text, '{{c');
  const closeAt = forwardFinder(text, '}}');
  const separatorAt = forwardFinder(text, '::');
  const found: Cloze[] = [];
  for (let start = openAt(0); start !== -1; ) {
    let i = start + 3;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start + 3 || !text.startsWith('::', i)) {
      start = openAt(start + 1);
      continue;
    }
    const end = closeAt(i + 2);
    if (end === -1) break;
    const separator = separatorAt(i + 2);
    const hasHint = separator !== -1 && separator < end;
    found.push({
      start,
      end: end + 2,
      num: Number(text.slice(start + 3, i)),
      answer: text.slice(i + 2, hasHint ? separator : end),
      hint: hasHint ? text.slice(separator + 2, end) : undefined,
    });
    start = openAt(end + 2);
  }
  return found;
}

/** Cloze deletions: the active one hidden on the front ([...] or [hint]) and revealed on the back; the others shown. */
export function renderCloze(text: string, ord: number, side: 'front' | 'back'): string {
  let out = '';
  let copied = 0;
  for (const c of findClozes(text)) {
    out += text.slice(copied, c.start);
    if (c.num !== ord) out += c.answer;
    else if (side === 'front') out += `<span class="cloze">[${c.hint ? c.hint : '...'}]</span>`;
    else out += `<span class="cloze">${c.answer}</span>`;
    copied = c.end;
  }
  return out + text.slice(copied);
}

function clozeOnly(text: string, ord: number): string {
  return findClozes(text)
    .filter((c) => c.num === ord)
    .map((c) => c.answer)
    .join(', ');
}

/** The cloze numbers used in a text, ascending. */
export function clozeNumbers(text: string): number[] {
  const found = new Set<number>();
  for (const c of findClozes(text)) if (c.num > 0) found.add(c.num);
  return [...found].sort((a, b) => a - b);
}

/**
 * Anki's furigana syntax `base[reading]` (a space before the base is
 * dropped): each word (a run without spaces or ">") with a "[" inside, its
 * reading up to the first "]" on the same line. Linear, unlike Anki's
 * / ?([^ >]+?)\[(.+?)\]/g on a long word with no "]".
 */
function replaceRubies(text: string, ruby: (base: string, reading: string) => string): string {
  const bracketAt = forwardFinder(text, '[');
  const closeAt = forwardFinder(text, ']');
  const lineEndAt = forwardFinder(text, '\n');
  let out = '';
  let copied = 0;
  for (let open = bracketAt(0); open !== -1; ) {
    // The base: the word just before "[", back to a space, ">" or what was already copied.
    let baseStart = open;
    while (baseStart > copied && text[baseStart - 1] !== ' ' && text[baseStart - 1] !== '>') baseStart--;
    const close = closeAt(open + 2);
    const lineEnd = lineEndAt(open + 1);
    if (baseStart === open || close === -1 || (lineEnd !== -1 && lineEnd < close)) {
      if (close === -1) break;
      open = bracketAt(open + 1);
      continue;
    }
    const cut = baseStart > copied && text[baseStart - 1] === ' ' ? baseStart - 1 : baseStart;
    out += text.slice(copied, cut) + ruby(text.slice(baseStart, open), text.slice(open + 1, close));
    copied = close + 1;
    open = bracketAt(copied);
  }
  return out + text.slice(copied);
}

/** Anki's notion of an empty field: nothing but whitespace, line breaks and empty divs. */
export function fieldIsEmpty(value: string): boolean {
  return value.replace(/<br\s*\/?>|<\/?div>|&nbsp;|\s/gi, '') === '';
}

/** The answer part of a rendered back: what follows Anki's `<hr id=answer>`, when the template has one. */
export function answerPart(back: string): string {
  let cut = -1;
  // Each "<hr" up to the first ">" after it, as /<hr[^>]*\bid\s*=\s*["']?answer["']?[^>]*>/i would match, but linear.
  replaceSpans(back.replace(/[A-Z]+/g, (s) => s.toLowerCase()), '<hr', '>', (inner, start) => {
    if (cut === -1 && /\bid\s*=\s*["']?answer/.test(inner)) cut = start + 3 + inner.length + 1;
    return null;
  });
  return cut === -1 ? back : back.slice(cut);
}

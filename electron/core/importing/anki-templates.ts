import { escapeHtml, htmlToText } from './html-sanitizer.js';

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
  const re = /\{\{([\s\S]*?)\}\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) top.children.push({ type: 'text', text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    const tag = m[1]!.trim();
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
    case 'type':
      return '';
    case 'hint':
      return value;
    case 'kanji':
      return value.replace(/ ?([^ >]+?)\[(.+?)\]/g, '$1');
    case 'kana':
      return value.replace(/ ?([^ >]+?)\[(.+?)\]/g, '$2');
    case 'furigana':
      return value.replace(/ ?([^ >]+?)\[(.+?)\]/g, '<ruby><rb>$1</rb><rt>$2</rt></ruby>');
    default:
      return filter.startsWith('tts') ? '' : value;
  }
}

const clozePattern = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g;

/** Cloze deletions: the active one hidden on the front ([...] or [hint]) and revealed on the back; the others shown. */
export function renderCloze(text: string, ord: number, side: 'front' | 'back'): string {
  return text.replace(clozePattern, (_whole, num: string, answer: string, hint: string | undefined) => {
    if (Number(num) !== ord) return answer;
    if (side === 'front') return `<span class="cloze">[${hint ? hint : '...'}]</span>`;
    return `<span class="cloze">${answer}</span>`;
  });
}

function clozeOnly(text: string, ord: number): string {
  const answers: string[] = [];
  for (const m of text.matchAll(clozePattern)) if (Number(m[1]) === ord) answers.push(m[2]!);
  return answers.join(', ');
}

/** The cloze numbers used in a text, ascending. */
export function clozeNumbers(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(clozePattern)) {
    const n = Number(m[1]);
    if (n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

/** Anki's notion of an empty field: nothing but whitespace, line breaks and empty divs. */
export function fieldIsEmpty(value: string): boolean {
  return value.replace(/<br\s*\/?>|<\/?div>|&nbsp;|\s/gi, '') === '';
}

/** The answer part of a rendered back: what follows Anki's `<hr id=answer>`, when the template has one. */
export function answerPart(back: string): string {
  const m = /<hr[^>]*\bid\s*=\s*["']?answer["']?[^>]*>/i.exec(back);
  return m ? back.slice(m.index + m[0].length) : back;
}

import { owners, responsibilityLayers, taskPattern, type CardContent, type Owner, type ResponsibilityLayer } from '../domain/types.js';
import { cleanText } from '../domain/text-hygiene.js';
import { escapeHtml, htmlToText, textToHtml } from '../text/html-sanitizer.js';

/**
 * The Anki note types Demarc writes, one per card kind. Each renders in Anki
 * as the card looks in Demarc (a responsibility card's back names the owner
 * and explains; a choice card lists its options and names the right ones),
 * and each keeps every part of the card in its own field, so that Demarc,
 * reading the package back, rebuilds the same kind of card from the fields.
 */
export interface DemarcNoteType {
  /** Fixed ids: the same note type in every export, so Anki matches it on re-import instead of adding a copy. */
  id: number;
  name: string;
  fields: readonly string[];
  qfmt: string;
  afmt: string;
}

const css = `.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.45; text-align: left; color: black; background-color: white; }
.owner { font-weight: 700; }
.muted { opacity: 0.7; font-size: 0.9em; }
ol.options { padding-left: 1.4em; }`;

export const demarcNoteTypes = {
  basic: {
    id: 1_733_000_000_001,
    name: 'Demarc Basic',
    fields: ['Front', 'Back', 'Explanation', 'Passage', 'Task'],
    qfmt: '{{Front}}',
    afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}{{#Explanation}}<p class="muted">{{Explanation}}</p>{{/Explanation}}',
  },
  responsibility: {
    id: 1_733_000_000_002,
    name: 'Demarc Responsibility',
    fields: ['Situation', 'Owner', 'Service', 'Explanation', 'Passage', 'Duty', 'Layer', 'Task'],
    qfmt: '{{Situation}}{{#Service}}<p class="muted">{{Service}}</p>{{/Service}}<p class="muted">Who is responsible: AWS, the customer, or both?</p>',
    afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n<p class="owner">{{Owner}}</p><p>{{Explanation}}</p>{{#Passage}}<blockquote class="muted">{{Passage}}</blockquote>{{/Passage}}',
  },
  choice: {
    id: 1_733_000_000_003,
    name: 'Demarc Choice',
    fields: ['Question', 'Options', 'Answer', 'Explanation', 'Passage', 'Task'],
    qfmt: '{{Question}}{{Options}}',
    afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n<p class="owner">Answer: {{Answer}}</p><p>{{Explanation}}</p>',
  },
} as const satisfies Record<CardContent['kind'], DemarcNoteType>;

/** A note type as an export declares it: its fields and its templates (one per card it makes; one for a cloze type). */
export interface AnkiNoteTypeSpec {
  id: number;
  name: string;
  cloze: boolean;
  fields: readonly string[];
  templates: readonly { name: string; qfmt: string; afmt: string }[];
}

export function singleCardNoteType(nt: DemarcNoteType): AnkiNoteTypeSpec {
  return { id: nt.id, name: nt.name, cloze: false, fields: nt.fields, templates: [{ name: 'Card 1', qfmt: nt.qfmt, afmt: nt.afmt }] };
}

/** Notes written in the editor that make several cards, as Anki's own "Basic (and reversed card)" and "Cloze" note types. */
export const demarcNoteTypesForNotes = {
  'basic-reversed': {
    id: 1_733_000_000_004,
    name: 'Demarc Basic (and reversed card)',
    cloze: false,
    fields: ['Front', 'Back'],
    templates: [
      { name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' },
      { name: 'Card 2', qfmt: '{{Back}}', afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}' },
    ],
  },
  cloze: {
    id: 1_733_000_000_005,
    name: 'Demarc Cloze',
    cloze: true,
    fields: ['Text', 'Back Extra'],
    templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}{{#Back Extra}}<br><br>{{Back Extra}}{{/Back Extra}}' }],
  },
} as const satisfies Record<'basic-reversed' | 'cloze', AnkiNoteTypeSpec>;

/** A multi-card note's fields (plain text as HTML; a cloze text keeps its {{c1::…}} marks, which need no escaping). */
export type MultiCardNote = { type: 'basic-reversed'; front: string; back: string } | { type: 'cloze'; text: string; extra: string };

export function fieldsOfNote(note: MultiCardNote): string[] {
  return note.type === 'cloze' ? [textToHtml(note.text.trim()), note.extra.trim() ? textToHtml(note.extra.trim()) : ''] : [textToHtml(note.front.trim()), textToHtml(note.back.trim())];
}

/** The note types' styling, as Anki applies it to the card. */
export const demarcNoteTypeCss = css;

const ownerNames: Record<Owner, string> = { aws: 'AWS', customer: 'Customer', shared: 'Shared' };

/** A card's fields in its kind's note type (HTML, as Anki fields are); `mediaHtml` rewrites an HTML field's media references. */
export function fieldsOfCard(content: CardContent, mediaHtml: (html: string) => string): string[] {
  const text = (value: string | undefined) => (value ? textToHtml(value) : '');
  switch (content.kind) {
    case 'basic':
      return [
        content.html ? mediaHtml(content.front) : textToHtml(content.front),
        content.html ? mediaHtml(content.back) : textToHtml(content.back),
        text(content.explanation),
        text(content.passage),
        content.task ?? '',
      ];
    case 'responsibility':
      return [
        textToHtml(content.prompt),
        ownerNames[content.owner],
        text(content.service),
        textToHtml(content.explanation),
        text(content.passage),
        text(content.duty),
        content.layer ?? '',
        content.task ?? '',
      ];
    case 'choice':
      return [
        textToHtml(content.question),
        `<ol class="options">${content.options.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ol>`,
        content.answer.map((i) => String(i + 1)).join(', '),
        textToHtml(content.explanation),
        text(content.passage),
        content.task ?? '',
      ];
  }
}

/**
 * The card a note of one of Demarc's own note types stands for, read back
 * from its fields; null when the note type is not one of them (by name and
 * fields) or a field does not hold what it should (the note is then rendered
 * from its templates like any other). HTML fields come back sanitised by `html`.
 */
export function cardOfDemarcNote(typeName: string, typeFields: readonly string[], values: readonly string[], html: (raw: string) => string): CardContent | null {
  const kind = (Object.keys(demarcNoteTypes) as (keyof typeof demarcNoteTypes)[]).find(
    (k) => demarcNoteTypes[k].name === typeName && demarcNoteTypes[k].fields.join('\x1f') === typeFields.join('\x1f'),
  );
  if (!kind) return null;
  const field = (i: number) => values[i] ?? '';
  // Plain-text parts pass the one rule for outside text (domain/text-hygiene.ts); HTML parts go through the sanitiser.
  const text = (i: number) => cleanText(htmlToText(field(i))).trim();
  const optional = <K extends string>(key: K, value: string) => (value ? ({ [key]: value } as Record<K, string>) : {});
  const taskText = text(demarcNoteTypes[kind].fields.indexOf('Task'));
  const task = taskPattern.test(taskText) ? taskText : '';
  switch (kind) {
    case 'basic': {
      const front = html(field(0));
      if (!front) return null;
      return { kind: 'basic', front, back: html(field(1)), html: true, ...optional('explanation', text(2)), ...optional('passage', text(3)), ...optional('task', task) };
    }
    case 'responsibility': {
      const owner = owners.find((o) => ownerNames[o].toLowerCase() === text(1).toLowerCase());
      const prompt = text(0);
      const explanation = text(3);
      if (!owner || !prompt || !explanation) return null;
      const layer = responsibilityLayers.find((l) => l === text(6)) as ResponsibilityLayer | undefined;
      return {
        kind: 'responsibility',
        prompt,
        owner,
        ...optional('service', text(2)),
        explanation,
        ...optional('passage', text(4)),
        ...optional('duty', text(5)),
        ...(layer ? { layer } : {}),
        ...optional('task', task),
      };
    }
    case 'choice': {
      const options = listItems(field(1)).map((item) => cleanText(htmlToText(item)).trim());
      const answer = text(2)
        .split(/\s*,\s*/)
        .map((n) => Number(n) - 1);
      const question = text(0);
      const explanation = text(3);
      if (!question || !explanation || options.length < 2 || options.some((o) => !o) || !answer.length || answer.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length)) return null;
      return { kind: 'choice', question, options, answer: [...new Set(answer)].sort((a, b) => a - b), explanation, ...optional('passage', text(4)), ...optional('task', task) };
    }
  }
}

/** The items of the Options field's `<li>…</li>` list, found left to right in one pass (a lazy regex rescans on every unclosed `<li>`). */
function listItems(html: string): string[] {
  const items: string[] = [];
  for (let open = html.indexOf('<li>'); open !== -1; ) {
    const close = html.indexOf('</li>', open + 4);
    if (close === -1) break;
    items.push(html.slice(open + 4, close));
    open = html.indexOf('<li>', close + 5);
  }
  return items;
}

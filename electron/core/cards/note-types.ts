import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent, CardKind, Owner } from '../domain/types.js';
import { clozeNumbers, renderCloze, typeAnswerClass } from '../importing/anki-templates.js';
import { escapeHtml, textToHtml } from '../text/html-sanitizer.js';

/**
 * What the editor writes: a note of one type, which makes one card or more
 * (basic and reversed makes two, a cloze note one per deletion). Text is plain
 * text; line breaks are kept and math between \( \) or [$] [/$] renders.
 */
export const noteTypes = ['basic', 'basic-reversed', 'cloze', 'responsibility', 'choice'] as const;
export type NoteType = (typeof noteTypes)[number];

export type NoteFields =
  /** `typeIn` (basic only): the learner types the back's answer, compared character by character as an Anki type-in card. */
  | { type: 'basic' | 'basic-reversed'; front: string; back: string; typeIn?: boolean }
  | { type: 'cloze'; text: string; extra: string }
  | { type: 'responsibility'; situation: string; owner: Owner; service: string; explanation: string }
  | { type: 'choice'; question: string; options: string[]; answer: number[]; explanation: string };

export interface NoteInput {
  deckId: string;
  note: NoteFields;
  tags: string[];
}

/** One card a note makes, by its place in the note (`ord`). */
export interface NoteCard {
  ord: number;
  kind: CardKind;
  content: CardContent;
}

function required(value: string, label: string): string {
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new DemarcError(ErrorCode.invalidArgument, `${label} is empty.`);
  return text;
}

/**
 * A cloze note makes one card per cloze number, c1 to c200 at most. Every
 * card holds the whole text, so a note's cards cost its length times their
 * number: the cap keeps one note (typed in the editor or arriving through
 * sync) from turning into thousands of cards.
 */
export const maxClozeNumber = 200;

/** Why a cloze text makes too many cards, or null. */
export function clozeNumberProblem(numbers: readonly number[]): string | null {
  const last = numbers.at(-1);
  return last !== undefined && last > maxClozeNumber
    ? `Text uses {{c${last}::…}}: a note can have cloze numbers c1 to c${maxClozeNumber}, one card each.`
    : null;
}

/** The cards of a note, checked: an empty field or a cloze without deletions is refused with the field's name. */
export function cardsOfNote(note: NoteFields): NoteCard[] {
  switch (note.type) {
    case 'basic':
    case 'basic-reversed': {
      const front = required(note.front, 'Front');
      const back = required(note.back, 'Back');
      if (note.type === 'basic' && note.typeIn) return [{ ord: 0, kind: 'basic', content: typeInContent(front, back) }];
      const cards: NoteCard[] = [{ ord: 0, kind: 'basic', content: { kind: 'basic', front, back } }];
      if (note.type === 'basic-reversed') cards.push({ ord: 1, kind: 'basic', content: { kind: 'basic', front: back, back: front } });
      return cards;
    }
    case 'cloze': {
      const text = required(note.text, 'Text');
      const numbers = clozeNumbers(text);
      if (numbers.length === 0) throw new DemarcError(ErrorCode.invalidArgument, 'Text has no cloze deletion: mark one as {{c1::answer}}.');
      const tooMany = clozeNumberProblem(numbers);
      if (tooMany) throw new DemarcError(ErrorCode.invalidArgument, tooMany);
      const html = textToHtml(text);
      const extra = note.extra.trim() ? `<br><br>${textToHtml(note.extra.trim())}` : '';
      return numbers.map((n) => ({
        ord: n - 1,
        kind: 'basic',
        content: { kind: 'basic', front: renderCloze(html, n, 'front'), back: renderCloze(html, n, 'back') + extra, html: true },
      }));
    }
    case 'responsibility': {
      const prompt = required(note.situation, 'Situation');
      const explanation = required(note.explanation, 'Explanation');
      const service = note.service.trim();
      return [{ ord: 0, kind: 'responsibility', content: { kind: 'responsibility', prompt, owner: note.owner, ...(service ? { service } : {}), explanation } }];
    }
    case 'choice': {
      const question = required(note.question, 'Question');
      const options = note.options.map((o) => o.trim()).filter(Boolean);
      if (options.length < 2) throw new DemarcError(ErrorCode.invalidArgument, 'Options needs at least two options, one per line.');
      const answer = [...new Set(note.answer)].filter((i) => i >= 0 && i < options.length).sort((a, b) => a - b);
      if (answer.length === 0) throw new DemarcError(ErrorCode.invalidArgument, 'Options has no right answer: start the right ones with "*".');
      return [{ ord: 0, kind: 'choice', content: { kind: 'choice', question, options, answer, explanation: note.explanation.trim() } }];
    }
  }
}

/**
 * A type-in card, as an imported Anki one renders (importing/anki-templates.ts):
 * an empty answer box on the front, the expected answer in one on the back.
 */
function typeInContent(front: string, back: string): CardContent {
  return {
    kind: 'basic',
    front: `${textToHtml(front)}<br><span class="${typeAnswerClass}"></span>`,
    back: `<span class="${typeAnswerClass}">${escapeHtml(back)}</span>`,
    html: true,
  };
}

/**
 * One card of a note, by its ord, or null when the note makes no such card:
 * for a cloze note only that card is rendered (linear in the text), where
 * `cardsOfNote` renders all of them.
 */
export function cardOfNote(note: NoteFields, ord: number): NoteCard | null {
  if (note.type !== 'cloze') return cardsOfNote(note).find((c) => c.ord === ord) ?? null;
  const text = note.text.replace(/\r\n?/g, '\n').trim();
  if (!text || ord + 1 > maxClozeNumber || !clozeNumbers(text).includes(ord + 1)) return null;
  const html = textToHtml(text);
  const extra = note.extra.trim() ? `<br><br>${textToHtml(note.extra.trim())}` : '';
  return { ord, kind: 'basic', content: { kind: 'basic', front: renderCloze(html, ord + 1, 'front'), back: renderCloze(html, ord + 1, 'back') + extra, html: true } };
}

/** The note an existing card's content stands for, when the card was not written in the editor (imported ones). */
export function noteOfContent(content: CardContent): NoteFields {
  switch (content.kind) {
    case 'basic':
      return { type: 'basic', front: content.front, back: content.back };
    case 'responsibility':
      return { type: 'responsibility', situation: content.prompt, owner: content.owner, service: content.service ?? '', explanation: content.explanation };
    case 'choice':
      return { type: 'choice', question: content.question, options: content.options, answer: content.answer, explanation: content.explanation };
  }
}

/** Tags as stored: lower-case-insensitive duplicates dropped, spaces inside a tag made underscores. */
export function normaliseTags(tags: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags.flatMap((t) => t.split(/\s+/))) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out.join(' ');
}

import type Database from 'better-sqlite3';
import { RE2JS } from 're2js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { cardTextSchema, optionTextSchema, shortTextSchema } from '../domain/value-rules.js';
import { parseContent, type CardRecord } from './card-record.js';
import { authoredSource } from './card-authoring.js';
import { cardsOfNote, noteOfContent, type NoteFields } from './note-types.js';

/** The fields find and replace can change (a note has the ones of its type). */
export const replaceFields = ['front', 'back', 'text', 'extra', 'situation', 'service', 'explanation', 'question', 'options'] as const;
export type ReplaceField = (typeof replaceFields)[number];

export interface ReplaceSpec {
  find: string;
  replacement: string;
  /** A regular expression (RE2 syntax, run in linear time), else the text as typed. */
  regex: boolean;
  matchCase: boolean;
  fields: ReplaceField[];
}

export interface ReplaceExample {
  cardId: number;
  field: ReplaceField;
  before: string;
  after: string;
}

export interface ReplacePreview {
  /** Notes (cards, for imported ones) that change, and how many of their fields. */
  cards: number;
  fields: number;
  /** Cards left alone: built-in ones (their text comes with the app). */
  builtIn: number;
  /** Cards whose new text would not be a valid card, each with why. */
  problems: { cardId: number; message: string }[];
  examples: ReplaceExample[];
}

/** The cards a browser action works on: the chosen ones, else every match of the search. */
export interface CardTarget {
  cardIds?: number[] | undefined;
  query?: string | undefined;
}

export interface ReplaceOutcome {
  preview: ReplacePreview;
  /** The change to undo, once applied; null for a preview or when nothing changed. */
  batchId: number | null;
  summary: string | null;
}

export interface ReplacePlan {
  preview: ReplacePreview;
  edits: { cardId: number; note: NoteFields }[];
}

const exampleCount = 5;

/**
 * The learner's pattern, compiled by RE2JS: matching takes time linear in the
 * text whatever the pattern (no backtracking), so no pattern typed can stall
 * the back end. JavaScript's RegExp never sees learner input here.
 */
export function compileFind(spec: Pick<ReplaceSpec, 'find' | 'regex' | 'matchCase'>): RE2JS {
  if (spec.find === '') throw new DemarcError(ErrorCode.invalidArgument, 'Find: type the text to find.');
  const flags = spec.matchCase ? 0 : RE2JS.CASE_INSENSITIVE;
  try {
    return RE2JS.compile(spec.regex ? spec.find : RE2JS.quote(spec.find), flags);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new DemarcError(ErrorCode.invalidArgument, `Find: this regular expression cannot be read (${detail}).`);
  }
}

/** One field's new text: `$1` names a group in a regular expression's replacement; plain text is put in as typed. */
export function replaceIn(text: string, pattern: RE2JS, spec: Pick<ReplaceSpec, 'replacement' | 'regex'>): string {
  return pattern.matcher(text).replaceAll(spec.regex ? spec.replacement : RE2JS.quoteReplacement(spec.replacement));
}

/**
 * What a find and replace would do to `cards`: the new fields of each note it
 * changes (one per authored note, however many of its cards are chosen), with
 * counts and a few examples for the preview. Reads only.
 */
export function planReplace(db: Database.Database, cards: readonly CardRecord[], spec: ReplaceSpec): ReplacePlan {
  const pattern = compileFind(spec);
  if (spec.fields.length === 0) throw new DemarcError(ErrorCode.invalidArgument, 'Fields: choose at least one field to replace in.');
  const fields = new Set(spec.fields);
  const builtin = new Set(db.prepare<[], string>("SELECT id FROM decks WHERE origin = 'builtin'").pluck().all());
  const noteStmt = db.prepare<[string], string>('SELECT fields FROM authored_notes WHERE note_key = ?').pluck();
  const seenNotes = new Set<string>();
  const edits: ReplacePlan['edits'] = [];
  const examples: ReplaceExample[] = [];
  const problems: ReplacePreview['problems'] = [];
  let builtIn = 0;
  let changedFields = 0;
  for (const card of cards) {
    const authored = card.source_deck_id === authoredSource;
    if (!authored && builtin.has(card.source_deck_id)) {
      builtIn += 1;
      continue;
    }
    if (authored) {
      if (seenNotes.has(card.note_key)) continue;
      seenNotes.add(card.note_key);
    }
    const stored = authored ? noteStmt.get(card.note_key) : undefined;
    const note: NoteFields = stored ? (JSON.parse(stored) as NoteFields) : noteOfContent(parseContent(card));
    const next: Record<string, unknown> = { ...note };
    const changes: ReplaceExample[] = [];
    for (const field of fields) {
      const value = (note as Record<string, unknown>)[field];
      if (typeof value === 'string') {
        const after = replaceIn(value, pattern, spec);
        if (after !== value) {
          next[field] = after;
          changes.push({ cardId: card.id, field, before: value, after });
        }
      } else if (Array.isArray(value)) {
        const after = (value as string[]).map((option) => replaceIn(option, pattern, spec));
        if (after.some((o, i) => o !== value[i])) {
          next[field] = after;
          changes.push({ cardId: card.id, field, before: (value as string[]).join('\n'), after: after.join('\n') });
        }
      }
    }
    if (changes.length === 0) continue;
    const problem = problemOf(next as NoteFields, changes);
    if (problem) {
      problems.push({ cardId: card.id, message: problem });
      continue;
    }
    edits.push({ cardId: card.id, note: next as NoteFields });
    changedFields += changes.length;
    for (const c of changes) if (examples.length < exampleCount) examples.push(excerpt(c));
  }
  return { preview: { cards: edits.length, fields: changedFields, builtIn, problems: problems.slice(0, 20), examples }, edits };
}

const excerptLength = 160;

/** An example as the preview shows it: from a little before the first change, a line's worth of each side. */
function excerpt(example: ReplaceExample): ReplaceExample {
  const { before, after } = example;
  let first = 0;
  while (first < before.length && before[first] === after[first]) first++;
  const start = Math.max(0, first - 40);
  const cut = (text: string) => `${start > 0 ? '…' : ''}${text.slice(start, start + excerptLength)}${text.length > start + excerptLength ? '…' : ''}`;
  return { ...example, before: cut(before), after: cut(after) };
}

/** Why the replaced note would not be saved (a field too long, a front left empty…), or null. */
function problemOf(note: NoteFields, changes: readonly ReplaceExample[]): string | null {
  for (const change of changes) {
    const schema = change.field === 'service' ? shortTextSchema : change.field === 'options' ? optionTextSchema : cardTextSchema;
    const values = change.field === 'options' ? change.after.split('\n') : [change.after];
    for (const value of values) if (!schema.safeParse(value).success) return `${change.field}: the new text is longer than a card holds.`;
  }
  try {
    cardsOfNote(note);
    return null;
  } catch (error) {
    if (error instanceof DemarcError) return error.message;
    throw error;
  }
}

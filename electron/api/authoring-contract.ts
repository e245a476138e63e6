import { z } from 'zod';
import { cardId, cardIds, id, method } from './contract-kit.js';
import { owners } from '../core/domain/types.js';
import type { CardContent, CardList, StudyCard } from '../core/domain/types.js';
import type { CardEditorView, SavedNote } from '../core/cards/card-authoring.js';
import type { NoteInput } from '../core/cards/note-types.js';
import { bulkActions, type BulkRequest, type BulkResult } from '../core/cards/card-bulk-actions.js';
import { sortColumns, type CardSort } from '../core/search/search-sort.js';
import { replaceFields, type CardTarget, type ReplaceField, type ReplaceOutcome, type ReplaceSpec } from '../core/cards/card-replace.js';
import type { DuplicateReport } from '../core/cards/card-duplicates.js';
import { cardTextSchema, deckTitleSchema, optionTextSchema, shortTextSchema, tagSchema, valueBounds } from '../core/domain/value-rules.js';

/**
 * The part of the API contract for search, the card editor and the deck
 * browser's bulk actions (spread into `apiContract`). Pure: no Node, no DOM.
 */

// Bounded and cleaned by the rules imports and arriving sync events follow too (domain/value-rules.ts).
const text = cardTextSchema;
const tags = z.array(tagSchema).max(valueBounds.tags);


export const noteFieldsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['basic', 'basic-reversed']), front: text, back: text, typeIn: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('cloze'), text, extra: text }).strict(),
  z.object({ type: z.literal('responsibility'), situation: text, owner: z.enum(owners), service: shortTextSchema, explanation: text }).strict(),
  z
    .object({
      type: z.literal('choice'),
      question: text,
      options: z.array(optionTextSchema).max(valueBounds.options),
      answer: z.array(z.number().int().min(0).max(valueBounds.options - 1)).max(valueBounds.options),
      explanation: text,
    })
    .strict(),
]);

const noteInput = z.object({ deckId: id, note: noteFieldsSchema, tags }).strict();

export interface CardSearchArgs {
  query: string;
  deckId?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  sort?: CardSort | undefined;
}

/** A saved note, and the edited card as the review screen shows it (so an edit during review shows at once). */
export interface SavedNoteView extends SavedNote {
  card: StudyCard | null;
}

export interface EditUndone {
  summary: string;
  cardIds: number[];
}

/** Find and replace over the chosen cards, or every match of a search when none are chosen. */
const replaceArgs = z
  .object({
    cardIds: cardIds.optional(),
    query: z.string().max(1000).optional(),
    find: z.string().min(1).max(1000),
    replacement: z.string().max(1000),
    regex: z.boolean(),
    matchCase: z.boolean(),
    fields: z.array(z.enum(replaceFields)).min(1).max(replaceFields.length),
  })
  .strict();

/** The newest change outside review that Undo would take back. */
export interface LastEdit {
  batchId: number;
  summary: string;
}

export const authoringContract = {
  'cards.search': method<z.ZodType<CardSearchArgs>, CardList>(
    z
      .object({
        query: z.string().max(1000),
        deckId: id.optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        sort: z.object({ column: z.enum(sortColumns), descending: z.boolean() }).strict().optional(),
      })
      .strict(),
  ),
  'cards.editor': method<z.ZodType<{ cardId: number }>, CardEditorView>(z.object({ cardId }).strict()),
  'cards.preview': method<z.ZodType<{ note: NoteInput['note'] }>, { contents: CardContent[]; problem: string | null }>(
    z.object({ note: noteFieldsSchema }).strict(),
  ),
  'cards.add': method<z.ZodType<NoteInput>, SavedNoteView>(noteInput),
  'cards.update': method<z.ZodType<{ cardId: number } & NoteInput>, SavedNoteView>(noteInput.extend({ cardId }).strict()),
  'cards.bulk': method<z.ZodType<BulkRequest>, BulkResult>(
    z
      .object({
        action: z.enum(bulkActions),
        cardIds,
        deckId: id.optional(),
        tags: tags.optional(),
        flag: z.number().int().min(0).max(4).optional(),
        days: z.number().int().min(0).max(36500).optional(),
      })
      .strict(),
  ),
  'cards.undoEdit': method<z.ZodType<{ batchId?: number | undefined }>, EditUndone>(
    z.object({ batchId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() }).strict(),
  ),
  'cards.replacePreview': method<z.ZodType<CardTarget & ReplaceSpec>, ReplaceOutcome>(replaceArgs),
  'cards.replace': method<z.ZodType<CardTarget & ReplaceSpec>, ReplaceOutcome>(replaceArgs),
  'cards.duplicates': method<z.ZodType<{ query: string; field: ReplaceField }>, DuplicateReport>(
    z.object({ query: z.string().max(1000), field: z.enum(replaceFields) }).strict(),
  ),
  'cards.lastEdit': method<z.ZodType<Record<string, never>>, LastEdit | null>(z.object({}).strict()),
  'decks.create': method<z.ZodType<{ title: string }>, { deckId: string }>(z.object({ title: deckTitleSchema }).strict()),
};

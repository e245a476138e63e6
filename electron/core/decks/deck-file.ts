import { Ajv, type ErrorObject } from 'ajv';
import deckSchema from '../../../decks/deck.schema.json' with { type: 'json' };
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent, Owner, ServiceType } from '../domain/types.js';
import type { DeckInput } from './deck-input.js';
import { noteKeyOf } from './fact-groups.js';

/** The native deck format, `demarc-deck/1`, as described in decks/deck.schema.json. */
export interface DeckFile {
  format: 'demarc-deck/1';
  id: string;
  title: string;
  serviceType: ServiceType;
  description: string;
  cards: DeckFileCard[];
}

/** What every card may carry besides its face: where it comes from, and which fact it tests. */
interface DeckFileCardBase {
  id: string;
  source: string;
  /** The words of the source the card rests on ("…" marks an elision). */
  passage?: string;
  /** Cards testing the same fact share a group: at most one of them is shown a day. */
  group?: string;
  tags?: string[];
}

export type DeckFileCard = DeckFileCardBase &
  (
    | { kind: 'responsibility'; prompt: string; owner: Owner; service?: string; explanation: string }
    | { kind: 'basic'; front: string; back: string; explanation?: string }
    | { kind: 'choice'; question: string; options: string[]; answer: number[]; explanation: string }
  );

const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile<DeckFile>(deckSchema);

/** Parses and validates a deck file, naming the file and the JSON path of the first problem. */
export function parseDeckFile(text: string, fileName: string): DeckFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DemarcError(ErrorCode.invalidFile, `${fileName}: not valid JSON (${(error as Error).message}).`);
  }
  if (!validate(data)) throw new DemarcError(ErrorCode.invalidFile, `${fileName}: ${describe(validate.errors?.[0], data)}`);
  const seen = new Set<string>();
  data.cards.forEach((card, i) => {
    if (seen.has(card.id)) throw new DemarcError(ErrorCode.invalidFile, `${fileName}: /cards/${i}: card id "${card.id}" appears twice.`);
    seen.add(card.id);
    if (card.kind === 'choice') {
      const bad = card.answer.find((a) => a >= card.options.length);
      if (bad !== undefined) throw new DemarcError(ErrorCode.invalidFile, `${fileName}: /cards/${i}/answer: option ${bad} does not exist (the card has ${card.options.length} options).`);
    }
  });
  return data;
}

function describe(error: ErrorObject | undefined, data: unknown): string {
  if (!error) return 'does not match the deck format.';
  const where = error.instancePath || '/';
  let detail = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') detail = `unknown property "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum') detail = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (where === '/' && typeof data === 'object' && data && (data as { format?: unknown }).format !== 'demarc-deck/1') {
    return 'not a Demarc deck (expected "format": "demarc-deck/1").';
  }
  return `${where}: ${detail}.`;
}

export function deckFileToInput(file: DeckFile, origin: DeckInput['origin']): DeckInput {
  return {
    id: file.id,
    title: file.title,
    serviceType: file.serviceType,
    description: file.description,
    origin,
    cards: file.cards.map((card) => ({
      key: card.id,
      noteKey: noteKeyOf(file.id, card, origin),
      kind: card.kind,
      content: contentOf(card),
      source: card.source,
      tags: card.tags ?? [],
    })),
  };
}

function contentOf(card: DeckFileCard): CardContent {
  const passage = card.passage ? { passage: card.passage } : {};
  switch (card.kind) {
    case 'responsibility':
      return { kind: 'responsibility', prompt: card.prompt, owner: card.owner, explanation: card.explanation, ...(card.service ? { service: card.service } : {}), ...passage };
    case 'basic':
      return { kind: 'basic', front: card.front, back: card.back, ...(card.explanation ? { explanation: card.explanation } : {}), ...passage };
    case 'choice':
      return { kind: 'choice', question: card.question, options: card.options, answer: card.answer, explanation: card.explanation, ...passage };
  }
}

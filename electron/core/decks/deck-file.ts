import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import deckSchema from '../../../decks/deck.schema.json' with { type: 'json' };
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent, Owner, ResponsibilityLayer, ServiceType } from '../domain/types.js';
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
  /** Cards the deck no longer teaches: retired like any card missing from the file, their ids reserved. */
  retiredCards?: { id: string; reason: string }[];
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
  /** The CLF-C02 task statement the card serves, e.g. "2.1". */
  task?: string;
}

export type DeckFileCard = DeckFileCardBase &
  (
    | { kind: 'responsibility'; prompt: string; owner: Owner; service?: string; duty?: string; layer?: ResponsibilityLayer; explanation: string }
    | { kind: 'basic'; front: string; back: string; explanation?: string }
    | { kind: 'choice'; question: string; options: string[]; answer: number[]; explanation: string }
  );

// Made and compiled when a deck is first read, not at import: the workers and the CLI load this module and never read one.
let ajv: Ajv | null = null;
let validateDeck: ValidateFunction<DeckFile> | null = null;

/** Parses and validates a deck file, naming the file and the JSON path of the first problem. */
export function parseDeckFile(text: string, fileName: string): DeckFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DemarcError(ErrorCode.invalidFile, `${fileName} is not valid JSON, so it cannot be a Demarc deck (${(error as Error).message}).`);
  }
  const validate = (validateDeck ??= (ajv ??= new Ajv({ allErrors: false, strict: false })).compile<DeckFile>(deckSchema));
  if (!validate(data)) throw new DemarcError(ErrorCode.invalidFile, `${fileName} ${describe(firstRelevant(validate.errors ?? [], data), data)}`);
  const seen = new Set<string>();
  const retired = new Set((data.retiredCards ?? []).map((r) => r.id));
  data.cards.forEach((card, i) => {
    if (seen.has(card.id)) throw new DemarcError(ErrorCode.invalidFile, `${fileName} is not a valid Demarc deck: card ${i + 1} has the id "${card.id}" of an earlier card.`);
    if (retired.has(card.id)) throw new DemarcError(ErrorCode.invalidFile, `${fileName} is not a valid Demarc deck: card ${i + 1} has the id "${card.id}", which the deck lists as retired.`);
    seen.add(card.id);
    if (card.kind === 'choice') {
      const bad = card.answer.find((a) => a >= card.options.length);
      if (bad !== undefined) throw new DemarcError(ErrorCode.invalidFile, `${fileName} is not a valid Demarc deck: card ${i + 1} names option ${bad} as an answer, but its options are numbered 0 to ${card.options.length - 1}.`);
    }
  });
  return data;
}

/** One validator per card kind, so a card's error comes from the shape its own kind asks for (compiled when a deck first fails). */
let cardValidators: Record<string, ValidateFunction> | null = null;
function cardValidatorsOnce(): Record<string, ValidateFunction> {
  const compiler = (ajv ??= new Ajv({ allErrors: false, strict: false }));
  cardValidators ??= Object.fromEntries(
    (['responsibility', 'basic', 'choice'] as const).map((kind) => [
      kind,
      compiler.compile({ ...(deckSchema.definitions as Record<string, object>)[`${kind}Card`], definitions: deckSchema.definitions }),
    ]),
  ) as Record<string, ValidateFunction>;
  return cardValidators;
}

/** The first error; for a card of a known kind, the first error against that kind's shape. */
function firstRelevant(errors: ErrorObject[], data: unknown): ErrorObject | undefined {
  const first = errors[0];
  const match = first ? /^\/cards\/(\d+)/.exec(first.instancePath) : null;
  if (!first || !match) return first;
  const card = (data as { cards: { kind?: unknown }[] }).cards[Number(match[1])];
  const validateCard = typeof card?.kind === 'string' ? cardValidatorsOnce()[card.kind] : undefined;
  if (!validateCard || validateCard(card)) return first;
  const own = validateCard.errors?.[0];
  return own ? { ...own, instancePath: `${match[0]}${own.instancePath}` } : first;
}

/** The first problem in the learner's words: "bad.json is not a valid Demarc deck: card 4 has no "owner"." */
function describe(error: ErrorObject | undefined, data: unknown): string {
  if (!error) return 'is not a valid Demarc deck.';
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== 'demarc-deck/1') {
    return 'is not a Demarc deck file (it needs "format": "demarc-deck/1").';
  }
  const where = placeOf(error.instancePath);
  let detail: string;
  switch (error.keyword) {
    case 'required':
      detail = `${where} has no "${String(error.params.missingProperty)}"`;
      break;
    case 'additionalProperties':
      detail = `${where} has a field the format does not know: "${String(error.params.additionalProperty)}"`;
      break;
    case 'enum':
      detail = `${where} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
      break;
    case 'type':
      detail = `${where} must be ${error.params.type === 'array' ? 'a list' : `a ${String(error.params.type)}`}`;
      break;
    case 'minLength':
      detail = `${where} is empty`;
      break;
    case 'pattern':
      // Two patterns in the format: task statements ("2.1") and kebab-case ids (card ids, groups, duties).
      detail = error.instancePath.endsWith('/task')
        ? `${where} must be a CLF-C02 task statement such as 2.1`
        : `${where} must be lowercase letters and digits in dash-separated groups, such as guest-os-patching`;
      break;
    default:
      detail = `${where} ${error.message ?? 'is not valid'}`;
  }
  return `is not a valid Demarc deck: ${detail}.`;
}

/** "/cards/3/owner" → "the owner of card 4"; "/" → "the deck". */
function placeOf(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 0) return 'the deck';
  if (parts[0] === 'cards' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const card = `card ${Number(parts[1]) + 1}`;
    const field = parts.slice(2).filter((p) => !/^\d+$/.test(p));
    return field.length ? `the ${field.join(' ')} of ${card}` : card;
  }
  return `the deck's ${parts.filter((p) => !/^\d+$/.test(p)).join(' ')}`;
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
  const extra = { ...(card.passage ? { passage: card.passage } : {}), ...(card.task ? { task: card.task } : {}) };
  switch (card.kind) {
    case 'responsibility':
      return {
        kind: 'responsibility',
        prompt: card.prompt,
        owner: card.owner,
        explanation: card.explanation,
        ...(card.service ? { service: card.service } : {}),
        ...(card.duty ? { duty: card.duty } : {}),
        ...(card.layer ? { layer: card.layer } : {}),
        ...extra,
      };
    case 'basic':
      return { kind: 'basic', front: card.front, back: card.back, ...(card.explanation ? { explanation: card.explanation } : {}), ...extra };
    case 'choice':
      return { kind: 'choice', question: card.question, options: card.options, answer: card.answer, explanation: card.explanation, ...extra };
  }
}

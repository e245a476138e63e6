// Content checks for the built-in decks in decks/*.json: they must match the
// published schema and hold together as one body of teaching material.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinServiceTypes } from '../../electron/core/domain/types.js';
import { sourceTitles } from '../../electron/core/decks/source-titles.js';
import { describe, it, expect } from 'vitest';
import Ajv from 'ajv';

const decksDir = fileURLToPath(new URL('../../decks/', import.meta.url));
const schemaFile = 'deck.schema.json';

// The source documents live outside the repository, so CI cannot list them:
// their names, and the addresses of the AWS pages quoted beside them, are the
// keys of the one table of source titles.
const SOURCES = Object.keys(sourceTitles);

const SERVICE_TYPES: readonly string[] = builtinServiceTypes;

type Owner = 'aws' | 'customer' | 'shared';

interface ResponsibilityCard {
  id: string;
  kind: 'responsibility';
  prompt: string;
  owner: Owner;
  service?: string;
  explanation: string;
  source: string;
}
interface BasicCard {
  id: string;
  kind: 'basic';
  front: string;
  back: string;
  source: string;
}
interface ChoiceCard {
  id: string;
  kind: 'choice';
  question: string;
  options: string[];
  answer: number[];
  explanation: string;
  source: string;
}
type Card = (ResponsibilityCard | BasicCard | ChoiceCard) & { task?: string };

interface Deck {
  format: string;
  id: string;
  title: string;
  serviceType: string;
  description: string;
  cards: Card[];
  retiredCards?: { id: string; reason: string }[];
}

interface DeckFile {
  file: string;
  raw: unknown;
  deck: Deck;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(join(decksDir, file), 'utf8'));

const deckFiles: DeckFile[] = readdirSync(decksDir)
  .filter((f) => f.endsWith('.json') && f !== schemaFile)
  .sort()
  .map((file) => {
    const raw = readJson(file);
    return { file, raw, deck: raw as Deck };
  });

const allCards: Card[] = deckFiles.flatMap((d) => d.deck.cards);
const responsibilityCards = allCards.filter((c): c is ResponsibilityCard => c.kind === 'responsibility');

/** Lowercase, collapse whitespace, strip trailing punctuation. */
const normalisePrompt = (prompt: string): string =>
  prompt
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?]+$/, '');

describe('built-in decks', () => {
  it('finds the deck files', () => {
    expect(deckFiles.length).toBeGreaterThan(0);
  });

  it('every deck validates against decks/deck.schema.json', () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(readJson(schemaFile) as object);
    for (const { file, raw } of deckFiles) {
      const ok = validate(raw);
      if (!ok) console.error(`${file}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
      expect(ok, `${file} does not match the schema`).toBe(true);
    }
  });

  it('deck ids are unique and equal to the file name', () => {
    const ids = deckFiles.map((d) => d.deck.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { file, deck } of deckFiles) expect(deck.id).toBe(basename(file, '.json'));
  });

  it('card ids are unique across all decks', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { deck } of deckFiles) {
      for (const card of deck.cards) {
        const first = seen.get(card.id);
        if (first !== undefined) duplicates.push(`${card.id} (${first}, ${deck.id})`);
        else seen.set(card.id, deck.id);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('keeps retired card ids reserved: no card of any deck takes one, and each says why it left', () => {
    const live = new Set(allCards.map((c) => c.id));
    const retired = deckFiles.flatMap(({ deck }) => deck.retiredCards ?? []);
    expect(retired.filter((r) => live.has(r.id)).map((r) => r.id)).toEqual([]);
    expect(new Set(retired.map((r) => r.id)).size).toBe(retired.length);
    for (const r of retired) expect(r.reason.length, r.id).toBeGreaterThan(20);
  });

  it('every card names the CLF-C02 task statement it serves', () => {
    expect(allCards.filter((c) => !c.task || !/^[1-4]\.[1-9]$/.test(c.task)).map((c) => c.id)).toEqual([]);
    // The decks teach domain 2 (security and compliance): most cards serve it.
    expect(allCards.filter((c) => c.task!.startsWith('2.')).length / allCards.length).toBeGreaterThan(0.8);
  });

  it('every card names its source: one of the five source documents, or an AWS page by its address', () => {
    const bad = allCards.filter((c) => !SOURCES.includes(c.source)).map((c) => `${c.id}: ${c.source}`);
    expect(bad).toEqual([]);
    for (const source of SOURCES) expect(source, source).toMatch(/^(\d{3}_[0-9a-f]{16}\.txt|https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\/\S+)$/);
    // Most cards rest on the source documents; the AWS pages cover what those predate.
    expect(allCards.filter((c) => c.source.endsWith('.txt')).length / allCards.length).toBeGreaterThan(0.75);
  });

  it('every responsibility card has an owner and a non-empty explanation', () => {
    for (const card of responsibilityCards) {
      expect(['aws', 'customer', 'shared'], card.id).toContain(card.owner);
      expect(card.explanation.trim().length, card.id).toBeGreaterThan(0);
    }
  });

  it('no two responsibility cards with the same prompt and service disagree on the owner', () => {
    const owners = new Map<string, { owner: Owner; id: string }>();
    const conflicts: string[] = [];
    for (const card of responsibilityCards) {
      const key = `${normalisePrompt(card.prompt)}\u0000${card.service ?? ''}`;
      const prior = owners.get(key);
      if (prior === undefined) owners.set(key, { owner: card.owner, id: card.id });
      else if (prior.owner !== card.owner)
        conflicts.push(`${prior.id} (${prior.owner}) vs ${card.id} (${card.owner})`);
    }
    expect(conflicts).toEqual([]);
  });

  it('choice answers point at existing options', () => {
    for (const card of allCards) {
      if (card.kind !== 'choice') continue;
      for (const index of card.answer) {
        expect(index, card.id).toBeGreaterThanOrEqual(0);
        expect(index, card.id).toBeLessThan(card.options.length);
      }
    }
  });

  it('has enough material', () => {
    expect(allCards.length).toBeGreaterThanOrEqual(200);
    expect(responsibilityCards.length).toBeGreaterThanOrEqual(110);
    for (const { deck } of deckFiles) expect(deck.cards.length, deck.id).toBeGreaterThanOrEqual(10);
  });

  it('uses all three owners', () => {
    const owners = new Set(responsibilityCards.map((c) => c.owner));
    expect([...owners].sort()).toEqual(['aws', 'customer', 'shared']);
  });

  it('has a deck for each of the ten service types', () => {
    const types = new Set(deckFiles.map((d) => d.deck.serviceType));
    for (const type of SERVICE_TYPES) expect(types.has(type), type).toBe(true);
  });
});

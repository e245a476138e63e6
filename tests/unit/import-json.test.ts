import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';

let clock = Date.UTC(2025, 0, 15, 12);
let c: Collection;
beforeEach(() => {
  clock = Date.UTC(2025, 0, 15, 12);
  c = Collection.open({ file: ':memory:', now: () => clock });
});
afterEach(() => c.close());

const deck = (cards: object[], extra: object = {}) => ({
  format: 'demarc-deck/1',
  id: 'my-notes',
  title: 'My notes',
  serviceType: 'practice',
  description: 'Things I wrote down.',
  cards,
  ...extra,
});
const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));

const cardA = { id: 'guest-os', kind: 'responsibility', prompt: 'Patching the guest OS', owner: 'customer', explanation: 'You run the OS.', source: 'notes.txt' };
const cardB = { id: 'facilities', kind: 'basic', front: 'Who guards the data centre?', back: 'AWS', source: 'notes.txt', tags: ['physical'] };
const cardC = { id: 'pick', kind: 'choice', question: 'Which are AWS jobs?', options: ['Hypervisor', 'IAM users', 'Racks'], answer: [0, 2], explanation: 'Of the cloud.', source: 'notes.txt' };

describe('Demarc deck import', () => {
  it('imports a native deck by its ids', () => {
    const s = c.runImport('my-notes.json', json(deck([cardA, cardB, cardC])), {});
    expect(s).toMatchObject({ format: 'demarc-json', added: 3, decks: [{ id: 'deck-my-notes', title: 'My notes' }] });
    expect(databaseOf(c).prepare("SELECT key FROM cards WHERE deck_id = 'deck-my-notes' ORDER BY position").pluck().all()).toEqual(['guest-os', 'facilities', 'pick']);
    expect(databaseOf(c).prepare("SELECT origin, service_type FROM decks WHERE id = 'deck-my-notes'").get()).toEqual({ origin: 'imported', service_type: 'practice' });
  });

  it('keeps review history when a changed file is imported again, and retires cards that left it', () => {
    c.runImport('my-notes.json', json(deck([cardA, cardB, cardC])), {});
    const id = databaseOf(c).prepare("SELECT id FROM cards WHERE key = 'guest-os'").pluck().get() as number;
    c.answer({ cardId: id, grade: 3, durationMs: 3000, pickedOwner: 'customer' });
    const stateAfterReview = databaseOf(c).prepare('SELECT state, stability, reps FROM cards WHERE id = ?').get(id);
    clock += 60_000;

    const changed = { ...cardA, explanation: 'The customer owns everything above the hypervisor.' };
    const s = c.runImport('my-notes.json', json(deck([changed, cardB])), {});
    expect(s).toMatchObject({ added: 0, updated: 1, unchanged: 1, retired: 1 });
    expect(databaseOf(c).prepare('SELECT id FROM cards WHERE key = ?').pluck().get('guest-os')).toBe(id);
    expect(JSON.parse(databaseOf(c).prepare('SELECT content FROM cards WHERE id = ?').pluck().get(id) as string)).toMatchObject({
      explanation: 'The customer owns everything above the hypervisor.',
    });
    expect(databaseOf(c).prepare('SELECT count(*) FROM review_log WHERE card_id = ?').pluck().get(id)).toBe(1);
    expect(databaseOf(c).prepare('SELECT state, stability, reps FROM cards WHERE id = ?').get(id)).toEqual(stateAfterReview);
    expect(databaseOf(c).prepare("SELECT retired FROM cards WHERE key = 'pick'").pluck().get()).toBe(1);

    // Bringing the card back revives it.
    expect(c.runImport('my-notes.json', json(deck([changed, cardB, cardC])), {})).toMatchObject({ updated: 1, unchanged: 2, retired: 0 });
  });

  it('keeps a card’s duty, layer and task statement, and refuses a card that takes a retired id', () => {
    const tagged = { ...cardA, duty: 'patch-the-os', layer: 'os-network', task: '2.1' };
    c.runImport('my-notes.json', json(deck([tagged, { ...cardB, task: '2.2' }], { retiredCards: [{ id: 'old-card', reason: 'The service it taught has ended.' }] })), {});
    const content = (key: string) => JSON.parse(databaseOf(c).prepare('SELECT content FROM cards WHERE key = ?').pluck().get(key) as string) as Record<string, unknown>;
    expect(content('guest-os')).toMatchObject({ duty: 'patch-the-os', layer: 'os-network', task: '2.1' });
    expect(content('facilities')).toMatchObject({ task: '2.2' });

    const before = databaseOf(c).prepare('SELECT key, content, retired FROM cards ORDER BY key').all();
    const reused = deck([tagged, { ...cardC, id: 'old-card' }], { retiredCards: [{ id: 'old-card', reason: 'The service it taught has ended.' }] });
    expect(() => c.runImport('my-notes.json', json(reused), {})).toThrow(/card 2 has the id "old-card", which the deck lists as retired/);
    expect(() => c.runImport('my-notes.json', json(deck([{ ...cardA, layer: 'hypervisor' }])), {})).toThrow(/the layer of card 1 must be one of data, platform/);
    expect(() => c.runImport('my-notes.json', json(deck([{ ...cardB, task: 'shared' }])), {})).toThrow(/the task of card 1 must be a CLF-C02 task statement such as 2.1/);
    expect(databaseOf(c).prepare('SELECT key, content, retired FROM cards ORDER BY key').all()).toEqual(before);
  });

  it('accepts a deck with the custom service type (what imported decks export as)', () => {
    const s = c.runImport('custom.json', json(deck([cardB], { id: 'import-x', serviceType: 'custom' })), {});
    expect(s.added).toBe(1);
    expect(databaseOf(c).prepare("SELECT service_type FROM decks WHERE id = 'deck-import-x'").pluck().get()).toBe('custom');
  });

  it('renames the deck when asked, keeping its id', () => {
    const p = c.previewImport('my-notes.json', json(deck([cardA])), { deckName: 'Renamed' });
    expect(p.decks).toEqual([{ id: 'deck-my-notes', title: 'Renamed', cards: 1 }]);
    expect(p.sample[0]).toMatchObject({ kind: 'responsibility', front: 'Patching the guest OS', owner: 'customer' });
  });

  it('imports a built-in deck file as shipped', () => {
    const dir = fileURLToPath(new URL('../../decks/', import.meta.url));
    const file = fs.readdirSync(dir).find((n) => n.endsWith('.json') && n !== 'deck.schema.json');
    if (!file) return;
    const s = c.runImport(file, fs.readFileSync(dir + file), {});
    expect(s.added).toBeGreaterThan(0);
  });
});

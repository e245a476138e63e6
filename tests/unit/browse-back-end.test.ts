// The Browse screen's back end: sorting in SQL (stable, paged), find and
// replace (plain and RE2 patterns, previewed, one undoable change), duplicates,
// and the browser's flag and due-date actions undone from the same change log.
import { describe, expect, it } from 'vitest';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { isDemarcError } from '../../electron/core/domain/errors.js';
import type { Collection } from '../../electron/core/collection.js';
import { sortColumns } from '../../electron/core/search/search-sort.js';

function addBasic(collection: Collection, deckId: string, front: string, back: string): number {
  return collection.authoring.add({ deckId, note: { type: 'basic', front, back }, tags: [] }, collection.now()).cardIds[0]!;
}

function ownDeck(collection: Collection, fronts: string[]): { deckId: string; ids: number[] } {
  const deckId = collection.authoring.createDeck('My notes', collection.now());
  return { deckId, ids: fronts.map((f, i) => addBasic(collection, deckId, f, `Back ${i}`)) };
}

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    if (isDemarcError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('sorting a search in the back end', () => {
  it('sorts by stability across decks, new cards last, ties broken by id, and pages never overlap', () => {
    const { collection } = openTestCollection();
    const db = databaseOf(collection);
    const ids = collection.searchCardRecords('').map((c) => c.id);
    // Studied cards with stabilities that repeat, so the tiebreak shows.
    const stabilities = [5, 1, 5, 30, 1, 12];
    stabilities.forEach((s, i) => db.prepare('UPDATE cards SET state = 2, stability = ?, difficulty = 5, last_review = ?, due = ? WHERE id = ?').run(s, collection.now(), collection.now(), ids[i * 7]!));
    const all = (descending: boolean) => collection.searchCards({ query: '', sort: { column: 'stability', descending }, limit: 1000 });
    const ascending = all(false);
    const studied = ascending.cards.filter((c) => c.stability !== null);
    expect(studied.map((c) => c.stability)).toEqual([1, 1, 5, 5, 12, 30]);
    expect(studied[0]!.id).toBeLessThan(studied[1]!.id);
    expect(ascending.cards.slice(0, 6).every((c) => c.stability !== null)).toBe(true);
    expect(ascending.cards.at(-1)!.stability).toBeNull();
    expect(all(true).cards.slice(0, 6).map((c) => c.stability)).toEqual([30, 12, 5, 5, 1, 1]);
    // Paged: the pages put together are the one list, no card twice or missed.
    const paged = [0, 1, 2, 3].flatMap((p) => collection.searchCards({ query: '', sort: { column: 'stability', descending: false }, offset: p * 50, limit: 50 }).cards.map((c) => c.id));
    expect(paged).toEqual(ascending.cards.slice(0, 200).map((c) => c.id));
    expect(new Set(paged).size).toBe(paged.length);
    expect(ascending.total).toBe(ids.length);
  });

  it('sorts by every column it offers, within a search across decks', () => {
    const { collection } = openTestCollection();
    for (const column of sortColumns) {
      for (const descending of [false, true]) {
        const page = collection.searchCards({ query: 'deck:iaas-ec2 or deck:saas*', sort: { column, descending }, limit: 30 });
        expect(page.cards.length, column).toBe(Math.min(30, page.total));
      }
    }
    const byDeck = collection.searchCards({ query: '', sort: { column: 'deck', descending: false }, limit: 1000 }).cards;
    const titles = new Map(collection.decks().map((d) => [d.id, d.title.toLowerCase()]));
    const seen = byDeck.map((c) => titles.get(c.deckId)!);
    expect(seen).toEqual([...seen].sort());
  });

  it('carries the columns the browser shows: flag, memory, retrievability now, added and edited', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['Who patches the guest OS?']);
    collection.setFlag(ids[0]!, 3);
    const [card] = collection.searchCards({ query: 'deck:"My notes"' }).cards;
    expect(card).toMatchObject({ flag: 3, stability: null, difficulty: null, retrievability: null, interval: null, addedAt: collection.now() });
    expect(card!.editedAt).toBe(collection.now());
  });
});

describe('find and replace', () => {
  it('previews, applies as one change, and one undo takes every card back', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['The guest OS is patched', 'A GUEST network', 'No match here', 'guest and guest']);
    const request = { query: 'deck:"My notes"', find: 'guest', replacement: 'customer', regex: false, matchCase: false, fields: ['front' as const] };
    const preview = collection.findReplace(request, false);
    expect(preview.preview).toMatchObject({ cards: 3, fields: 3, builtIn: 0, problems: [] });
    expect(preview.preview.examples[0]).toMatchObject({ field: 'front', before: 'The guest OS is patched', after: 'The customer OS is patched' });
    expect(preview.batchId).toBeNull();
    // A preview changes nothing.
    expect(collection.searchCards({ query: 'deck:"My notes" customer' }).total).toBe(0);

    const applied = collection.findReplace(request, true);
    expect(applied.summary).toBe('Replaced “guest” in 3 cards');
    const fronts = () => ids.map((id) => collection.authoring.editorView(id).note).map((n) => (n.type === 'basic' ? n.front : ''));
    expect(fronts()).toEqual(['The customer OS is patched', 'A customer network', 'No match here', 'customer and customer']);
    expect(collection.authoring.log.latest()).toMatchObject({ id: applied.batchId, summary: 'Replaced “guest” in 3 cards' });

    collection.authoring.undo(collection.now());
    expect(fronts()).toEqual(['The guest OS is patched', 'A GUEST network', 'No match here', 'guest and guest']);
  });

  it('takes RE2 patterns with groups, and only the chosen cards and fields', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['ec2 instance', 'ec2 volume', 's3 bucket']);
    const applied = collection.findReplace({ cardIds: [ids[0]!, ids[2]!], find: '^(\\w+) (\\w+)$', replacement: '$2 of $1', regex: true, matchCase: true, fields: ['front'] }, true);
    expect(applied.preview.cards).toBe(2);
    const front = (id: number) => (collection.authoring.editorView(id).note as { front: string }).front;
    expect([front(ids[0]!), front(ids[1]!), front(ids[2]!)]).toEqual(['instance of ec2', 'ec2 volume', 'bucket of s3']);
    // Backs were not chosen.
    expect((collection.authoring.editorView(ids[0]!).note as { back: string }).back).toBe('Back 0');
  });

  it('runs a pattern that backtracks for ever in JavaScript, and gives the right answer', () => {
    const { collection } = openTestCollection();
    const evil = `${'a'.repeat(3000)}!`;
    const { ids } = ownDeck(collection, [evil, `${'a'.repeat(20)}`]);
    // (a+)+$ against a run of a's ending in "!" is exponential for a backtracking engine; RE2 is linear.
    const outcome = collection.findReplace({ cardIds: ids, find: '(a+)+$', replacement: 'X', regex: true, matchCase: true, fields: ['front'] }, true);
    expect(outcome.preview.cards).toBe(1);
    expect((collection.authoring.editorView(ids[0]!).note as { front: string }).front).toBe(evil);
    expect((collection.authoring.editorView(ids[1]!).note as { front: string }).front).toBe('X');
  });

  it('puts plain replacement text in as typed, leaves built-in cards alone and refuses what cannot be read', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['cost (a)']);
    collection.findReplace({ cardIds: ids, find: '(a)', replacement: '$1 \\x', regex: false, matchCase: false, fields: ['front'] }, true);
    expect((collection.authoring.editorView(ids[0]!).note as { front: string }).front).toBe('cost $1 \\x');
    const builtin = collection.findReplace({ query: 'deck:iaas-ec2', find: 'the', replacement: 'THE', regex: false, matchCase: false, fields: ['situation', 'explanation'] }, false);
    expect(builtin.preview.cards).toBe(0);
    expect(builtin.preview.builtIn).toBeGreaterThan(0);
    expect(errorOf(() => collection.findReplace({ cardIds: ids, find: '(a', replacement: '', regex: true, matchCase: false, fields: ['front'] }, false))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Find: this regular expression cannot be read') });
    expect(errorOf(() => collection.findReplace({ cardIds: ids, find: '(?=a)', replacement: '', regex: true, matchCase: false, fields: ['front'] }, false)).code).toBe('INVALID_ARGUMENT');
  });

  it('does not save a card the replacement would empty, and says why', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['gone', 'gone too']);
    const outcome = collection.findReplace({ cardIds: ids, find: '^gone$', replacement: '', regex: true, matchCase: false, fields: ['front'] }, true);
    expect(outcome.preview.cards).toBe(0);
    expect(outcome.preview.problems).toEqual([{ cardId: ids[0], message: expect.stringMatching(/Front/) }]);
    expect(outcome.batchId).toBeNull();
  });
});

describe('duplicates', () => {
  it('groups cards whose field is the same text once markup and case are put aside', () => {
    const { collection } = openTestCollection();
    const { ids } = ownDeck(collection, ['Who patches the guest OS?', 'who patches  the GUEST os?', 'Something else', 'Who patches the guest OS?']);
    const report = collection.duplicates({ query: 'deck:"My notes"', field: 'front' });
    expect(report.checked).toBe(4);
    expect(report.groups).toEqual([{ text: 'who patches the guest os?', cardIds: [ids[0], ids[1], ids[3]] }]);
    expect(collection.duplicates({ query: 'deck:"My notes"', field: 'back' }).groups).toEqual([]);
  });
});

describe('the browser\'s actions, each undone from the one change log', () => {
  it('flag and set due date are recorded and undone like suspend, move and reset', () => {
    const { collection } = openTestCollection();
    const ids = collection.searchCardRecords('deck:iaas-ec2').slice(0, 3).map((c) => c.id);
    const flagged = collection.bulkAction({ action: 'flag', cardIds: ids, flag: 1 });
    expect(flagged.summary).toBe('3 cards flagged red');
    expect(collection.searchCardRecords('flag:1').map((c) => c.id)).toEqual(ids);
    collection.authoring.undo(collection.now());
    expect(collection.searchCardRecords('flag:1')).toEqual([]);

    const db = databaseOf(collection);
    db.prepare('UPDATE cards SET state = 2, stability = 3, last_review = ?, due = ? WHERE id = ?').run(collection.now(), collection.now(), ids[0]);
    const before = collection.cardRecord(ids[0]!);
    const due = collection.bulkAction({ action: 'due', cardIds: [ids[0]!], days: 5 });
    expect(due.summary).toBe('1 card due in 5 days');
    expect(collection.cardRecord(ids[0]!).due).toBeGreaterThan(before.due);
    collection.authoring.undo(collection.now());
    expect(collection.cardRecord(ids[0]!).due).toBe(before.due);

    for (const action of ['suspend', 'reset', 'delete'] as const) {
      const result = collection.bulkAction({ action, cardIds: ids });
      expect(collection.authoring.log.latest()?.id).toBe(result.batchId);
      collection.authoring.undo(collection.now());
    }
    expect(collection.searchCardRecords('deck:iaas-ec2 is:suspended')).toEqual([]);
    expect(collection.searchCardRecords('deck:iaas-ec2').slice(0, 3).map((c) => c.id)).toEqual(ids);
  });
});

import { describe, expect, it } from 'vitest';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { deckFileToInput, parseDeckFile } from '../../electron/core/decks/deck-file.js';
import { groupOfNoteKey } from '../../electron/core/decks/fact-groups.js';

const groupOf = (db: ReturnType<typeof databaseOf>, id: number) =>
  groupOfNoteKey(db.prepare('SELECT note_key FROM cards WHERE id = ?').pluck().get(id) as string);

describe('fact groups', () => {
  it('today shows at most one card of a group, across decks, and the next day another', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ newPerDay: 1000 });
    const first = collection.study().cards;
    const groups = first.map((c) => groupOf(databaseOf(collection), c.id)).filter((g) => g !== undefined);
    expect(groups.length).toBeGreaterThan(20);
    expect(new Set(groups).size).toBe(groups.length);

    // The guest OS patching group spans the IaaS, scenario and practice decks.
    const members = databaseOf(collection).prepare("SELECT id, deck_id FROM cards WHERE note_key = 'group:guest-os-patching'").all() as { id: number; deck_id: string }[];
    expect(new Set(members.map((m) => m.deck_id)).size).toBeGreaterThanOrEqual(3);
    const shown = first.filter((c) => members.some((m) => m.id === c.id));
    expect(shown).toHaveLength(1);
    collection.answer({ cardId: shown[0]!.id, grade: 4, durationMs: 1 });
    expect(collection.study().cards.some((c) => members.some((m) => m.id === c.id))).toBe(false);

    clock.advanceDays(1);
    const next = collection.study().cards.filter((c) => members.some((m) => m.id === c.id));
    expect(next).toHaveLength(1);
    expect(next[0]!.id).not.toBe(shown[0]!.id);
  });

  it('stores a deck file group as the note of its cards; an imported file keeps its groups to itself', () => {
    const file = parseDeckFile(
      JSON.stringify({
        format: 'demarc-deck/1', id: 'mine', title: 'Mine', serviceType: 'custom', description: 'd',
        cards: [
          { id: 'a', kind: 'basic', front: 'f', back: 'b', source: 's', group: 'one-fact', passage: 'The words.' },
          { id: 'b', kind: 'basic', front: 'g', back: 'c', source: 's', group: 'one-fact' },
          { id: 'c', kind: 'basic', front: 'h', back: 'd', source: 's' },
        ],
      }),
      'mine.json',
    );
    const imported = deckFileToInput(file, 'imported').cards;
    expect(imported.map((c) => c.noteKey)).toEqual(['mine/group:one-fact', 'mine/group:one-fact', 'mine/c']);
    expect(imported[0]!.content).toMatchObject({ passage: 'The words.' });
    expect(deckFileToInput(file, 'builtin').cards[0]!.noteKey).toBe('group:one-fact');
    expect(groupOfNoteKey('mine/group:one-fact')).toBe('one-fact');
    expect(groupOfNoteKey('group:one-fact')).toBe('one-fact');
    expect(groupOfNoteKey('anki:abcgroup:x')).toBeUndefined();
    expect(groupOfNoteKey('mine/c')).toBeUndefined();
  });

  it('refuses a malformed group id', () => {
    const text = JSON.stringify({
      format: 'demarc-deck/1', id: 'mine', title: 'Mine', serviceType: 'custom', description: 'd',
      cards: [{ id: 'a', kind: 'basic', front: 'f', back: 'b', source: 's', group: 'Not A Group' }],
    });
    expect(() => parseDeckFile(text, 'mine.json')).toThrow(/^mine\.json/);
  });
});

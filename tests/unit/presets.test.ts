import { describe, expect, it } from 'vitest';
import { fsrs, generatorParameters, createEmptyCard, Rating } from 'ts-fsrs';
import { openTestCollection } from '../helpers/test-collection.js';
import { presetConfigOf } from '../../electron/core/presets/preset-schema.js';
import type { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';


function firstNewCard(collection: Collection, deckId: string) {
  const card = collection.study({ deckIds: [deckId] }).cards.find((c) => c.state === 0);
  if (!card) throw new Error(`no new card in ${deckId}`);
  return card;
}

/** A collection with fuzz and steps off, so that intervals can be compared with ts-fsrs exactly. */
function exactCollection() {
  const { collection, clock } = openTestCollection();
  collection.updateSettings({ enableFuzz: false, learningSteps: [], relearningSteps: [], newPerDay: 100 });
  return { collection, clock };
}

describe('presets', () => {
  it("gives a card the interval of its deck's preset, and the deck on Default keeps the collection's", () => {
    const { collection, clock } = exactCollection();
    const relaxed = collection.presets.create('Relaxed', { ...presetConfigOf(collection.settings), desiredRetention: 0.75, maximumIntervalDays: 365 });
    collection.presets.assign('iaas-ec2', relaxed);
    collection.presetsChanged();

    const onPreset = firstNewCard(collection, 'iaas-ec2');
    const onDefault = firstNewCard(collection, 'core-model');
    collection.answer({ cardId: onPreset.id, grade: 3, durationMs: 1000 });
    collection.answer({ cardId: onDefault.id, grade: 3, durationMs: 1000 });
    const dueOf = (id: number) => collection.cardRecord(id).due;

    const expected = (retention: number) => {
      const f = fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: [] }));
      return f.next(createEmptyCard(new Date(clock.now())), new Date(clock.now()), Rating.Good).card.due.getTime();
    };
    expect(dueOf(onPreset.id)).toBe(expected(0.75));
    expect(dueOf(onDefault.id)).toBe(expected(0.9));
    expect(dueOf(onPreset.id)).toBeGreaterThan(dueOf(onDefault.id));
  });

  it('holds per-deck desired retention through later reviews, and the buttons show the same intervals', () => {
    const { collection, clock } = exactCollection();
    const strict = collection.presets.create('Strict', { ...presetConfigOf(collection.settings), desiredRetention: 0.97 });
    collection.presets.assign('terminology', strict);
    collection.presetsChanged();
    const a = firstNewCard(collection, 'terminology');
    const b = firstNewCard(collection, 'core-model');
    for (let round = 0; round < 4; round++) {
      for (const id of [a.id, b.id]) {
        const shown = collection.studyCard(collection.cardRecord(id), clock.now());
        const promised = shown.previews.find((p) => p.grade === 3)!.due;
        collection.answer({ cardId: id, grade: 3, durationMs: 1000 });
        expect(collection.cardRecord(id).due).toBe(promised);
      }
      clock.value = Math.max(collection.cardRecord(a.id).due, collection.cardRecord(b.id).due) + 1000;
    }
    const interval = (id: number) => collection.cardRecord(id).scheduled_days;
    expect(interval(a.id)).toBeLessThan(interval(b.id) / 2);
  });

  it("applies the preset's daily new-card limit and leech rule to its decks", () => {
    const { collection, clock } = exactCollection();
    const few = collection.presets.create('Few', { ...presetConfigOf(collection.settings), newPerDay: 3, leechThreshold: 2, leechAction: 'tag' });
    collection.presets.assign('iaas-ec2', few);
    collection.presetsChanged();
    const today = collection.today();
    expect(today.decks.find((d) => d.id === 'iaas-ec2')!.newToday).toBe(3);
    expect(today.decks.find((d) => d.id === 'core-model')!.newToday).toBeGreaterThan(3);

    const card = firstNewCard(collection, 'iaas-ec2');
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    let leech = false;
    for (let lapse = 0; lapse < 2; lapse++) {
      clock.value = collection.cardRecord(card.id).due + 1000;
      leech = collection.answer({ cardId: card.id, grade: 1, durationMs: 1 }).leech;
      clock.value = collection.cardRecord(card.id).due + 1000;
      collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    }
    expect(leech).toBe(true);
    expect(collection.cardRecord(card.id).tags.split(' ')).toContain('leech');
    expect(collection.cardRecord(card.id).suspended).toBe(0);
  });

  it('shows new cards in a fixed shuffled order when the preset says random', () => {
    const { collection } = exactCollection();
    const added = collection.study({ deckIds: ['iaas-ec2'] }).cards.map((c) => c.id);
    const shuffled = collection.presets.create('Shuffled', { ...presetConfigOf(collection.settings), newCardOrder: 'random' });
    collection.presets.assign('iaas-ec2', shuffled);
    collection.presetsChanged();
    const random = collection.study({ deckIds: ['iaas-ec2'] }).cards.map((c) => c.id);
    expect(random).not.toEqual(added);
    expect(collection.study({ deckIds: ['iaas-ec2'] }).cards.map((c) => c.id)).toEqual(random);
  });

  it('lists Default first with its decks, refuses bad names and options, and sends decks back to Default when deleted', () => {
    const { collection } = exactCollection();
    const id = collection.presets.create('Exam crunch', presetConfigOf(collection.settings));
    collection.presets.assign('iaas-ec2', id);
    expect(() => collection.presets.create('exam CRUNCH', presetConfigOf(collection.settings))).toThrow(/already exists/);
    expect(() => collection.presets.create('Default', presetConfigOf(collection.settings))).toThrow(/choose another name/);
    expect(() => collection.presets.create('Bad', { ...presetConfigOf(collection.settings), desiredRetention: 1.5 })).toThrow(/desiredRetention/);
    const list = collection.presets.list(collection.settings);
    expect(list[0]!.name).toBe('Default');
    expect(list[0]!.deckIds).not.toContain('iaas-ec2');
    expect(list.find((p) => p.id === id)!.deckIds).toEqual(['iaas-ec2']);
    collection.presets.delete(id);
    expect(collection.presets.list(collection.settings)[0]!.deckIds).toContain('iaas-ec2');
  });

  it('fills a damaged stored preset from Default key by key instead of failing', () => {
    const { collection } = exactCollection();
    const id = collection.presets.create('Odd', { ...presetConfigOf(collection.settings), desiredRetention: 0.8 });
    databaseOf(collection).prepare('UPDATE presets SET config = ? WHERE id = ?').run(JSON.stringify({ desiredRetention: 0.8, newPerDay: 'lots' }), id);
    const config = collection.presets.configs(collection.settings).get(id)!;
    expect(config.desiredRetention).toBe(0.8);
    expect(config.newPerDay).toBe(collection.settings.newPerDay);
  });
});


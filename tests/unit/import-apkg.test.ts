import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, type Card, type Grade, type Steps } from 'ts-fsrs';
import { Collection } from '../../electron/core/collection.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import { dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import type { CardRecord } from '../../electron/core/cards/card-record.js';
import { buildCollection, buildPackage, decoyCollection, zstdFrame } from '../fixtures/anki-fixture.js';
import { card11DueDay, patchPng, scenario, scheduledReviews, t0 } from '../fixtures/anki-scenario.js';
import { databaseOf } from '../helpers/collection-database.js';

const now = Date.UTC(2025, 0, 15, 12);
let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => now });
});
afterEach(() => c.close());

const media = [{ name: 'patch.png', data: patchPng }];
const packages = {
  'anki21b (zstd, protobuf media, unicase indexes, decoy anki2)': () =>
    buildPackage({
      entries: { 'collection.anki21b': zstdFrame(buildCollection(scenario, 18)), 'collection.anki2': decoyCollection() },
      media,
      mediaFormat: 'protobuf',
    }),
  'anki21 (schema 11, JSON media, decoy anki2)': () =>
    buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11), 'collection.anki2': decoyCollection() }, media, mediaFormat: 'json' }),
  'anki2 (legacy only)': () => buildPackage({ entries: { 'collection.anki2': buildCollection(scenario, 11) }, media, mediaFormat: 'json' }),
};

const noteKey = (guid: string) => `anki:${guid}`;
function cardOf(guid: string, ord: number): CardRecord {
  const key = `a-${createHash('sha1').update(guid).digest('hex').slice(0, 16)}-${ord}`;
  const row = databaseOf(c).prepare('SELECT * FROM cards WHERE key = ? AND note_key = ?').get(key, noteKey(guid)) as CardRecord | undefined;
  if (!row) throw new Error(`no card ${guid}/${ord}`);
  return row;
}
const content = (r: CardRecord) => JSON.parse(r.content) as { front: string; back: string; html?: boolean };

/** The memory state ts-fsrs gives when fed the same answers directly. */
function expectedMemory(cid: number): Card {
  const engine = fsrs(
    generatorParameters({
      request_retention: defaultSettings.desiredRetention,
      maximum_interval: defaultSettings.maximumIntervalDays,
      enable_fuzz: defaultSettings.enableFuzz,
      enable_short_term: true,
      learning_steps: defaultSettings.learningSteps as Steps,
      relearning_steps: defaultSettings.relearningSteps as Steps,
    }),
  );
  const reviews = scheduledReviews(cid);
  let card = createEmptyCard(new Date(reviews[0]!.id));
  for (const r of reviews) card = engine.next(card, new Date(r.id), r.ease as Grade).card;
  return card;
}

describe.each(Object.entries(packages))('Anki package: %s', (_name, build) => {
  it('imports every card of every template and cloze, rendered and sanitised', () => {
    const s = c.runImport('shared.apkg', Buffer.from(build()), {});
    expect(s).toMatchObject({ format: 'apkg', added: 5, updated: 0, unchanged: 0, skipped: 0, media: 1 });
    expect(s.decks).toEqual([{ id: 'anki-aws-shared-responsibility', title: 'AWS::Shared Responsibility' }]);
    // The decoy's "please update" note is not imported.
    expect(databaseOf(c).prepare("SELECT count(*) FROM cards WHERE content LIKE '%update to the latest%'").pluck().get()).toBe(0);

    const front1 = content(cardOf('Ab3$k9/Q+z', 0));
    expect(front1.html).toBe(true);
    expect(front1.front).toMatch(/^Who patches the guest OS\?<img src="media\/patch\.png" ?\/?>$/);
    expect(front1.back).toBe('The <b>customer</b>');
    const reverse = content(cardOf('Ab3$k9/Q+z', 1));
    expect(reverse.front).toBe('The <b>customer</b>');
    expect(reverse.back).toContain('Who patches the guest OS?');

    const term = content(cardOf('fancy-2', 0));
    // {{type:Definition}}: the place to type the answer.
    expect(term.front).toBe('S3 <span>bucket</span> policy<div>think IAM</div><p>no extra</p><span class="type-answer"></span>');
    expect(term.back).toBe('Who writes it &amp; owns it (AWS::Shared Responsibility)');

    const cloze1 = content(cardOf('cloze-3', 0));
    expect(cloze1.front).toBe('<span class="cloze">[...]</span> secures the hypervisor');
    expect(cloze1.back).toMatch(/^<span class="cloze">AWS<\/span> secures the hypervisor<br ?\/?>\s*From the model$/);
    const cloze2 = cardOf('cloze-3', 1);
    expect(content(cloze2).front).toBe('AWS secures the <span class="cloze">[layer]</span>');
    expect(cloze2.deck_id).toBe('anki-aws-shared-responsibility'); // home deck of a card in a filtered deck

    // Siblings share a note key, so answering one buries the other.
    expect(cardOf('cloze-3', 0).note_key).toBe(cloze2.note_key);
    expect(cardOf('Ab3$k9/Q+z', 0).tags).toBe('iaas patching');
    const all = databaseOf(c).prepare('SELECT content FROM cards').pluck().all() as string[];
    for (const text of all) expect(text).not.toMatch(/script|onclick|tracker|https?:/);
  });

  it('imports the review history and replays it through FSRS', () => {
    const s = c.runImport('shared.apkg', Buffer.from(build()), {});
    // 8 answers for card 11 (one manual reschedule with ease 0 left out) and 1 for card 31; the orphan is left out.
    expect(s.reviews).toBe(8);
    const card = cardOf('Ab3$k9/Q+z', 0);
    const log = databaseOf(c).prepare('SELECT * FROM review_log WHERE card_id = ? ORDER BY reviewed_at').all(card.id) as Record<string, number | string>[];
    expect(log.map((r) => r.kind)).toEqual(['learning', 'learning', 'review', 'cram', 'review', 'relearning', 'review']);
    expect(log.map((r) => r.rating)).toEqual([3, 3, 3, 4, 1, 3, 2]);
    expect(log[4]!.duration_ms).toBe(3_600_000);
    expect(log[0]!.day).toBe(studyDay(t0, defaultSettings.rolloverHour));

    // Memory is rebuilt from the history (the package stores none); due date, interval, reps and lapses are Anki's.
    const expected = expectedMemory(11);
    expect({
      state: card.state,
      due: card.due,
      stability: card.stability,
      difficulty: card.difficulty,
      reps: card.reps,
      lapses: card.lapses,
      scheduled_days: card.scheduled_days,
      learning_steps: card.learning_steps,
      last_review: card.last_review,
    }).toEqual({
      state: 2,
      due: dayStart(card11DueDay, defaultSettings.rolloverHour),
      stability: expected.stability,
      difficulty: expected.difficulty,
      reps: 7,
      lapses: 1,
      scheduled_days: 9,
      learning_steps: 0,
      last_review: expected.last_review!.getTime(),
    });
    const last = log.at(-1)!;
    expect(last.stability_after).toBe(expected.stability);

    // A learning card stays learning, due at the moment Anki had it due.
    const cloze = cardOf('cloze-3', 0);
    expect(cloze.state).toBe(1);
    expect(cloze.due).toBe(t0 + 86_400_000 + 10 * 60_000);
    expect(cloze.stability).toBe(expectedMemory(31).stability);
    // Cards without history stay new.
    expect(cardOf('Ab3$k9/Q+z', 1)).toMatchObject({ state: 0, reps: 0, last_review: null });
    expect(c.doctor().ok).toBe(true);
  });

  it('re-imports without adding cards or reviews twice', () => {
    const bytes = Buffer.from(build());
    c.runImport('shared.apkg', bytes, {});
    const before = databaseOf(c).prepare('SELECT count(*) FROM review_log').pluck().get();
    const again = c.runImport('shared.apkg', bytes, {});
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5, reviews: 0 });
    expect(databaseOf(c).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(before);
  });

  it('leaves the history out on request', () => {
    const s = c.runImport('shared.apkg', Buffer.from(build()), { includeHistory: false });
    expect(s.reviews).toBe(0);
    expect(databaseOf(c).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(0);
    expect(databaseOf(c).prepare('SELECT count(*) FROM cards WHERE state <> 0').pluck().get()).toBe(0);
  });

  it('previews without writing', () => {
    const p = c.previewImport('shared.apkg', Buffer.from(build()), {});
    expect(p).toMatchObject({ format: 'apkg', cards: 5, reviews: 8, media: 1 });
    expect(p.sample[0]!.html).toBe(true);
    expect(databaseOf(c).prepare('SELECT count(*) FROM cards').pluck().get()).toBe(0);
  });
});

describe('Anki package media and options', () => {
  it('saves media next to a file collection, under a safe name, and never overwrites a different file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-apkg-'));
    const fc = Collection.open({ file: path.join(dir, 'collection.db'), now: () => now });
    try {
      fs.mkdirSync(path.join(dir, 'media'));
      fs.writeFileSync(path.join(dir, 'media', 'patch.png'), 'a different picture');
      const bytes = Buffer.from(packages['anki21 (schema 11, JSON media, decoy anki2)']());
      const s = fc.runImport('shared.colpkg', bytes, {});
      expect(s.format).toBe('colpkg');
      expect(s.backupFile).toMatch(/before-import/);
      expect(fs.existsSync(s.backupFile!)).toBe(true);
      const saved = fs.readdirSync(path.join(dir, 'media')).filter((n) => n !== 'patch.png');
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatch(/^patch-[0-9a-f]{8}\.png$/);
      expect(new Uint8Array(fs.readFileSync(path.join(dir, 'media', saved[0]!)))).toEqual(patchPng);
      expect(fs.readFileSync(path.join(dir, 'media', 'patch.png'), 'utf8')).toBe('a different picture');
      const front = (JSON.parse(databaseOf(fc).prepare("SELECT content FROM cards WHERE content LIKE '%guest OS%' AND key LIKE '%-0'").pluck().get() as string) as { front: string }).front;
      expect(front).toContain(`src="media/${saved[0]}"`);
      // The same package again reuses the file it saved.
      fc.runImport('shared.colpkg', bytes, {});
      expect(fs.readdirSync(path.join(dir, 'media'))).toHaveLength(2);
    } finally {
      fc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts everything in one deck when a deck name is given', () => {
    const s = c.runImport('shared.apkg', Buffer.from(packages['anki2 (legacy only)']()), { deckName: 'From Anki' });
    expect(s.decks).toEqual([{ id: 'anki-from-anki', title: 'From Anki' }]);
  });

  it('keeps nested deck paths as titles', () => {
    const col = {
      ...scenario,
      decks: [...scenario.decks, { id: 300, name: 'Parent::Child::Leaf' }],
      cards: scenario.cards.map((card) => (card.id === 21 ? { ...card, did: 300 } : card)),
    };
    const s = c.runImport('nested.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21b': zstdFrame(buildCollection(col, 18)) } })), {});
    expect(s.decks.map((d) => d.title).sort()).toEqual(['AWS::Shared Responsibility', 'Parent::Child::Leaf']);
    expect(s.decks.map((d) => d.id)).toContain('anki-parent-child-leaf');
  });
});

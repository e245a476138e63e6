// One rule for a value, whichever way it enters (domain/value-rules.ts): the
// same hostile value sent through the API, a CSV import, a Demarc deck file
// and an event from another device in the sync folder is cleaned the same
// way or refused by each. CSV and deck files carry no dates and no grades:
// for those the API and the sync folder are the ways in.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { Collection } from '../../electron/core/collection.js';
import type { DemarcError } from '../../electron/core/domain/errors.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice, setEvent } from '../helpers/hostile-device.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
function collection(clock = new TestClock()): Collection {
  const { collection: c } = openTestCollection({ clock });
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const other = '0123456789abcdef';
const api = (c: Collection) => createDispatcher(createHandlers({ collection: c, appVersion: 'test', transport: 'ipc' }));
const db = (c: Collection) => databaseOf(c);

interface Stored {
  title: string;
  front: string;
  tags: string;
}
/** The deck and card a way in left, or null when it left none. */
function stored(c: Collection, deckId: string): Stored | null {
  const row = db(c)
    .prepare('SELECT d.title, c.content, c.tags FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.id = ? ORDER BY c.id LIMIT 1')
    .get(deckId) as { title: string; content: string; tags: string } | undefined;
  return row ? { title: row.title, front: (JSON.parse(row.content) as { front: string }).front, tags: row.tags } : null;
}

type Outcome = { refused: string } | { stored: Stored | null };

async function throughApi(title: string, front: string, tag: string): Promise<Outcome> {
  const c = collection();
  const d = api(c);
  const deck = await d.dispatch('decks.create', { title });
  if (!deck.ok) return { refused: deck.error.message };
  const deckId = (deck.value as { deckId: string }).deckId;
  const added = await d.dispatch('cards.add', { deckId, note: { type: 'basic', front, back: 'b' }, tags: [tag] });
  if (!added.ok) return { refused: added.error.message };
  return { stored: stored(c, deckId) };
}

function throughCsv(title: string, front: string, tag: string): { stored: Stored | null; warnings: string[] } {
  const c = collection();
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const text = ['front,back,tags,deck', [quote(front), 'b', quote(tag), quote(title)].join(','), 'Plain,b,,Plain'].join('\n');
  const summary = c.runImport('values.csv', Buffer.from(text, 'utf8'), {});
  const deckId = summary.decks.find((s) => s.title !== 'Plain')?.id;
  return { stored: deckId ? stored(c, deckId) : null, warnings: summary.warnings ?? [] };
}

function throughDeckFile(title: string, front: string, tag: string): Outcome {
  const c = collection();
  const file = {
    format: 'demarc-deck/1',
    id: 'values',
    title,
    serviceType: 'custom',
    description: 'Hostile values.',
    cards: [{ id: 'one', kind: 'basic', front, back: 'b', source: 'values.json', tags: [tag] }],
  };
  try {
    c.runImport('values.json', Buffer.from(JSON.stringify(file), 'utf8'), {});
  } catch (error) {
    expect(db(c).prepare("SELECT count(*) FROM decks WHERE id = 'deck-values'").pluck().get()).toBe(0);
    return { refused: (error as DemarcError).message };
  }
  return { stored: stored(c, 'deck-values') };
}

/** An Anki package: it runs through the same rules (importing/import-values.ts) as every import. */
function throughAnki(title: string, front: string, tag: string): { stored: Stored | null; warnings: string[] } {
  const c = collection();
  const anki = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{Back}}' }] }],
      decks: [{ id: 7, name: title }],
      notes: [{ id: 1, guid: 'v1', mid: 1, fields: [front, 'b'], tags: [tag] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  const summary = c.runImport('values.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': anki } })), {});
  const deckId = summary.decks[0]?.id;
  return { stored: deckId ? stored(c, deckId) : null, warnings: summary.warnings ?? [] };
}

function throughSync(title: string, front: string, tag: string): Outcome & { invalid: number } {
  const clock = new TestClock();
  const c = collection(clock);
  const folder = tempDir('demarc-values-');
  const device = new HostileDevice(folder, other);
  const hlc = (ms: number) => `${String(ms).padStart(15, '0')}-000000-${other}`;
  const at = clock.now() - 60_000;
  device.write([
    { type: 'deck', id: 'd:1', device: other, hlc: hlc(at), deck: 'import-values', value: { title, serviceType: 'custom', description: '' } },
    {
      type: 'card', id: 'c:1', device: other, hlc: hlc(at + 1), card: { deck: 'import-values', key: 'one' },
      value: { deckId: 'import-values', noteKey: 'one', content: { kind: 'basic', front, back: 'b' }, source: 'values.csv', tags: tag, retired: false, media: [] },
    },
  ]);
  const r = runSyncRound(c, folder);
  return { stored: stored(c, 'import-values'), invalid: r.invalidEvents };
}

describe('one rule for a value, whichever way it enters', () => {
  it('NUL, other control characters and bidirectional overrides are removed alike from card text, deck titles and tags', async () => {
    const cleaned = { title: 'Evil deck', front: 'Who patches the guest OS?', tags: 'nultag' };
    const args = ['Evil\u0000 \u202Edeck', 'Who\u0000 patches\u0007 the \u2066guest OS?', 'nul\u0000tag'] as const;
    expect(await throughApi(...args)).toEqual({ stored: cleaned });
    const csv = throughCsv(...args);
    expect(csv.stored).toEqual(cleaned);
    expect(csv.warnings.join('\n')).toMatch(/characters that are not text .* were removed from 3 fields, first on line 2/);
    expect(throughDeckFile(...args)).toEqual({ stored: cleaned });
    expect(throughSync(...args)).toMatchObject({ stored: cleaned, invalid: 0 });
    // An Anki package's fields are read from its SQLite, where a NUL already ends the text (what follows is lost before
    // any rule sees it); its deck title is cleaned like the others, and nothing stored holds what the rule removes.
    expect(throughAnki(...args).stored).toMatchObject({ title: cleaned.title });
    // Nothing stored anywhere holds what was removed.
    for (const c of open) {
      expect(db(c).prepare("SELECT count(*) FROM cards WHERE instr(content, char(0)) > 0 OR instr(tags, char(0)) > 0 OR instr(content, char(8294)) > 0").pluck().get()).toBe(0);
      expect(db(c).prepare('SELECT count(*) FROM decks WHERE instr(title, char(0)) > 0 OR instr(title, char(8238)) > 0').pluck().get()).toBe(0);
    }
  });

  it('a title of NULs alone is no title: refused alike', async () => {
    const args = ['\u0000\u0000\u0000', 'Front', 'tag'] as const;
    expect(await throughApi(...args)).toEqual({ refused: expect.stringMatching(/^Title: it holds no text\.$/) });
    expect(throughDeckFile(...args)).toEqual({ refused: expect.stringMatching(/^values\.json: the title of deck .*: it holds no text\.$/) });
    expect(throughSync(...args)).toMatchObject({ stored: null, invalid: 1 }); // the deck refused; its card waits for a deck that never comes
  });

  it('a 10 MB string is refused whole, never cut or cleaned, and the rest arrives', async () => {
    const huge = `Who patches\u0000 ${'x'.repeat(10 * 1024 * 1024)}`;
    expect(await throughApi('Deck', huge, 'tag')).toEqual({ refused: 'Front: at most 100,000 characters.' });
    const csv = throughCsv('Deck', huge, 'tag');
    expect(csv.stored).toBeNull();
    expect(csv.warnings).toContain('values.csv: line 2: skipped, the front is longer than 100,000 characters.');
    expect(open.at(-1)!.decks().map((d) => d.title)).toContain('Plain');
    expect(throughDeckFile('Deck', huge, 'tag')).toEqual({ refused: 'values.json is not a valid Demarc deck: card 1 ("one"), the front: at most 100,000 characters.' });
    expect(throughSync('Deck', huge, 'tag')).toMatchObject({ stored: null, invalid: 1 });
    // The same string as a title and as a tag: refused alike.
    expect(await throughApi(huge, 'Front', 'tag')).toEqual({ refused: 'Title: at most 500 characters.' });
    expect(await throughApi('Deck', 'Front', huge)).toMatchObject({ refused: expect.stringMatching(/^Tags \(entry 1\): at most 200 characters\.$/) });
    expect(throughCsv('Deck', 'Front', huge).warnings).toContain('values.csv: line 2: skipped, the tags is longer than 100,000 characters.');
    expect(throughDeckFile('Deck', 'Front', huge)).toEqual({ refused: expect.stringMatching(/card 1 \("one"\), the tag "x{0,40}.*": at most 200 characters\.$/) });
    expect(throughSync('Deck', 'Front', huge)).toMatchObject({ stored: null, invalid: 1 });
  });

  it('grade 9 and answers dated ±1e15 ms: the API refuses them, and so does the folder (the valid answer beside them arrives)', async () => {
    const clock = new TestClock();
    const c = collection(clock);
    const card = c.study().cards[0]!;
    const d = api(c);
    expect(await d.dispatch('study.answer', { cardId: card.id, grade: 9, durationMs: 3000 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await d.dispatch('study.answer', { cardId: card.id, grade: 3, durationMs: 1e12 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    const record = c.cardRecord(card.id);
    const at = clock.now() - 60_000;
    const answer = (id: string, change: Record<string, unknown>) => ({
      type: 'answer', id, device: other, card: { deck: record.source_deck_id, key: record.key }, at, day: Math.floor(at / 86_400_000), rating: 3, stateBefore: 0,
      kind: 'learning', scheduledDays: 0, elapsedDays: 0, durationMs: 3000, stability: null, difficulty: null, pickedOwner: null, correct: null, ...change,
    });
    const folder = tempDir('demarc-values-');
    new HostileDevice(folder, other).write([
      answer('a:grade', { rating: 9 }),
      answer('a:future', { at: 1e15 }),
      answer('a:past', { at: -1e15 }),
      answer('a:day', { day: 1e15 }),
      answer('a:slow', { durationMs: 1e12 }),
      answer('a:ok', {}),
    ]);
    const r = runSyncRound(c, folder);
    expect(r.invalidEvents).toBe(5);
    expect(db(c).prepare('SELECT event_id FROM review_log').pluck().all()).toEqual(['a:ok']);
    expect(db(c).prepare('SELECT max(due) FROM cards').pluck().get()).toBeLessThan(Date.UTC(2200, 0, 1));
  });

  it('an exam date that is no day (2024-99-99) or decades away: the API refuses it, and an edit from the folder is kept in history but never applied', async () => {
    const clock = new TestClock();
    const c = collection(clock);
    const deckId = c.decks()[0]!.id;
    const d = api(c);
    for (const date of ['2024-99-99', '2099-01-01']) {
      expect(await d.dispatch('decks.setOptions', { deckId, newPerDay: null, reviewsPerDay: null, examDate: date })).toMatchObject({ ok: false });
      expect(await d.dispatch('settings.update', { examDate: date })).toMatchObject({ ok: false });
    }
    expect(await d.dispatch('decks.setOptions', { deckId, newPerDay: 10_000, reviewsPerDay: null, examDate: null })).toMatchObject({ ok: false });

    const folder = tempDir('demarc-values-');
    const device = new HostileDevice(folder, other);
    const now = clock.now() - 60_000;
    device.write([
      setEvent(other, now, ['deck', deckId, 'examDate'], '2024-99-99'),
      setEvent(other, now + 1, ['setting', 'examDate'], '2099-01-01'),
      setEvent(other, now + 2, ['deck', deckId, 'newPerDay'], 10_000),
    ]);
    runSyncRound(c, folder);
    const deck = () => c.decks().find((x) => x.id === deckId)!.options;
    expect(deck()).toEqual({ newPerDay: null, reviewsPerDay: null, examDate: null });
    expect(c.settings.examDate).toBeNull();

    // The control: the same edits with values the API takes are applied.
    device.write([
      setEvent(other, now + 10, ['deck', deckId, 'examDate'], '2026-06-01'),
      setEvent(other, now + 11, ['setting', 'examDate'], '2026-07-01'),
      setEvent(other, now + 12, ['deck', deckId, 'newPerDay'], 9999),
    ]);
    runSyncRound(c, folder);
    expect(deck()).toEqual({ newPerDay: 9999, reviewsPerDay: null, examDate: '2026-06-01' });
    expect(c.settings.examDate).toBe('2026-07-01');
  });
});

// The Stats report reads its card figures from what is kept (due-load slots, per-deck figures behind the deck write
// counters, the wrong-pick indexes). Through every kind of writer, each report must equal the same report read with
// plain passes over the cards and the log (tests/helpers/stats-by-scan.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { dateOfDay, dayOfDate } from '../../electron/core/domain/day-clock.js';
import { generateHistory } from '../../electron/core/simulation/generate-history.js';
import { withBulkReviewLog } from '../../electron/core/simulation/bulk-log-mode.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import type { StatsPeriod, StatsScope } from '../../electron/core/stats/stats-types.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';
import { rightAction, wrongAction } from '../helpers/learner-actions.js';
import { roundedReport, statsByScan } from '../helpers/stats-by-scan.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { prepareFigures, type PreparedFigures, type PrepareRequest } from '../../electron/core/stats/prepared-figures.js';
import { readDeckMastery } from '../../electron/core/decks/deck-mastery.js';
import path from 'node:path';
import { openTestCollection, tempDir, type TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function device(clock?: TestClock) {
  const { collection, clock: used } = openTestCollection(clock ? { clock } : {});
  open.push(collection);
  return { c: collection, clock: used };
}

// A short period (its wrong picks sorted by card) and a long one (counted along the card-ordered index).
const periods: StatsPeriod[] = ['1m', '1y'];
const dayMs = 86_400_000;

function scopesOf(c: Collection): StatsScope[] {
  const decks = databaseOf(c).prepare('SELECT id FROM decks ORDER BY id').pluck().all() as string[];
  const other = databaseOf(c).prepare("SELECT id FROM decks WHERE service_type <> 'iaas' ORDER BY id LIMIT 1").pluck().get() as string;
  // The last: a deck asked for under a service type it is not of, so no deck at all.
  return [{}, { serviceType: 'iaas' }, { deckId: decks.at(-1) as string }, { deckId: other, serviceType: 'iaas' }];
}

/** Every scope and period, kept against plain; returns how many reports had confusions and studied cards (so the test sees real figures). */
function expectSameAsScan(c: Collection, label: string): { confused: number; studied: number } {
  let confused = 0;
  let studied = 0;
  for (const scope of scopesOf(c)) {
    for (const period of periods) {
      const kept = c.stats(scope, period);
      expect(roundedReport(kept), `${label}: ${JSON.stringify(scope)} ${period}`).toEqual(roundedReport(statsByScan(c, scope, period)));
      if (kept.confusions.length > 0) confused++;
      if (kept.memory.studied > 0) studied++;
    }
  }
  return { confused, studied };
}

function studyCards(c: Collection, n: number): number[] {
  return c
    .study()
    .cards.slice(0, n)
    .map((card) => card.id);
}

describe('kept Stats figures', () => {
  it('equal plain passes through generated history, answers, undo, bulk edits, deletion and reset', () => {
    const { c, clock } = device();
    expectSameAsScan(c, 'fresh');
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 7, cards: 300, reviews: 3500, days: 200, endAt: clock.now() });
    const seen = expectSameAsScan(c, 'generated');
    expect(seen.confused).toBeGreaterThan(0);
    expect(seen.studied).toBeGreaterThan(0);

    // Answers, right and wrong, on cards of several decks; then two taken back.
    const session = c.study();
    for (const [i, card] of session.cards.slice(0, 12).entries()) {
      const wrong = i % 3 === 0;
      c.answer({ cardId: card.id, grade: wrong ? 1 : 3, durationMs: 4000, ...(wrong ? wrongAction(card) : rightAction(card)) });
    }
    expectSameAsScan(c, 'answered');
    c.undo();
    c.undo();
    expectSameAsScan(c, 'undone');

    // A fact group (several cards of one note): one member known, then another failed today, which makes the fact unknown.
    const members = databaseOf(c)
      .prepare("SELECT id FROM cards WHERE note_key = (SELECT note_key FROM cards WHERE owner IS NOT NULL AND retired = 0 GROUP BY note_key HAVING count(*) > 2 ORDER BY note_key LIMIT 1) ORDER BY id")
      .pluck()
      .all() as number[];
    expect(members.length).toBeGreaterThan(2);
    c.answer({ cardId: members[0] as number, grade: 4, durationMs: 2000, ...rightAction(c.studyCard(c.cardRecord(members[0] as number), clock.now())) });
    expectSameAsScan(c, 'fact known');
    c.answer({ cardId: members[1] as number, grade: 1, durationMs: 2000, ...wrongAction(c.studyCard(c.cardRecord(members[1] as number), clock.now())) });
    expectSameAsScan(c, 'fact failed');

    // Bulk edits of every kind that moves a figure.
    const ids = databaseOf(c).prepare('SELECT id FROM cards WHERE state > 0 AND retired = 0 ORDER BY id').pluck().all() as number[];
    const slice = (k: number) => ids.filter((_, i) => i % 17 === k).slice(0, 25);
    c.bulkAction({ action: 'suspend', cardIds: slice(0) });
    expectSameAsScan(c, 'suspended');
    c.bulkAction({ action: 'reset', cardIds: slice(1) });
    expectSameAsScan(c, 'reset');
    const decks = databaseOf(c).prepare('SELECT id FROM decks ORDER BY id').pluck().all() as string[];
    c.bulkAction({ action: 'move', cardIds: slice(2), deckId: decks[0] });
    expectSameAsScan(c, 'moved');
    c.bulkAction({ action: 'due', cardIds: slice(3), days: 3 });
    expectSameAsScan(c, 'rescheduled');
    c.bulkAction({ action: 'delete', cardIds: slice(4) });
    expectSameAsScan(c, 'deleted');
  });

  it('equal plain passes as time passes (within the day, past midnight, days on) and after an import', async () => {
    const { c, clock } = device();
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 8, cards: 300, reviews: 3500, days: 200, endAt: clock.now() });
    expectSameAsScan(c, 'generated');

    // Time passing: retrievability moves within the day; a new day moves the known values.
    clock.advance(60_000);
    expectSameAsScan(c, 'a minute on');
    clock.advance(5 * 3_600_000);
    expectSameAsScan(c, 'five hours on');
    // Cards reviewed just after midnight UTC, then the clock passes that time of day again (wrapping past midnight) within 24 hours.
    clock.advance(dayMs - (clock.now() % dayMs) + 30 * 60_000);
    // Failed: a low stability, so a day later their retrievability is in another bin.
    for (const card of c.study().cards.slice(0, 6)) c.answer({ cardId: card.id, grade: 1, durationMs: 2000, ...wrongAction(card) });
    expectSameAsScan(c, 'just after midnight');
    clock.advance(14 * 3_600_000);
    expectSameAsScan(c, 'afternoon');
    clock.advance(10 * 3_600_000 + 5 * 60_000);
    expectSameAsScan(c, 'past midnight again');
    clock.advanceDays(2);
    expectSameAsScan(c, 'two days on');
    c.answer({ cardId: studyCards(c, 1)[0] as number, grade: 1, durationMs: 1000 });
    expectSameAsScan(c, 'failed today');

    // An Anki package of one of its decks, with its history, imported back as a new deck.
    const generated = databaseOf(c).prepare("SELECT deck_id FROM cards GROUP BY deck_id ORDER BY count(*) DESC LIMIT 1").pluck().get() as string;
    const pkg = await c.exportAnkiPackage(generated, { withScheduling: true });
    c.runImport('copy.apkg', Buffer.from(pkg.bytes), {});
    expectSameAsScan(c, 'imported');
  });

  it('equal plain passes on a device that receives another one’s answers by sync', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expectSameAsScan(b.c, 'before');
    const session = a.c.study();
    for (const [i, card] of session.cards.slice(0, 10).entries()) {
      a.c.answer({ cardId: card.id, grade: i % 2 ? 3 : 1, durationMs: 3000, ...(i % 2 ? rightAction(card) : wrongAction(card)) });
    }
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(b.c.reviewLog().length).toBeGreaterThanOrEqual(10);
    const seen = expectSameAsScan(b.c, 'after sync');
    expect(seen.confused).toBeGreaterThan(0);
  });

  it('equal plain passes after log rows written with the log’s triggers set aside (the bulk load path)', () => {
    const { c, clock } = device();
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 3, cards: 150, reviews: 1500, days: 60, endAt: clock.now() - 86_400_000 });
    expectSameAsScan(c, 'first');
    // Today's Again on studied cards, appended in bulk: only the log changes, and those cards' known values drop to 0.
    const db = writeConnectionOf(databaseOf(c));
    const failed = db.prepare('SELECT id FROM cards WHERE state = 2 ORDER BY id LIMIT 20').pluck().all() as number[];
    expect(failed.length).toBe(20);
    const day = dayOfDate(c.stats({}, '1m').today.day);
    appendAgainInBulk(db, failed, clock.now() - 1000, day);
    const after = expectSameAsScan(c, 'bulk log rows');
    expect(after.studied).toBeGreaterThan(0);
  });

  it('equal plain passes when read on another connection first (the worker after opening), even when writes overtook them', async () => {
    const dir = tempDir('demarc-stats-');
    const { collection: c, clock } = openTestCollection({ file: path.join(dir, 'c.sqlite') });
    open.push(c);
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 5, cards: 300, reviews: 3500, days: 200, endAt: clock.now() });

    // The worker thread, as the app starts it on opening; then the report finds every figure ready, hours later too.
    await c.prepareStats();
    expectSameAsScan(c, 'prepared on the worker');
    clock.advance(3 * 3_600_000);
    expectSameAsScan(c, 'three hours on');

    // Read on another connection, then overtaken by writes of every kind before they are handed over: those decks are read again.
    clock.advanceDays(1);
    await c.prepareStats((file, request) => {
      const other = openSqliteFile(file, { readonly: true, fileMustExist: true });
      const prepared = prepareFigures(other, request);
      other.close();
      const session = c.study();
      for (const [i, card] of session.cards.slice(0, 8).entries()) {
        c.answer({ cardId: card.id, grade: i % 2 ? 3 : 1, durationMs: 3000, ...(i % 2 ? rightAction(card) : wrongAction(card)) });
      }
      c.undo();
      const ids = databaseOf(c).prepare('SELECT id FROM cards WHERE state > 0 AND retired = 0 ORDER BY id DESC LIMIT 10').pluck().all() as number[];
      c.bulkAction({ action: 'suspend', cardIds: ids.slice(0, 5) });
      c.bulkAction({ action: 'reset', cardIds: ids.slice(5) });
      const db = writeConnectionOf(databaseOf(c));
      const failed = db.prepare('SELECT id FROM cards WHERE state = 2 ORDER BY id LIMIT 5').pluck().all() as number[];
      const day = dayOfDate(c.stats({}, '1m').today.day);
      appendAgainInBulk(db, failed, clock.now() - 1000, day);
      return Promise.resolve(prepared);
    });
    expectSameAsScan(c, 'overtaken by writes');

    // Handed-over figures are what the report shows while their decks stand still: a deck's counts changed on the way show.
    clock.advanceDays(1);
    let deckId = '';
    await c.prepareStats((file, request) => {
      const other = openSqliteFile(file, { readonly: true, fileMustExist: true });
      const prepared: PreparedFigures = prepareFigures(other, request);
      other.close();
      const deck = prepared.decks.find((d) => d.groups.some((g) => g.state === 2 && g.suspended === 0)) as PreparedFigures['decks'][number];
      deckId = deck.deckId;
      deck.groups.find((g) => g.state === 2 && g.suspended === 0)!.cards += 1000;
      return Promise.resolve(prepared);
    });
    const shown = c.stats({ deckId }, '1y');
    expect(shown.cardStates.review).toBe(statsByScan(c, { deckId }, '1y').cardStates.review + 1000);

    // Opened as the app opens a large collection: the preparation starts at once, and the API's report waits for it.
    c.close();
    open.splice(open.indexOf(c), 1);
    const small = Collection.open({ file: path.join(dir, 'c.sqlite'), now: clock.now, dailyBackup: 'soon' });
    expect(small.preparedStats).toBeNull();
    small.close();
    const reopened = Collection.open({ file: path.join(dir, 'c.sqlite'), now: clock.now, dailyBackup: 'soon', prepareStatsFromCards: 1 });
    open.push(reopened);
    expect(reopened.preparedStats).not.toBeNull();
    const report = await reopened.statsWhenPrepared({}, '1y');
    expect(roundedReport(report)).toEqual(roundedReport(statsByScan(reopened, {}, '1y')));
    expectSameAsScan(reopened, 'reopened');

    // An exam date moves every known value: the figures are read again on the worker, and the report waits for them.
    const before = reopened.preparedStats;
    reopened.updateSettings({ examDate: dateOfDay(dayOfDate(report.today.day) + 40) });
    expect(reopened.preparedStats).not.toBe(before);
    expect(roundedReport(await reopened.statsWhenPrepared({}, '1m'))).toEqual(roundedReport(statsByScan(reopened, {}, '1m')));
    expectSameAsScan(reopened, 'exam date set');
  });

  it('gives the deck rows of Today and Decks the mastery the worker read, and reads a deck written since again', async () => {
    const dir = tempDir('demarc-stats-');
    const { collection: c, clock } = openTestCollection({ file: path.join(dir, 'c.sqlite') });
    open.push(c);
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 5, cards: 300, reviews: 3500, days: 200, endAt: clock.now() });
    clock.advanceDays(1);
    let handed: PreparedFigures | null = null;
    let known: PrepareRequest['known'] | null = null;
    let writtenDeck = '';
    await c.prepareStats((file, request) => {
      const other = openSqliteFile(file, { readonly: true, fileMustExist: true });
      const prepared = prepareFigures(other, request);
      other.close();
      // One deck is answered in before the figures are handed over; every deck's handed-over total is marked, to be seen on screen.
      // (Found and answered without a session, whose start reads the deck rows on this connection first: those would win.)
      const card = databaseOf(c).prepare('SELECT id, deck_id AS deckId FROM cards WHERE state = 2 AND suspended = 0 AND retired = 0 ORDER BY id LIMIT 1').get() as { id: number; deckId: string };
      writtenDeck = card.deckId;
      c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
      for (const d of prepared.decks) d.mastery = { ...d.mastery, total: d.mastery.total + 1000 };
      handed = prepared;
      known = request.known;
      return Promise.resolve(prepared);
    });
    const decks = (handed as PreparedFigures | null)?.decks ?? [];
    expect(decks.length).toBeGreaterThan(1);
    const plain = openSqliteFile(path.join(dir, 'c.sqlite'), { readonly: true, fileMustExist: true });
    try {
      for (const rows of [c.decks(), c.today().decks]) {
        for (const d of decks) {
          const row = rows.find((r) => r.id === d.deckId)!;
          const { horizon: _horizon, ...shown } = row.mastery;
          if (d.deckId === writtenDeck) expect(shown).toEqual(readDeckMastery(plain, d.deckId, known!));
          else expect(shown).toEqual(d.mastery);
        }
      }
    } finally {
      plain.close();
    }
  });
});

/** Again answers on these cards, appended to the log in bulk (the log's per-row triggers set aside, as bulk loaders do). */
function appendAgainInBulk(db: ReturnType<typeof writeConnectionOf>, cardIds: number[], at: number, day: number): void {
  db.transaction(() =>
    withBulkReviewLog(db, () => {
      const insert = db.prepare(
        `INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, picked_owner, correct)
         VALUES (?, ?, ?, 1, 2, 'review', 5, 5, 2000, NULL, NULL)`,
      );
      for (const id of cardIds) insert.run(id, at, day);
    }),
  )();
}

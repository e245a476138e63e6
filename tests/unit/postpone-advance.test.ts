// Postpone and Advance: the cards chosen are the cheapest to move, the cost is
// told before anything is written, the change goes through the write door as
// one recorded change that Undo takes back, and Today's counts follow.
import { describe, expect, it } from 'vitest';
import type { CardRecord } from '../../electron/core/cards/card-record.js';
import { planShift } from '../../electron/core/cards/postpone-advance.js';
import { dateOfDay, dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { apiOf } from '../helpers/api-calls.js';
import { databaseOf } from '../helpers/collection-database.js';

const day = 86_400_000;

function setup() {
  const { collection, clock } = openTestCollection();
  const { call, refused } = apiOf(collection);
  const db = databaseOf(collection);
  const deckId = 'iaas-ec2';
  const ids = db.prepare('SELECT id FROM cards WHERE deck_id = ? AND retired = 0 ORDER BY position LIMIT 8').pluck().all(deckId) as number[];
  /** Makes a card a review card last seen `ago` days back with `stability` days, due `dueIn` days from now (negative: overdue). */
  const review = (id: number, stability: number, ago: number, dueIn: number) =>
    db.prepare('UPDATE cards SET state = 2, stability = ?, difficulty = 5, reps = 3, last_review = ?, due = ?, scheduled_days = ? WHERE id = ?')
      .run(stability, clock.now() - ago * day, clock.now() + dueIn * day, Math.round(ago + dueIn), id);
  const due = (id: number) => db.prepare('SELECT due FROM cards WHERE id = ?').pluck().get(id) as number;
  const deckDue = async () => (await call('today.get', {})).decks.find((d) => d.id === deckId)!.dueToday;
  return { collection, clock, call, refused, db, deckId, ids, review, due, deckDue };
}

describe('postpone', () => {
  it('chooses the due cards whose recall drops least, tells the cost, moves them through one undoable change, and Today follows', async () => {
    const { clock, call, refused, deckId, ids, review, due, deckDue } = setup();
    const [short, long, middle, notDue] = ids as [number, number, number, number];
    review(short, 2, 3, -1); // overdue, short memory: loses most by waiting
    review(long, 200, 150, -50); // overdue, long memory: loses least
    review(middle, 20, 20, 0);
    review(notDue, 30, 5, 20);
    const dueBefore = await deckDue();
    expect(dueBefore).toBe(3);

    const preview = await call('cards.previewShift', { kind: 'postpone', scope: { deckId }, days: 5, count: 2 });
    expect(preview).toMatchObject({ kind: 'postpone', eligible: 3, suggested: 3, count: 2, examDate: null, dueAfterExam: 0 });
    expect(preview.newDate).toBe(dateOfDay(studyDay(clock.now(), 4) + 5));
    expect(preview.recallMoved!).toBeLessThan(preview.recallAsScheduled!);
    expect(preview.recallAsScheduled!).toBeGreaterThan(0);

    const before = { short: due(short), long: due(long), middle: due(middle), notDue: due(notDue) };
    const done = await call('cards.shift', { kind: 'postpone', scope: { deckId }, days: 5, count: 2 });
    expect(done).toMatchObject({ changed: 2, summary: `Postponed 2 cards to ${preview.newDate}`, plan: preview });
    // The two with the longest memories moved; the short one stays due; a card not due is untouched.
    const target = dayStart(studyDay(clock.now(), 4) + 5, 4);
    expect(due(long)).toBeGreaterThanOrEqual(target);
    expect(due(middle)).toBeGreaterThanOrEqual(target);
    expect(due(short)).toBe(before.short);
    expect(due(notDue)).toBe(before.notDue);
    expect(await deckDue()).toBe(1);

    await call('cards.undoEdit', { batchId: done.batchId! });
    expect({ short: due(short), long: due(long), middle: due(middle), notDue: due(notDue) }).toEqual(before);
    expect(await deckDue()).toBe(dueBefore);

    expect(await refused('cards.shift', { kind: 'postpone', scope: { deckId }, days: 0 })).toMatch(/^INVALID_ARGUMENT: Days must be a whole number from 1 to 365/);
    expect(await refused('cards.shift', { kind: 'postpone', scope: {}, days: 3 })).toMatch(/Choose a deck or a search/);
    expect(await refused('cards.previewShift', { kind: 'postpone', scope: { deckId: 'no-such-deck' }, days: 3 })).toMatch(/^NOT_FOUND/);
  });

  it('by search: only the cards the query finds, across decks', async () => {
    const { call, db, review, ids, due } = setup();
    const other = db.prepare("SELECT id FROM cards WHERE deck_id <> 'iaas-ec2' AND retired = 0 LIMIT 1").pluck().get() as number;
    review(ids[0]!, 10, 10, -1);
    review(other, 10, 10, -1);
    db.prepare('UPDATE cards SET flag = 1 WHERE id = ?').run(other);
    const before = due(ids[0]!);
    const done = await call('cards.shift', { kind: 'postpone', scope: { query: 'flag:1' }, days: 2 });
    expect(done.changed).toBe(1);
    expect(due(ids[0]!)).toBe(before);
    expect(due(other)).toBeGreaterThan(before);
  });
});

describe('advance', () => {
  it('brings forward the cards least likely remembered first, and with an exam date suggests those due after it', async () => {
    const { clock, call, collection, deckId, ids, review, due, deckDue } = setup();
    const [weak, strong, late, overdue] = ids as [number, number, number, number];
    review(weak, 3, 10, 2); // low recall now
    review(strong, 100, 10, 30); // high recall now
    review(late, 40, 30, 60); // due after the exam
    review(overdue, 5, 5, -1); // already due: nothing to advance
    const exam = dateOfDay(studyDay(clock.now(), 4) + 20);
    await call('decks.setOptions', { deckId, newPerDay: null, reviewsPerDay: null, examDate: exam });

    const one = await call('cards.previewShift', { kind: 'advance', scope: { deckId }, days: 0, count: 1 });
    expect(one).toMatchObject({ eligible: 3, count: 1, examDate: exam, dueAfterExam: 2, suggested: 2 });
    // Reviewed today it is more likely recalled than at its date (and the review adds less to its memory).
    expect(one.recallMoved!).toBeGreaterThan(one.recallAsScheduled!);
    const done = await call('cards.shift', { kind: 'advance', scope: { deckId }, days: 0, count: 1 });
    expect(done.changed).toBe(1);
    expect(due(weak)).toBe(clock.now());
    expect(due(strong)).toBeGreaterThan(clock.now() + 29 * day);
    expect(await deckDue()).toBe(2);

    // Without a count: the suggested ones, the cards due after the exam.
    const rest = await call('cards.shift', { kind: 'advance', scope: { deckId }, days: 3 });
    expect(rest.changed).toBe(2);
    const target = dayStart(studyDay(clock.now(), 4) + 3, 4);
    expect(due(strong)).toBeGreaterThanOrEqual(target);
    expect(due(late)).toBeLessThan(target + day);
    expect(collection.cardRecord(overdue).due).toBeLessThan(clock.now());
  });

  it('plans the same from the same cards and clock whatever day it is (the plan is pure)', () => {
    const base = new Date(2031, 6, 9, 13, 0).getTime();
    const card = (id: number, stability: number, dueIn: number): CardRecord =>
      ({ id, deck_id: 'd', state: 2, stability, difficulty: 5, due: base + dueIn * day, last_review: base - 10 * day, suspended: 0, retired: 0, buried_day: 0 }) as CardRecord;
    const recall = (c: CardRecord, at: number) => Math.pow(1 + (at - (c.last_review ?? 0)) / day / (9 * c.stability), -1);
    const cards = [card(1, 5, -1), card(2, 50, -2), card(3, 20, 0), card(4, 8, 9)];
    const first = planShift(cards, { kind: 'postpone', scope: { deckId: 'd' }, days: 7 }, { now: base, rolloverHour: 4 }, recall, null);
    expect(first.moves.map((m) => m.cardId)).toEqual([2, 3, 1]);
    const again = planShift(cards, { kind: 'postpone', scope: { deckId: 'd' }, days: 7 }, { now: base, rolloverHour: 4 }, recall, null);
    expect(again).toEqual(first);
    const advance = planShift(cards, { kind: 'advance', scope: { deckId: 'd' }, days: 0 }, { now: base, rolloverHour: 4 }, recall, null);
    expect(advance.moves.map((m) => m.cardId)).toEqual([4]);
  });
});

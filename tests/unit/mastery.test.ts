import { describe, expect, it } from 'vitest';
import { memoryOf } from '../../electron/core/cards/card-record.js';
import type { Collection } from '../../electron/core/collection.js';
import { dateOfDay, dayOfDate, dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { fixedHorizonDays, masteryHorizon } from '../../electron/core/mastery/mastery-horizon.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';

const rollover = 4;

/** The Line cell Amazon RDS × "The service's software", and the card that teaches it in the PaaS deck. */
function rdsPatching(collection: Collection) {
  const cell = () => collection.line().cells.flat().find((c) => c.layerId === 'service-software' && c.serviceId === 'rds')!;
  const cardId = databaseOf(collection).prepare("SELECT id FROM cards WHERE key = 'rds-database-patching'").pluck().get() as number;
  const card = () => cell().cards.find((c) => c.id === cardId)!;
  const matrix = () => collection.stats({}, '1m').matrix.find((m) => m.serviceType === 'paas')!.cells.find((c) => c.owner === 'aws')!;
  const deck = () => collection.decks().find((d) => d.id === 'paas-managed')!;
  return { cell, card, cardId, matrix, deck };
}

describe('the mastery horizon', () => {
  it('is the exam morning when an exam date lies ahead, else a fixed number of days on', () => {
    const now = new Date(2026, 2, 4, 10).getTime();
    const today = studyDay(now, rollover);
    expect(masteryHorizon('2026-03-20', now, rollover)).toEqual({ kind: 'exam', date: '2026-03-20', daysAhead: 16, at: dayStart(dayOfDate('2026-03-20'), rollover) });
    expect(masteryHorizon(null, now, rollover)).toEqual({ kind: 'fixed', date: dateOfDay(today + fixedHorizonDays), daysAhead: fixedHorizonDays, at: dayStart(today + fixedHorizonDays, rollover) });
    // An exam already over measures nothing: the fixed horizon again.
    expect(masteryHorizon('2026-03-01', now, rollover).kind).toBe('fixed');
    // An exam today is taken now, not at a morning already gone.
    expect(masteryHorizon('2026-03-04', now, rollover)).toMatchObject({ kind: 'exam', daysAhead: 0, at: now });
  });
});

describe('known, by one definition everywhere', () => {
  it('a card answered right today is as known as FSRS predicts for the horizon, never the 100% of right after a review', () => {
    const { collection } = openTestCollection();
    const rds = rdsPatching(collection);
    collection.answer({ cardId: rds.cardId, grade: 4, durationMs: 1, pickedOwner: 'aws' });
    const view = collection.line();
    expect(view.horizon).toMatchObject({ kind: 'fixed', daysAhead: fixedHorizonDays });
    const predicted = collection.scheduler.retrievability(memoryOf(collection.cardRecord(rds.cardId)), view.horizon.at);
    expect(predicted).toBeLessThan(0.95);
    expect(rds.card()).toMatchObject({ studied: true, failedToday: false });
    expect(rds.card().recall).toBeCloseTo(predicted, 6);
    // One fact of the cell seen (cards of one fact group count once); the others count 0.
    const facts = rds.cell().facts;
    expect(rds.cell().factsStudied).toBe(1);
    expect(rds.cell().mastery).toBeCloseTo(predicted / facts, 6);
    const paasCards = rds.deck().mastery.total;
    expect(rds.deck().mastery).toMatchObject({ seen: 1, horizon: view.horizon });
    expect(rds.deck().mastery.known).toBeCloseTo(predicted / paasCards, 6);
  });

  it('a card failed today counts 0 in the Line cell, the matrix, the deck row and readiness, until it is answered right again', () => {
    const clock = new TestClock();
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ examDate: dateOfDay(studyDay(clock.now(), rollover) + 20), examDeckIds: ['paas-managed'] });
    const rds = rdsPatching(collection);
    // Learned well yesterday: known today, by every measure.
    collection.answer({ cardId: rds.cardId, grade: 4, durationMs: 1, pickedOwner: 'aws' });
    clock.advanceDays(1);
    const before = { cell: rds.cell().mastery!, matrix: rds.matrix().known, deck: rds.deck().mastery.known, exam: collection.today().exam!.readiness };
    for (const value of Object.values(before)) expect(value).toBeGreaterThan(0);

    // Today: Shared picked, which is wrong, so only Again is allowed.
    collection.answer({ cardId: rds.cardId, grade: 1, durationMs: 1, pickedOwner: 'shared' });
    expect(rds.card()).toMatchObject({ studied: true, failedToday: true, recall: 0 });
    expect(rds.cell().mastery).toBe(0);
    expect(rds.cell().factsStudied).toBe(1);
    expect(rds.matrix().known).toBe(0);
    expect(rds.deck().mastery.known).toBe(0);
    expect(rds.deck().mastery.seen).toBe(1);
    const exam = collection.today().exam!;
    expect(exam.readiness).toBe(0);
    expect(exam.seenCount).toBe(1);
    expect(collection.stats({}, '1m').exam?.readiness).toBe(0);

    // Answered right in its relearning step: FSRS's prediction for the exam counts again.
    clock.advance(15 * 60_000);
    collection.answer({ cardId: rds.cardId, grade: 3, durationMs: 1, pickedOwner: 'aws' });
    expect(rds.card().failedToday).toBe(false);
    expect(rds.cell().mastery).toBeGreaterThan(0);
    expect(rds.cell().mastery).toBeLessThan(before.cell);
  });

  it('a failed cram answer counts too, even one that leaves the schedule alone', () => {
    const { collection } = openTestCollection();
    const rds = rdsPatching(collection);
    collection.answer({ cardId: rds.cardId, grade: 4, durationMs: 1, pickedOwner: 'aws' });
    const session = collection.cram({ cardIds: [rds.cardId], size: 1, order: 'weakest' }, false);
    collection.answer({ sessionId: session.sessionId, cardId: rds.cardId, grade: 1, durationMs: 1, pickedOwner: 'customer' });
    expect(rds.card()).toMatchObject({ failedToday: true, recall: 0 });
    expect(rds.matrix().known).toBe(0);
  });

  it('a failure is for the day it happened: the next day the card shows its (low) prediction, and undoing the failure takes it back', () => {
    const clock = new TestClock();
    const { collection } = openTestCollection({ clock });
    const rds = rdsPatching(collection);
    const session = collection.study({ deckIds: ['paas-managed'] });
    collection.answer({ sessionId: session.sessionId, cardId: rds.cardId, grade: 1, durationMs: 1, pickedOwner: 'shared' });
    expect(rds.card().failedToday).toBe(true);
    collection.undo(session.sessionId);
    expect(rds.card()).toMatchObject({ studied: false, failedToday: false, recall: null });

    collection.answer({ cardId: rds.cardId, grade: 1, durationMs: 1, pickedOwner: 'shared' });
    clock.advanceDays(1);
    const card = rds.card();
    expect(card.failedToday).toBe(false);
    expect(card.recall).toBeGreaterThan(0);
    expect(card.recall).toBeLessThan(0.6);
  });

  it('unseen cards count as not known: a fresh collection knows nothing and has seen nothing', () => {
    const { collection } = openTestCollection();
    // A cell with no cards has no mastery to show; every other one knows nothing yet.
    for (const cell of collection.line().cells.flat()) expect(cell).toMatchObject({ mastery: cell.cards.length ? 0 : null, factsStudied: 0 });
    for (const deck of collection.decks()) expect(deck.mastery).toMatchObject({ known: 0, seen: 0, total: deck.total - deck.counts.suspended });
    for (const row of collection.stats({}, '1m').matrix) for (const cell of row.cells) expect(cell).toMatchObject({ known: 0, studied: 0 });
  });
});

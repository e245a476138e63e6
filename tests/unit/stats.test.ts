// The stats report, figure by figure, on hand-built review logs.
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { memoryOf, type CardRecord } from '../../electron/core/cards/card-record.js';
import { answerAggregates } from '../../electron/core/db/migrations/0004-answer-aggregates.js';
import { dateOfDay, dayOfDate, dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import type { CardKind, Owner, ReviewKind, ServiceType } from '../../electron/core/domain/types.js';
import { generateHistory } from '../../electron/core/simulation/generate-history.js';
import { streakOf } from '../../electron/core/stats/daily-activity.js';
import { dueDayEdges, futureDueOf } from '../../electron/core/stats/future-due.js';
import { memoryHistogramsOf, stabilityBins } from '../../electron/core/stats/memory-stats.js';
import { periodStart } from '../../electron/core/stats/stats-scope.js';
import type { StatsReport } from '../../electron/core/stats/stats-types.js';
import { weekLabel } from '../../electron/core/stats/true-retention.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';

const rollover = 4;
const NOW = new Date(2025, 5, 15, 12, 0).getTime(); // a Sunday, local noon
const today = studyDay(NOW, rollover);
const hourMs = 3_600_000;
const dayMs = 86_400_000;
/** A time on a study day `daysAgo` before today, at a local hour (4..27). */
const at = (daysAgo: number, hour: number, minute = 0) => dayStart(today - daysAgo, rollover) + (hour - rollover) * hourMs + minute * 60_000;

const collections: Collection[] = [];
afterEach(() => {
  while (collections.length) collections.pop()?.close();
});

/** An in-memory collection with the answer aggregates of migration 0004 (applied here until it is registered). */
function openCollection(): Collection {
  const c = Collection.open({ file: ':memory:', now: () => NOW });
  if (!databaseOf(c).prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'daily_answers'").pluck().get()) databaseOf(c).exec(answerAggregates.up);
  collections.push(c);
  return c;
}

function addDeck(db: Database.Database, id: string, serviceType: ServiceType): void {
  db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES (?, ?, ?, 'imported', 0)").run(id, id, serviceType);
}

interface CardSpec {
  deck: string;
  kind?: CardKind;
  owner?: Owner;
  prompt?: string;
  service?: string;
  state?: number;
  due?: number;
  stability?: number;
  difficulty?: number;
  scheduledDays?: number;
  lastReview?: number | null;
  suspended?: number;
  retired?: number;
}

let nextKey = 0;
function addCard(db: Database.Database, s: CardSpec): number {
  const kind = s.kind ?? (s.owner ? 'responsibility' : 'basic');
  const key = `k${nextKey++}`;
  const content =
    kind === 'responsibility'
      ? { kind, prompt: s.prompt ?? `duty ${key}`, owner: s.owner, explanation: '' }
      : { kind: 'basic', front: `front ${key}`, back: 'back' };
  const info = db
    .prepare(
      `INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, position, state, due, stability, difficulty,
         scheduled_days, reps, last_review, suspended, retired)
       VALUES (@deck, @deck, @key, @key, @kind, @content, @owner, @service, @position, @state, @due, @stability, @difficulty, @scheduledDays, @reps,
         @lastReview, @suspended, @retired)`,
    )
    .run({
      deck: s.deck,
      key,
      kind,
      content: JSON.stringify(content),
      owner: s.owner ?? null,
      service: s.service ?? null,
      position: nextKey,
      state: s.state ?? 0,
      due: s.due ?? 0,
      stability: s.stability ?? 0,
      difficulty: s.difficulty ?? 0,
      scheduledDays: s.scheduledDays ?? 0,
      reps: (s.state ?? 0) > 0 ? 1 : 0,
      lastReview: s.lastReview ?? null,
      suspended: s.suspended ?? 0,
      retired: s.retired ?? 0,
    });
  return Number(info.lastInsertRowid);
}

/** A studied review card, remembered at the stability given, last seen `ago` days before now. */
function reviewCard(db: Database.Database, deck: string, extra: Partial<CardSpec> = {}): number {
  return addCard(db, { deck, state: 2, due: NOW + 3 * dayMs, stability: 10, difficulty: 5, scheduledDays: 10, lastReview: NOW - 2 * dayMs, ...extra });
}

interface ReviewSpec {
  card: number;
  at: number;
  rating: 1 | 2 | 3 | 4;
  stateBefore?: number;
  kind?: ReviewKind;
  scheduledDays?: number;
  durationMs?: number;
  picked?: Owner;
  correct?: boolean;
}

const kindOfState: Record<number, ReviewKind> = { 0: 'learning', 1: 'learning', 2: 'review', 3: 'relearning' };
function addReview(db: Database.Database, r: ReviewSpec): void {
  const stateBefore = r.stateBefore ?? 2;
  db.prepare(
    `INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, picked_owner, correct)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  ).run(
    r.card,
    r.at,
    studyDay(r.at, rollover),
    r.rating,
    stateBefore,
    r.kind ?? kindOfState[stateBefore],
    r.scheduledDays ?? 0,
    r.durationMs ?? 1000,
    r.picked ?? null,
    r.correct === undefined ? null : r.correct ? 1 : 0,
  );
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('computeStats on an empty collection', () => {
  it('has every figure, sized for the period, and all zero', () => {
    const c = openCollection();
    const r = c.stats({}, '1m');
    expect(r.futureDue).toHaveLength(365);
    expect(sum(r.futureDue)).toBe(0);
    expect(r.calendar).toHaveLength(365);
    expect(r.calendar.at(-1)).toEqual({ day: dateOfDay(today), reviews: 0 });
    expect(r.reviewsPerDay).toHaveLength(30);
    expect(r.trueRetention.day).toHaveLength(30);
    expect(r.trueRetention.overall).toEqual({ young: { passed: 0, total: 0 }, mature: { passed: 0, total: 0 } });
    expect(r.today).toEqual({ day: dateOfDay(today), reviews: 0, timeMs: 0, right: 0, wrong: 0, newCards: 0, streakDays: 0 });
    expect(r.memory.studied).toBe(0);
    expect(r.memory.knownAtHorizon).toBe(0);
    expect(r.horizon).toMatchObject({ kind: 'fixed', daysAhead: 30, date: dateOfDay(today + 30) });
    expect(r.matrix).toEqual([]);
    expect(r.confusions).toEqual([]);
    expect(r.exam).toBeNull();
    expect(c.stats({}, 'all').reviewsPerDay).toHaveLength(1);
  });
});

describe('today', () => {
  it('counts today’s answers of every kind, time, right and wrong, new cards and the streak', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'core');
    const old = reviewCard(databaseOf(c), 'd');
    const fresh1 = addCard(databaseOf(c), { deck: 'd', state: 1, stability: 1, difficulty: 5, lastReview: at(0, 9), due: at(0, 9, 10) });
    const fresh2 = addCard(databaseOf(c), { deck: 'd', state: 1, stability: 1, difficulty: 5, lastReview: at(0, 10), due: at(0, 10, 10) });
    const crammed = addCard(databaseOf(c), { deck: 'd' });
    addReview(databaseOf(c), { card: old, at: at(0, 8), rating: 1, durationMs: 4000 });
    addReview(databaseOf(c), { card: old, at: at(0, 8, 10), rating: 3, stateBefore: 3, durationMs: 2000 });
    addReview(databaseOf(c), { card: fresh1, at: at(0, 9), rating: 3, stateBefore: 0, durationMs: 1000 });
    addReview(databaseOf(c), { card: fresh1, at: at(0, 9, 1), rating: 4, stateBefore: 1, durationMs: 1000 });
    addReview(databaseOf(c), { card: fresh2, at: at(0, 10), rating: 1, stateBefore: 0, durationMs: 500 });
    addReview(databaseOf(c), { card: crammed, at: at(0, 11), rating: 2, stateBefore: 0, kind: 'cram', durationMs: 1500 });
    // Earlier days: the streak runs today, yesterday, the day before; then a gap.
    for (const daysAgo of [1, 2, 4, 5]) addReview(databaseOf(c), { card: old, at: at(daysAgo, 20), rating: 3 });

    const r = c.stats({}, '1m');
    expect(r.today).toEqual({ day: dateOfDay(today), reviews: 6, timeMs: 10_000, right: 4, wrong: 2, newCards: 2, streakDays: 3 });
  });

  it.each([
    { days: [0, -1, -2, -4], streak: 3 },
    { days: [-1, -2], streak: 2 },
    { days: [-2, -3], streak: 0 },
    { days: [0], streak: 1 },
    { days: [], streak: 0 },
  ])('streak of study days $days (relative to today) is $streak', ({ days, streak }) => {
    expect(streakOf(days.map((d) => today + d), today)).toBe(streak);
  });
});

describe('futureDue', () => {
  const edges = dueDayEdges(today, rollover);
  it.each([
    { due: at(3, 9), index: 0, why: 'overdue counts today' },
    { due: at(0, 23), index: 0, why: 'later today' },
    { due: at(-1, 5), index: 1, why: 'after tomorrow’s rollover' },
    { due: at(-1, 3 + 24), index: 1, why: 'tomorrow until the next rollover' },
    { due: at(-10, 12), index: 10, why: 'in ten days' },
    { due: at(-364, 12), index: 364, why: 'the last day counted' },
    { due: at(-365, 12), index: null, why: 'beyond a year' },
  ])('$why', ({ due, index }) => {
    const counts = futureDueOf([due], edges);
    if (index === null) expect(sum(counts)).toBe(0);
    else expect(counts[index]).toBe(1);
  });

  it('counts only studied, active cards', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'core');
    reviewCard(databaseOf(c), 'd', { due: at(-2, 9) });
    addCard(databaseOf(c), { deck: 'd', state: 1, stability: 1, difficulty: 5, lastReview: NOW, due: at(0, 13) });
    reviewCard(databaseOf(c), 'd', { due: at(-2, 9), suspended: 1 });
    reviewCard(databaseOf(c), 'd', { due: at(-2, 9), retired: 1 });
    addCard(databaseOf(c), { deck: 'd', due: at(0, 5) }); // new
    const r = c.stats({}, '1m');
    expect(r.futureDue[0]).toBe(1);
    expect(r.futureDue[2]).toBe(1);
    expect(sum(r.futureDue)).toBe(2);
  });
});

describe('cardStates, calendar and reviewsPerDay', () => {
  it('counts states (suspended apart, retired left out) and reviews per day and kind', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'core');
    addCard(databaseOf(c), { deck: 'd' });
    addCard(databaseOf(c), { deck: 'd' });
    addCard(databaseOf(c), { deck: 'd', state: 1, stability: 1, difficulty: 5, lastReview: NOW, due: NOW });
    const card = reviewCard(databaseOf(c), 'd');
    addCard(databaseOf(c), { deck: 'd', state: 3, stability: 1, difficulty: 5, lastReview: NOW, due: NOW });
    reviewCard(databaseOf(c), 'd', { suspended: 1 });
    reviewCard(databaseOf(c), 'd', { retired: 1 });
    addReview(databaseOf(c), { card, at: at(0, 9), rating: 3 });
    addReview(databaseOf(c), { card, at: at(0, 9, 5), rating: 3, kind: 'cram' });
    addReview(databaseOf(c), { card, at: at(3, 9), rating: 1, stateBefore: 3 });
    addReview(databaseOf(c), { card, at: at(3, 10), rating: 3, kind: 'manual' });
    addReview(databaseOf(c), { card, at: at(40, 9), rating: 3, stateBefore: 1 });

    const r = c.stats({}, '1m');
    expect(r.cardStates).toEqual({ new: 2, learning: 1, review: 1, relearning: 1, suspended: 1 });
    expect(r.calendar.at(-1)?.reviews).toBe(2);
    expect(r.calendar.at(-4)?.reviews).toBe(2);
    expect(r.calendar.at(-41)?.reviews).toBe(1);
    expect(sum(r.calendar.map((d) => d.reviews))).toBe(5);
    expect(r.reviewsPerDay.at(-1)).toEqual({ day: dateOfDay(today), learning: 0, review: 1, relearning: 0, cram: 1, manual: 0 });
    expect(r.reviewsPerDay.at(-4)).toEqual({ day: dateOfDay(today - 3), learning: 0, review: 0, relearning: 1, cram: 0, manual: 1 });
    // 40 days ago is outside "1m" but inside "3m".
    expect(sum(r.reviewsPerDay.map((d) => d.learning))).toBe(0);
    const r3 = c.stats({}, '3m');
    expect(r3.reviewsPerDay).toHaveLength(90);
    expect(sum(r3.reviewsPerDay.map((d) => d.learning))).toBe(1);
    expect(c.stats({}, 'all').reviewsPerDay[0]?.day).toBe(dateOfDay(today - 40));
  });

  it.each([
    { period: '1m', start: -29 },
    { period: '3m', start: -89 },
    { period: '1y', start: -364 },
    { period: 'all', start: -500 },
  ] as const)('period $period starts $start days from today', ({ period, start }) => {
    expect(periodStart(period, today, today - 500)).toBe(today + start);
  });
});

/** The true-retention fixture: each card shows one rule. */
function retentionFixture(c: Collection): void {
  addDeck(databaseOf(c), 'd', 'core');
  const db = databaseOf(c);
  // Several answers on one day count once: fail, relearn, then review again later that day.
  const a = reviewCard(db, 'd');
  addReview(db, { card: a, at: at(1, 9), rating: 1, scheduledDays: 5 });
  addReview(db, { card: a, at: at(1, 9, 10), rating: 3, stateBefore: 3 });
  addReview(db, { card: a, at: at(1, 15), rating: 3, scheduledDays: 1 });
  // Cram does not count, even before the day's first real review.
  const b = reviewCard(db, 'd');
  addReview(db, { card: b, at: at(1, 8), rating: 1, kind: 'cram' });
  addReview(db, { card: b, at: at(1, 10), rating: 3, scheduledDays: 7 });
  // Hard is a pass; an interval of 21 days or more makes the review mature.
  const m1 = reviewCard(db, 'd');
  addReview(db, { card: m1, at: at(2, 9), rating: 2, scheduledDays: 30 });
  const m2 = reviewCard(db, 'd');
  addReview(db, { card: m2, at: at(2, 9), rating: 1, scheduledDays: 21 });
  // Relearning, learning, cram-only and manual rows never count.
  const e = reviewCard(db, 'd');
  addReview(db, { card: e, at: at(3, 9), rating: 1, stateBefore: 3 });
  addReview(db, { card: e, at: at(3, 9, 5), rating: 3, stateBefore: 1 });
  addReview(db, { card: e, at: at(3, 10), rating: 1, kind: 'cram' });
  addReview(db, { card: e, at: at(3, 11), rating: 1, kind: 'manual' });
  // 40 days ago: outside "1m".
  addReview(db, { card: m1, at: at(40, 9), rating: 1, scheduledDays: 50 });
}

describe('trueRetention', () => {
  it('counts each card’s first review answer of the day, Again as fail, cram and relearning left out', () => {
    const c = openCollection();
    retentionFixture(c);
    const r = c.stats({}, '1m');
    expect(r.trueRetention.overall).toEqual({ young: { passed: 1, total: 2 }, mature: { passed: 1, total: 2 } });
    const byDay = new Map(r.trueRetention.day.map((d) => [d.period, d]));
    expect(byDay.get(dateOfDay(today - 1))).toMatchObject({ young: { passed: 1, total: 2 }, mature: { passed: 0, total: 0 } });
    expect(byDay.get(dateOfDay(today - 2))).toMatchObject({ young: { passed: 0, total: 0 }, mature: { passed: 1, total: 2 } });
    expect(byDay.get(dateOfDay(today - 3))).toMatchObject({ young: { passed: 0, total: 0 }, mature: { passed: 0, total: 0 } });
    expect(r.trueRetention.desired).toBe(0.9);
    c.updateSettings({ desiredRetention: 0.85 });
    expect(c.stats({}, '1m').trueRetention.desired).toBe(0.85);
    expect(c.stats({}, '3m').trueRetention.overall.mature).toEqual({ passed: 1, total: 3 });
  });

  it('groups by ISO week (labelled by its Monday) and month, adding up to the overall figure', () => {
    const c = openCollection();
    retentionFixture(c);
    const r = c.stats({}, '3m');
    const total = (entries: StatsReport['trueRetention']['day']) => sum(entries.map((e) => e.young.total + e.mature.total));
    expect(total(r.trueRetention.week)).toBe(5);
    expect(total(r.trueRetention.month)).toBe(5);
    expect(r.trueRetention.week.at(-1)?.period).toBe('2025-06-09');
    expect(r.trueRetention.week.at(-1)?.young).toEqual({ passed: 1, total: 2 });
    expect(r.trueRetention.month.map((m) => m.period)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06']);
    expect(r.trueRetention.month.at(-1)?.mature).toEqual({ passed: 1, total: 2 });
    expect(r.trueRetention.month.at(-2)?.mature).toEqual({ passed: 0, total: 1 });
  });

  it.each([
    { date: '2025-06-09', monday: '2025-06-09' },
    { date: '2025-06-15', monday: '2025-06-09' },
    { date: '2025-06-16', monday: '2025-06-16' },
    { date: '1970-01-01', monday: '1969-12-29' },
  ])('the week of $date starts on $monday', ({ date, monday }) => {
    expect(weekLabel(dayOfDate(date))).toBe(monday);
  });
});

describe('buttons', () => {
  it('counts grades by the state when answered, young and mature apart, cram and manual left out', () => {
    const c = openCollection();
    retentionFixture(c);
    const r = c.stats({}, '1m');
    expect(r.buttons).toEqual({
      learning: [0, 0, 1, 0],
      young: [1, 0, 2, 0],
      mature: [1, 1, 0, 0],
      relearning: [1, 0, 1, 0],
    });
  });
});

describe('memory', () => {
  it('bins stability, difficulty and current retrievability of studied cards; knownAtHorizon sums the recall predicted 30 days on', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'core');
    const ids = [
      reviewCard(databaseOf(c), 'd', { stability: 0.5, difficulty: 1, lastReview: NOW - 5 * dayMs }),
      reviewCard(databaseOf(c), 'd', { stability: 3, difficulty: 5.5, lastReview: NOW - 3 * dayMs }),
      reviewCard(databaseOf(c), 'd', { stability: 100, difficulty: 10, lastReview: NOW - hourMs, suspended: 1 }),
      reviewCard(databaseOf(c), 'd', { stability: 9000, difficulty: 9.99, lastReview: NOW - 400 * dayMs }),
    ];
    addCard(databaseOf(c), { deck: 'd' }); // new: not studied
    reviewCard(databaseOf(c), 'd', { retired: 1 });
    const r = c.stats({}, '1m');
    expect(r.memory.studied).toBe(4);
    const counts = (bins: { count: number }[]) => bins.map((b) => b.count);
    expect(counts(r.memory.stability)).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(counts(r.memory.difficulty)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 2]);
    const expected = ids.map((id) => c.scheduler.retrievability(memoryOf(c.cardRecord(id) as CardRecord), NOW));
    const atHorizon = ids.map((id) => c.scheduler.retrievability(memoryOf(c.cardRecord(id) as CardRecord), r.horizon.at));
    expect(r.horizon.at).toBe(dayStart(today + 30, rollover));
    expect(r.memory.knownAtHorizon).toBeCloseTo(sum(atHorizon), 6);
    // Never the recall of right now: 30 days on, every card is recalled less.
    expect(r.memory.knownAtHorizon).toBeLessThan(sum(expected));
    const rBins = new Array<number>(10).fill(0);
    for (const value of expected) rBins[Math.min(9, Math.floor(value * 10))]!++;
    expect(counts(r.memory.retrievability)).toEqual(rBins);
    expect(r.memory.stability[0]).toEqual({ from: 0, to: 1, count: 1 });
    expect(r.memory.stability.at(-1)).toMatchObject({ from: 4096, to: 36500 });
  });

  it('decodes packed bins', () => {
    const h = memoryHistogramsOf([0, 1389, 1389]);
    expect(h.studied).toBe(3);
    expect(h.stability[13]?.count).toBe(2);
    expect(h.difficulty[8]?.count).toBe(2);
    expect(h.retrievability[9]?.count).toBe(2);
    expect(stabilityBins[3]).toEqual({ from: 4, to: 8 });
  });
});

/** Two service types with responsibility cards, a basic card, and owner picks inside and outside the month. */
function matrixFixture(c: Collection): { x: number; y: number } {
  const db = databaseOf(c);
  addDeck(db, 'ec2', 'iaas');
  addDeck(db, 'rds', 'paas');
  addDeck(db, 'words', 'terminology');
  const x = reviewCard(db, 'ec2', { owner: 'customer', prompt: 'Patching the guest OS', service: 'Amazon EC2', stability: 10, lastReview: NOW - 2 * dayMs });
  const y = reviewCard(db, 'ec2', { owner: 'customer', prompt: 'Security group rules', stability: 5, lastReview: NOW - 5 * dayMs });
  addCard(db, { deck: 'ec2', owner: 'aws' });
  addCard(db, { deck: 'ec2' });
  const z = reviewCard(db, 'rds', { owner: 'shared', prompt: 'Patch management' });
  const retired = reviewCard(db, 'rds', { owner: 'aws', retired: 1 });
  addCard(db, { deck: 'words' });
  addReview(db, { card: x, at: at(1, 9), rating: 1, picked: 'shared', correct: false });
  addReview(db, { card: x, at: at(2, 9), rating: 1, picked: 'shared', correct: false });
  addReview(db, { card: x, at: at(3, 9), rating: 1, picked: 'aws', correct: false, kind: 'cram' });
  addReview(db, { card: x, at: at(4, 9), rating: 3, picked: 'customer', correct: true });
  addReview(db, { card: y, at: at(1, 10), rating: 1, picked: 'aws', correct: false });
  addReview(db, { card: y, at: at(50, 10), rating: 1, picked: 'aws', correct: false });
  addReview(db, { card: y, at: at(50, 11), rating: 1, picked: 'aws', correct: false });
  addReview(db, { card: z, at: at(1, 11), rating: 3, picked: 'shared', correct: true });
  addReview(db, { card: retired, at: at(1, 12), rating: 1, picked: 'customer', correct: false });
  return { x, y };
}

describe('matrix', () => {
  it('gives facts, studied, the known value at the horizon and owner picks per service type and owner', () => {
    const c = openCollection();
    const { x, y } = matrixFixture(c);
    const r = c.stats({}, '1m');
    expect(r.matrix.map((m) => m.serviceType)).toEqual(['iaas', 'paas']);
    const iaas = new Map(r.matrix[0]?.cells.map((cell) => [cell.owner, cell]));
    const known = (id: number) => c.scheduler.retrievability(memoryOf(c.cardRecord(id)), r.horizon.at);
    expect(iaas.get('customer')).toMatchObject({ cards: 2, studied: 2, answered: 5, right: 1 });
    expect(iaas.get('customer')?.known).toBeCloseTo((known(x) + known(y)) / 2, 6);
    // An unseen fact is not known: 0, not "no figure".
    expect(iaas.get('aws')).toEqual({ owner: 'aws', cards: 1, studied: 0, known: 0, answered: 0, right: 0 });
    expect(iaas.get('shared')).toMatchObject({ cards: 0, answered: 0 });
    const paas = new Map(r.matrix[1]?.cells.map((cell) => [cell.owner, cell]));
    // The retired card is gone from the deck, but its past answers were given.
    expect(paas.get('shared')).toMatchObject({ cards: 1, studied: 1, answered: 1, right: 1 });
    expect(paas.get('aws')).toMatchObject({ cards: 0, answered: 1, right: 0 });
    const customer3m = new Map(c.stats({}, '3m').matrix[0]?.cells.map((cell) => [cell.owner, cell])).get('customer');
    expect(customer3m).toMatchObject({ answered: 7, right: 1 });
  });
});

describe('confusions', () => {
  it('lists the cards most often answered with a wrong owner, with the picks, in the period', () => {
    const c = openCollection();
    const { x, y } = matrixFixture(c);
    const r = c.stats({}, '1m');
    expect(r.confusions).toEqual([
      {
        cardId: x,
        prompt: 'Patching the guest OS',
        service: 'Amazon EC2',
        owner: 'customer',
        wrong: 3,
        picks: [
          { owner: 'shared', count: 2 },
          { owner: 'aws', count: 1 },
        ],
      },
      { cardId: y, prompt: 'Security group rules', service: null, owner: 'customer', wrong: 1, picks: [{ owner: 'aws', count: 1 }] },
    ]);
    const all = c.stats({}, 'all').confusions;
    expect(all.map((e) => [e.cardId, e.wrong])).toEqual([
      [x, 3],
      [y, 3],
    ]);
  });

  it('keeps the ten most confused', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'iaas');
    for (let i = 0; i < 12; i++) {
      const card = reviewCard(databaseOf(c), 'd', { owner: 'aws' });
      for (let k = 0; k <= i; k++) addReview(databaseOf(c), { card, at: at(1, 9, k), rating: 1, picked: 'customer', correct: false });
    }
    const r = c.stats({}, '1m');
    expect(r.confusions.map((e) => e.wrong)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });
});

describe('scope', () => {
  function scoped(): Collection {
    const c = openCollection();
    matrixFixture(c);
    const other = reviewCard(databaseOf(c), 'words');
    addReview(databaseOf(c), { card: other, at: at(0, 9), rating: 3 });
    addReview(databaseOf(c), { card: other, at: at(1, 9), rating: 1, scheduledDays: 4 });
    return c;
  }

  it('one deck: only its cards and reviews', () => {
    const c = scoped();
    const r = c.stats({ deckId: 'words' }, '1m');
    expect(r.cardStates).toEqual({ new: 1, learning: 0, review: 1, relearning: 0, suspended: 0 });
    expect(r.today.reviews).toBe(1);
    expect(r.trueRetention.overall.young).toEqual({ passed: 1, total: 2 });
    expect(r.matrix).toEqual([]);
    expect(r.confusions).toEqual([]);
    expect(r.memory.studied).toBe(1);
    expect(r.scope).toEqual({ deckId: 'words' });
    expect(c.stats({ deckId: 'ec2' }, '1m').matrix.map((m) => m.serviceType)).toEqual(['iaas']);
  });

  it('one service type: the decks of that type', () => {
    const c = scoped();
    const r = c.stats({ serviceType: 'paas' }, '1m');
    expect(r.cardStates.review).toBe(1);
    expect(r.matrix.map((m) => m.serviceType)).toEqual(['paas']);
    expect(r.confusions).toEqual([]);
    expect(sum(r.calendar.map((d) => d.reviews))).toBe(2);
    const none = c.stats({ serviceType: 'saas' }, '1m');
    expect(none.cardStates).toEqual({ new: 0, learning: 0, review: 0, relearning: 0, suspended: 0 });
    expect(c.stats({ deckId: 'ec2', serviceType: 'paas' }, '1m').cardStates.review).toBe(0);
  });

  it('an unknown deck is an error', () => {
    const c = scoped();
    expect(() => c.stats({ deckId: 'nope' }, '1m')).toThrow(expect.objectContaining({ code: ErrorCode.notFound }));
  });
});

describe('answer aggregates', () => {
  function dropAggregates(db: Database.Database): void {
    db.exec(`DROP TRIGGER review_log_answers_insert; DROP TRIGGER review_log_answers_delete;
      DROP TRIGGER review_log_owner_insert; DROP TRIGGER review_log_owner_delete;
      DROP TABLE daily_answers; DROP TABLE daily_owner_answers;`);
  }

  it('give the same report as reading the log itself', () => {
    const c = openCollection();
    generateHistory(writeConnectionOf(databaseOf(c)), { seed: 5, cards: 200, reviews: 2500, days: 100, endAt: NOW });
    retentionFixture(c);
    const reports = (['1m', 'all'] as const).flatMap((p) => [c.stats({}, p), c.stats({ serviceType: 'iaas' }, p)]);
    dropAggregates(databaseOf(c));
    const fromLog = (['1m', 'all'] as const).flatMap((p) => [c.stats({}, p), c.stats({ serviceType: 'iaas' }, p)]);
    expect(fromLog).toEqual(reports);
    expect(reports[2]?.trueRetention.overall.young.total).toBeGreaterThan(100);
  });

  it('are kept by the triggers exactly as the backfill computes them', () => {
    const source = openCollection();
    generateHistory(writeConnectionOf(databaseOf(source)), { seed: 6, cards: 150, reviews: 2000, days: 80, endAt: NOW });
    const target = openCollection();
    for (const table of ['decks', 'cards', 'review_log']) {
      const rows = databaseOf(source).prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
      const columns = Object.keys(rows[0] ?? {});
      const insert = databaseOf(target).prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((k) => `@${k}`).join(', ')})`);
      for (const row of rows) insert.run(row);
    }
    for (const table of ['daily_answers', 'daily_owner_answers', 'daily_reviews']) {
      const read = (db: Database.Database) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`).all();
      expect(read(databaseOf(target))).toEqual(read(databaseOf(source)));
    }
  });

  it('follow an answer and its undo through the review path', () => {
    const c = openCollection();
    addDeck(databaseOf(c), 'd', 'iaas');
    const card = reviewCard(databaseOf(c), 'd', { owner: 'aws', due: NOW - hourMs, scheduledDays: 25, lastReview: NOW - 25 * dayMs, stability: 20 });
    const before = c.stats({}, '1m');
    c.answer({ cardId: card, grade: 1, durationMs: 3000, pickedOwner: 'shared' });
    const after = c.stats({}, '1m');
    // The log keeps the interval the card had (25 days): a mature review, failed.
    expect(after.buttons.mature).toEqual([1, 0, 0, 0]);
    expect(after.trueRetention.overall.mature).toEqual({ passed: 0, total: 1 });
    expect(after.matrix[0]?.cells[0]).toMatchObject({ owner: 'aws', answered: 1, right: 0 });
    expect(after.confusions[0]).toMatchObject({ cardId: card, wrong: 1 });
    c.undo();
    const undone = c.stats({}, '1m');
    expect({ ...undone, memory: null }).toEqual({ ...before, memory: null });
  });
});

import { describe, expect, it } from 'vitest';
import { default_w, forgetting_curve, fsrs, generatorParameters } from 'ts-fsrs';
import { createExamCap, examWindowDays } from '../../electron/core/exam/exam-cap.js';
import { examBuildRetention } from '../../electron/core/exam/exam-schedule.js';
import { dayOfDate, dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { newMemoryState, toFsrsCard } from '../../electron/core/scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../../electron/core/scheduling/memory-state.js';
import { memoryOf } from '../../electron/core/cards/card-record.js';
import { dumpTables, openTestCollection, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('the exam cap', () => {
  const rollover = 4;
  const now = new Date(2026, 2, 1, 10).getTime();
  const cap = createExamCap('2026-03-20', [], rollover)!;
  const examStart = dayStart(dayOfDate('2026-03-20'), rollover);
  /** A card that would be forgotten by the exam without another review, and one that would not. */
  const weak: MemoryState = { ...newMemoryState(now), state: 2, stability: 2, difficulty: 5, lastReview: now };
  const strong: MemoryState = { ...weak, stability: 3000 };

  it('brings a due date that skips the exam into the last days before it', () => {
    for (let id = 1; id <= 200; id++) {
      const due = cap(examStart + 30 * 86_400_000, now, { id, deckId: 'd' }, weak);
      expect(due).toBeLessThan(examStart);
      expect(studyDay(due, rollover)).toBeGreaterThanOrEqual(dayOfDate('2026-03-20') - examWindowDays);
    }
  });

  it('spreads capped cards over the window instead of one day', () => {
    const days = new Map<number, number>();
    for (let id = 1; id <= 500; id++) {
      const day = studyDay(cap(examStart + 86_400_000, now, { id, deckId: 'd' }, weak), rollover);
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    expect(days.size).toBe(examWindowDays);
    expect(Math.max(...days.values())).toBeLessThan(500 / examWindowDays * 1.5);
  });

  it('leaves due dates well before the exam, and other decks, alone', () => {
    const early = examStart - 7 * 86_400_000;
    expect(cap(early, now, { id: 1, deckId: 'd' }, weak)).toBe(early);
    const only = createExamCap('2026-03-20', ['exam-deck'], rollover)!;
    expect(only(examStart + 86_400_000, now, { id: 1, deckId: 'other' }, weak)).toBe(examStart + 86_400_000);
  });

  it('spaces reviews before the last days for a recall of examBuildRetention, never sooner than FSRS', () => {
    const soon = now + 86_400_000;
    const spaced = cap(soon, now, { id: 1, deckId: 'd' }, weak);
    const waited = (spaced - now) / 86_400_000;
    expect(waited).toBeGreaterThan(2);
    const recall = (days: number) => forgetting_curve([...default_w], days, weak.stability);
    expect(recall(Math.floor(waited))).toBeGreaterThanOrEqual(examBuildRetention);
    expect(recall(Math.floor(waited) + 1)).toBeLessThan(examBuildRetention);
  });

  it('leaves a card that will be recalled on the exam morning anyway until after the exam', () => {
    const far = examStart + 40 * 86_400_000;
    expect(cap(far, now, { id: 1, deckId: 'd' }, strong)).toBe(far);
    // Due in the last days before the exam: that review would buy almost nothing, so it waits for the exam to pass.
    const inWindow = examStart - 86_400_000;
    expect(cap(inWindow, now, { id: 1, deckId: 'd' }, strong)).toBeGreaterThanOrEqual(examStart);
  });

  it('puts every exam card of a studied collection before the exam when it would otherwise skip it', () => {
    const clock = new TestClock(new Date(2026, 2, 1, 10).getTime());
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ examDate: '2026-03-12', newPerDay: 40, learningSteps: [] });
    const examAt = dayStart(dayOfDate('2026-03-12'), collection.settings.rolloverHour);
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 4, durationMs: 1 });
    const dues = databaseOf(collection).prepare('SELECT due FROM cards WHERE state = 2').pluck().all() as number[];
    expect(dues.length).toBe(40);
    for (const due of dues) expect(due).toBeLessThan(examAt);
    // The previews on the buttons tell the same story.
    const [card] = collection.study({}).cards;
    if (card) for (const p of card.previews.filter((p) => p.grade > 1)) expect(p.due).toBeLessThan(examAt);
  });
});

describe('a deck with its own exam date', () => {
  it('caps that deck at its date, leaves other decks alone, and reports its readiness', () => {
    const clock = new TestClock(new Date(2026, 2, 1, 10).getTime());
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ learningSteps: [], newPerDay: 100 });
    collection.setDeckOptions('iaas-ec2', { newPerDay: null, reviewsPerDay: null, examDate: '2026-03-09' });
    const examAt = dayStart(dayOfDate('2026-03-09'), collection.settings.rolloverHour);
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 4, durationMs: 1 });
    const dues = (deck: string) => databaseOf(collection).prepare('SELECT due FROM cards WHERE state = 2 AND deck_id = ?').pluck().all(deck) as number[];
    expect(dues('iaas-ec2').length).toBeGreaterThan(0);
    for (const due of dues('iaas-ec2')) expect(due).toBeLessThan(examAt);
    expect(dues('core-model').some((due) => due >= examAt)).toBe(true);
    const deck = collection.today().decks.find((d) => d.id === 'iaas-ec2')!;
    expect(deck.options.examDate).toBe('2026-03-09');
    expect(deck.exam?.daysLeft).toBe(8);
    expect(deck.exam?.readiness).toBeGreaterThan(0);
    expect(collection.today().exam).toBeNull();
  });
});

describe('exam readiness', () => {
  it('is the mean FSRS retrievability at the exam date, new cards counting as zero', () => {
    const clock = new TestClock(new Date(2026, 2, 1, 10).getTime());
    const { collection } = openTestCollection({ clock });
    collection.updateSettings({ examDate: '2026-04-01', examDeckIds: ['terminology'], learningSteps: [] });
    const cards = collection.study({ deckIds: ['terminology'] }).cards.slice(0, 5);
    cards.forEach((c, i) => collection.answer({ cardId: c.id, grade: (i % 3) + 2 as 2 | 3 | 4, durationMs: 1 }));
    const readiness = collection.today().exam!;

    const engine = fsrs(generatorParameters({ enable_fuzz: true }));
    const at = new Date(dayStart(dayOfDate('2026-04-01'), collection.settings.rolloverHour));
    const rows = databaseOf(collection).prepare("SELECT * FROM cards WHERE deck_id = 'terminology' AND retired = 0").all() as Parameters<typeof memoryOf>[0][];
    const expected = rows.reduce((sum, r) => sum + (r.state === 0 ? 0 : engine.get_retrievability(toFsrsCard(memoryOf(r)), at, false)), 0) / rows.length;
    expect(readiness.cardCount).toBe(rows.length);
    expect(readiness.readiness).toBeCloseTo(expected, 10);
    expect(readiness.daysLeft).toBe(31);
    expect(readiness.history.at(-1)?.readiness).toBeCloseTo(expected, 10);
  });
});

describe('cram sessions', () => {
  it('weakest first puts unseen and forgotten cards ahead of well-known ones', () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ learningSteps: [] });
    const [known] = collection.study({ deckIds: ['terminology'] }).cards;
    collection.answer({ cardId: known!.id, grade: 4, durationMs: 1 });
    const session = collection.cram({ deckIds: ['terminology'], size: 50, order: 'weakest' }, false);
    expect(session.cards.at(-1)!.id).toBe(known!.id);
  });

  it('filters by service type and owner, as the matrix asks', () => {
    const { collection } = openTestCollection();
    const session = collection.cram({ serviceTypes: ['iaas'], owners: ['customer'], size: 100, order: 'shuffled', seed: 7 }, false);
    expect(session.cards.length).toBeGreaterThan(5);
    for (const c of session.cards) {
      expect(c.content.kind).toBe('responsibility');
      if (c.content.kind === 'responsibility') expect(c.content.owner).toBe('customer');
      expect(c.deckId).toBe('iaas-ec2');
    }
  });

  it('with the switch off, a whole session changes no card state', () => {
    const { collection } = openTestCollection();
    const before = dumpTables(databaseOf(collection), ['cards']);
    for (const c of collection.cram({ size: 10, order: 'weakest' }, false).cards) {
      collection.answer({ cardId: c.id, grade: 1, durationMs: 1, cram: { countTowardSchedule: false } });
    }
    expect(dumpTables(databaseOf(collection), ['cards'])).toEqual(before);
    expect(databaseOf(collection).prepare("SELECT count(*) FROM review_log WHERE kind = 'cram'").pluck().get()).toBe(10);
  });
});

import { describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import type { ChoiceContent } from '../../electron/core/domain/types.js';
import { timeLimitFor } from '../../electron/core/practice/practice-exam.js';
import { calibrationOf } from '../../electron/core/practice/practice-calibration.js';
import { guessRate } from '../../electron/core/practice/practice-items.js';
import type { PracticeAnswer, PracticeItem } from '../../electron/core/practice/practice-types.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection } from '../helpers/test-collection.js';

const contentOf = (c: Collection, cardId: number) => JSON.parse(databaseOf(c).prepare('SELECT content FROM cards WHERE id = ?').pluck().get(cardId) as string) as ChoiceContent;
const right = (c: Collection, item: PracticeItem): PracticeAnswer => ({ position: item.position, chosen: [...contentOf(c, item.cardId).answer], marked: false });
const wrong = (c: Collection, item: PracticeItem): PracticeAnswer => {
  const content = contentOf(c, item.cardId);
  const miss = content.options.map((_, i) => i).find((i) => !content.answer.includes(i))!;
  return { position: item.position, chosen: [miss], marked: false };
};
const reviewsOf = (c: Collection, cardId: number) =>
  databaseOf(c).prepare('SELECT rating, kind, correct FROM review_log WHERE card_id = ? ORDER BY id').all(cardId) as { rating: number; kind: string; correct: number | null }[];

describe('the practice exam', () => {
  it('starts a timed exam in the exam’s form from the practice decks, without the answers', () => {
    const { collection } = openTestCollection();
    const exam = collection.startPractice({ size: 10 });
    expect(exam.items).toHaveLength(10);
    expect(exam.timeLimitMs).toBe(timeLimitFor(10));
    expect(exam.timeLimitMs).toBe(14 * 60_000);
    const deckOf = databaseOf(collection).prepare('SELECT d.service_type FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?').pluck();
    for (const item of exam.items) {
      expect(deckOf.get(item.cardId)).toBe('practice');
      expect(Object.keys(item).sort()).toEqual(['cardId', 'choose', 'optionIndexes', 'options', 'position', 'question', 'task']);
      const content = contentOf(collection, item.cardId);
      expect(item.choose).toBe(content.answer.length);
      expect([...item.optionIndexes].sort()).toEqual(content.options.map((_, i) => i));
      expect(item.options).toEqual(item.optionIndexes.map((i) => content.options[i]));
      expect(item.task).toMatch(/^\d\.\d$/);
    }
    expect(new Set(exam.items.map((i) => i.cardId)).size).toBe(10);
    // Nothing studied yet: the prediction is what guessing gives.
    const guesses = exam.items.map((i) => guessRate(contentOf(collection, i.cardId)));
    expect(exam.predicted).toBeCloseTo(guesses.reduce((a, b) => a + b, 0) / guesses.length, 9);
  });

  it('grades with no partial credit, groups results by task, layer and service, and keeps them', () => {
    const { collection } = openTestCollection();
    const all = collection.practiceOverview();
    expect(all.available).toBeGreaterThanOrEqual(20);
    expect(all.multipleResponse).toBeGreaterThan(0);
    const exam = collection.startPractice({ size: all.available });
    const multiple = exam.items.find((i) => i.choose > 1)!;
    const content = contentOf(collection, multiple.cardId);
    const answers = exam.items.map((item, i) => {
      if (item === multiple) return { position: item.position, chosen: content.answer.slice(0, content.answer.length - 1), marked: true };
      if (i === 0 && item !== multiple) return { position: item.position, chosen: [], marked: false };
      return i % 3 === 1 ? wrong(collection, item) : right(collection, item);
    });
    const result = collection.finishPractice(exam.examId, answers);
    const expectedRight = exam.items.filter((item, i) => item !== multiple && i !== 0 && i % 3 !== 1).length;
    expect(result).toMatchObject({ total: exam.items.length, correct: expectedRight, timedOut: false, predicted: exam.predicted });
    expect(result.score).toBeCloseTo(expectedRight / exam.items.length, 12);
    // Most of the right options is still wrong; an unanswered item is wrong.
    expect(result.items.find((r) => r.position === multiple.position)).toMatchObject({ correct: false, marked: true });
    expect(result.items.find((r) => r.position === 0)).toMatchObject({ correct: false, chosen: null });
    const sum = (groups: { right: number; total: number }[]) => groups.reduce((a, g) => ({ right: a.right + g.right, total: a.total + g.total }), { right: 0, total: 0 });
    expect(sum(result.byTask)).toEqual({ right: result.correct, total: result.total });
    expect(result.byTask.map((g) => g.key)).toContain('2.1');
    expect(result.byTask.find((g) => g.key === '2.1')!.label).toBe('2.1 Understand the AWS shared responsibility model');
    expect(result.byLayer.length).toBeGreaterThan(1);
    expect(result.byService.map((g) => g.label)).toContain('Amazon EC2');
    // Kept: the same result later, and in the history.
    expect(collection.practiceResult(exam.examId)).toEqual(result);
    expect(collection.practiceOverview().history).toEqual([
      { examId: exam.examId, finishedAt: result.finishedAt, total: result.total, correct: result.correct, predicted: exam.predicted, retakeOf: null, timedOut: false },
    ]);
  });

  it('records every answer on the schedule: Good for a right item, Again for a miss and for the studied cards of its fact group', () => {
    const { collection, clock } = openTestCollection();
    const db = databaseOf(collection);
    const idOf = (key: string) => db.prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
    // The item on EC2 guest OS updates shares its fact group with the EC2 guest OS patching card, studied yesterday.
    const patching = idOf('ec2-guest-os-patching');
    const item = idOf('practice-who-updates-ec2-os');
    expect(db.prepare('SELECT note_key FROM cards WHERE id = ?').pluck().get(item)).toBe(db.prepare('SELECT note_key FROM cards WHERE id = ?').pluck().get(patching));
    collection.answer({ cardId: patching, grade: 4, durationMs: 1, pickedOwner: 'customer' });
    clock.advanceDays(2);
    const before = collection.cardRecord(patching);

    // An exam of every item holds it.
    const exam = collection.startPractice({ size: collection.practiceOverview().available });
    expect(exam.items.some((i) => i.cardId === item)).toBe(true);
    const reviewsBefore = reviewsOf(collection, patching).length;
    const answers = exam.items.map((i) => (i.cardId === item ? wrong(collection, i) : right(collection, i)));
    const result = collection.finishPractice(exam.examId, answers);

    expect(reviewsOf(collection, item).at(-1)).toMatchObject({ rating: 1, correct: 0 });
    const other = exam.items.find((i) => i.cardId !== item)!;
    expect(reviewsOf(collection, other.cardId).at(-1)).toMatchObject({ rating: 3, correct: 1 });
    expect(reviewsOf(collection, patching)).toHaveLength(reviewsBefore + 1);
    expect(reviewsOf(collection, patching).at(-1)).toMatchObject({ rating: 1, kind: 'review' });
    const after = collection.cardRecord(patching);
    expect(after.lapses).toBe(before.lapses + 1);
    expect(after.stability).toBeLessThan(before.stability);
    expect(after.due).toBeLessThan(before.due);
    // Every item answered once, plus the one studied sibling of the miss.
    expect(result.recorded.reviews).toBe(exam.items.length + 1);
    // And the sibling now counts as not known, as everything failed today does.
    const lineCard = collection.line().cells.flat().flatMap((c) => c.cards).find((c) => c.id === patching)!;
    expect(lineCard).toMatchObject({ failedToday: true, recall: 0 });
  });

  it('retakes the misses only, and refuses to finish twice or to take an option an item does not have', () => {
    const { collection } = openTestCollection();
    const exam = collection.startPractice({ size: 8 });
    const answers = exam.items.map((item, i) => (i < 3 ? wrong(collection, item) : right(collection, item)));
    collection.finishPractice(exam.examId, answers);
    expect(() => collection.finishPractice(exam.examId, answers)).toThrow(expect.objectContaining({ code: ErrorCode.conflict }));

    const retake = collection.startPractice({ retakeOf: exam.examId });
    expect(retake.retakeOf).toBe(exam.examId);
    expect(retake.items.map((i) => i.cardId)).toEqual(exam.items.slice(0, 3).map((i) => i.cardId));
    expect(retake.timeLimitMs).toBe(timeLimitFor(3));

    const log = () => databaseOf(collection).prepare('SELECT count(*) FROM review_log').pluck().get();
    const reviews = log();
    const hostile = [{ position: 0, chosen: [99], marked: false }];
    expect(() => collection.finishPractice(retake.examId, hostile)).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }));
    expect(() => collection.finishPractice(retake.examId, [{ position: 7, chosen: [0], marked: false }])).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }));
    expect(log()).toBe(reviews);
    expect(collection.practiceOverview().history).toHaveLength(1);
    const done = collection.finishPractice(retake.examId, retake.items.map((i) => right(collection, i)));
    expect(done).toMatchObject({ correct: 3, total: 3, retakeOf: exam.examId });
    expect(() => collection.startPractice({ retakeOf: retake.examId })).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }));
  });

  it('a finish after the time ran out is kept, marked as over time', () => {
    const { collection, clock } = openTestCollection();
    const exam = collection.startPractice({ size: 2 });
    clock.advance(exam.timeLimitMs + 60_000);
    expect(collection.finishPractice(exam.examId, []).timedOut).toBe(true);
  });
});

describe('calibration', () => {
  it('is the mean absolute error and the mean signed error of predicted against actual scores', () => {
    expect(calibrationOf([])).toEqual({ exams: 0, meanAbsoluteError: null, bias: null });
    const c = calibrationOf([
      { total: 10, correct: 5, predicted: 0.6 },
      { total: 20, correct: 18, predicted: 0.8 },
    ]);
    expect(c.exams).toBe(2);
    expect(c.meanAbsoluteError).toBeCloseTo(0.1, 12);
    expect(c.bias).toBeCloseTo(0, 12);
  });

  it('groups every question of every finished exam by its predicted chance, beside the share answered right', () => {
    const { collection } = openTestCollection();
    expect(collection.practiceOverview().calibration).toMatchObject({ exams: 0, meanAbsoluteError: null, bias: null });
    expect(collection.practiceOverview().calibration.bins.map((b) => [b.from, b.to, b.questions])).toEqual([
      [0, 0.2, 0],
      [0.2, 0.4, 0],
      [0.4, 0.6, 0],
      [0.6, 0.8, 0],
      [0.8, 1, 0],
    ]);
    // Half of a first exam answered right; an exam left unfinished counts nowhere; a second one all right.
    const first = collection.startPractice({ size: 10 });
    const firstResult = collection.finishPractice(first.examId, first.items.map((item, i) => (i % 2 ? wrong(collection, item) : right(collection, item))));
    collection.startPractice({ size: 5 });
    const second = collection.startPractice({ size: 4 });
    const secondResult = collection.finishPractice(second.examId, second.items.map((item) => right(collection, item)));

    const { calibration } = collection.practiceOverview();
    expect(calibration.exams).toBe(2);
    expect(calibration.meanAbsoluteError).toBeCloseTo((Math.abs(first.predicted - 0.5) + Math.abs(second.predicted - 1)) / 2, 12);
    expect(calibration.bias).toBeCloseTo((first.predicted - 0.5 + (second.predicted - 1)) / 2, 12);
    expect(calibration.bins.reduce((n, b) => n + b.questions, 0)).toBe(14);
    // Each question sits in the band of the chance stored for it when its exam started.
    const questions = [...firstResult.items, ...secondResult.items];
    for (const bin of calibration.bins) {
      const inside = questions.filter((q) => q.predicted >= bin.from && (q.predicted < bin.to || bin.to === 1));
      expect(bin.questions).toBe(inside.length);
      if (inside.length === 0) expect(bin).toMatchObject({ predicted: null, actual: null });
      else {
        expect(bin.predicted).toBeCloseTo(inside.reduce((a, q) => a + q.predicted, 0) / inside.length, 9);
        expect(bin.actual).toBeCloseTo(inside.filter((q) => q.correct).length / inside.length, 9);
      }
    }
    // Nothing was studied before the first exam: its chances are guesses, all under 60%.
    expect(Math.max(...firstResult.items.map((q) => q.predicted))).toBeLessThan(0.6);
  });

  it('guessing: one of n options, or the one right set of k among n', () => {
    expect(guessRate({ kind: 'choice', question: '', options: ['a', 'b', 'c', 'd'], answer: [1], explanation: '' })).toBe(0.25);
    expect(guessRate({ kind: 'choice', question: '', options: ['a', 'b', 'c', 'd', 'e'], answer: [0, 3], explanation: '' })).toBe(0.1);
  });
});

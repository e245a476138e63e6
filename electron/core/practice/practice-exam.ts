import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { GradeValue } from '../domain/types.js';
import { lineLayers, lineServices } from '../line/line-model.js';
import type { KnownParams } from '../mastery/known-sql.js';
import type { AnswerRecorder, SchedulerSource } from '../review/answer-card.js';
import { verdictOf } from '../review/answer-check.js';
import { choiceDisplayOrder } from '../review/choice-order.js';
import type { Settings } from '../settings/settings-schema.js';
import { SeededRandom } from '../domain/seeded-random.js';
import { everyService, itemCells, itemTask, predictItems, readPracticeItems, type ItemRecord } from './practice-items.js';
import { practiceCalibration } from './practice-calibration.js';
import { taskLabel } from './practice-tasks.js';
import type {
  PracticeAnswer,
  PracticeGroupResult,
  PracticeHistoryEntry,
  PracticeItem,
  PracticeItemResult,
  PracticeOverview,
  PracticeResult,
  PracticeStart,
} from './practice-types.js';
import type { PracticeExamItemRecord, PracticeExamRecord } from '../db/table-rows.js';

/** CLF-C02's pace: 90 minutes for 65 items. */
export const secondsPerItem = (90 * 60) / 65;
/** A finish this long after the time ran out still counts as on time (the screen finishes at zero; the call may take a moment). */
const lateGraceMs = 30_000;

export interface PracticeContext {
  now: number;
  /** Today's study day (the options' display order is the one review shows today). */
  today: number;
  /** The known value measured now: the chance that the fact behind an item is recalled during the exam. */
  knownNow: KnownParams;
}

export type PracticeStartRequest = { size: number; retakeOf?: undefined } | { retakeOf: number; size?: undefined };

/** The time an exam of `items` items gets: the exam's pace, rounded up to whole minutes. */
export function timeLimitFor(items: number): number {
  return Math.ceil((items * secondsPerItem) / 60) * 60_000;
}

/**
 * Starts a practice exam: `size` items drawn at random from the practice
 * decks, or the items missed in an earlier exam ("retake my misses"). The
 * predicted score is stored with it before a single item is seen.
 */
export function startPracticeExam(db: WriteConnection, ctx: PracticeContext, request: PracticeStartRequest): PracticeStart {
  let items: ItemRecord[];
  let retakeOf: number | null = null;
  if (request.retakeOf !== undefined) {
    const exam = examRow(db, request.retakeOf);
    if (exam.finished_at === null) throw new DemarcError(ErrorCode.conflict, 'That practice exam is not finished, so it has no misses yet.');
    const missed = db.prepare<[number], number>('SELECT card_id FROM practice_exam_items WHERE exam_id = ? AND correct = 0 ORDER BY position').pluck().all(exam.id);
    const byId = new Map(readPracticeItems(db, missed).map((i) => [i.id, i]));
    items = missed.flatMap((id) => byId.get(id) ?? []);
    if (items.length === 0) throw new DemarcError(ErrorCode.invalidArgument, 'That practice exam has no misses to retake.');
    retakeOf = exam.id;
  } else {
    const all = readPracticeItems(db);
    if (all.length === 0) throw new DemarcError(ErrorCode.notFound, 'There are no practice items: the practice decks have no choice cards.');
    items = sample(all, Math.min(request.size, all.length), ctx.now);
  }
  const predictions = predictItems(db, items, ctx.knownNow);
  const predicted = items.reduce((sum, i) => sum + (predictions.get(i.id) ?? 0), 0) / items.length;
  const timeLimitMs = timeLimitFor(items.length);
  return db.transaction(() => {
    const examId = Number(
      db
        .prepare('INSERT INTO practice_exams (started_at, time_limit_ms, retake_of, item_count, predicted) VALUES (?, ?, ?, ?, ?)')
        .run(ctx.now, timeLimitMs, retakeOf, items.length, predicted).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO practice_exam_items (exam_id, position, card_id, predicted) VALUES (?, ?, ?, ?)');
    items.forEach((item, position) => insert.run(examId, position, item.id, predictions.get(item.id) ?? 0));
    return { examId, startedAt: ctx.now, timeLimitMs, predicted, retakeOf, items: items.map((item, position) => shownItem(item, position, ctx.today)) };
  }).immediate();
}

/**
 * Finishes an exam: grades every item (all the right options and nothing
 * else, or it is wrong; an unanswered item is wrong), and records each answer
 * on the schedule through the one answer path: the item's card gets Good when
 * right and Again when missed, and a miss also gives Again to every studied
 * card of the item's fact group (they test the same fact). One transaction.
 */
export function finishPracticeExam(
  db: WriteConnection,
  ctx: PracticeContext & { settings: Settings; scheduler: SchedulerSource; recorder: AnswerRecorder },
  examId: number,
  answers: readonly PracticeAnswer[],
): PracticeResult {
  const exam = examRow(db, examId);
  if (exam.finished_at !== null) throw new DemarcError(ErrorCode.conflict, 'This practice exam is already finished; its results are kept.');
  const rows = itemRows(db, examId);
  const byPosition = new Map(answers.map((a) => [a.position, a]));
  for (const a of answers) if (!rows.some((r) => r.position === a.position)) throw new DemarcError(ErrorCode.invalidArgument, `This exam has no question ${a.position + 1}.`);
  const items = new Map(readPracticeItems(db, rows.map((r) => r.card_id)).map((i) => [i.id, i]));
  const inExam = new Set(rows.map((r) => r.card_id));
  const durationMs = Math.min(3_600_000, Math.max(0, Math.round((ctx.now - exam.started_at) / Math.max(1, rows.length))));
  // Every answer is judged before anything is written: a refused one changes nothing.
  const graded = rows.map((row) => {
    const item = items.get(row.card_id);
    const answer = byPosition.get(row.position);
    const chosen = answer && answer.chosen.length > 0 ? [...new Set(answer.chosen)].sort((a, b) => a - b) : null;
    return { row, item, chosen, marked: answer?.marked === true, correct: item !== undefined && chosen !== null && gradeItem(item, chosen) };
  });
  db.transaction(() => {
    const update = db.prepare('UPDATE practice_exam_items SET chosen = ?, correct = ?, marked = ? WHERE exam_id = ? AND position = ?');
    const siblings = db.prepare<[string, number], number>('SELECT id FROM cards WHERE note_key = ? AND id <> ? AND state > 0 AND retired = 0 AND suspended = 0 ORDER BY id').pluck();
    let reviews = 0;
    const touched = new Set<number>();
    const record = (cardId: number, grade: GradeValue, correct: boolean | undefined) => {
      ctx.recorder.answer({ cardId, grade, durationMs, correct }, ctx.now, ctx.settings, ctx.scheduler);
      reviews++;
      touched.add(cardId);
    };
    let right = 0;
    for (const { row, item, chosen, marked, correct } of graded) {
      update.run(chosen ? JSON.stringify(chosen) : null, correct ? 1 : 0, marked ? 1 : 0, examId, row.position);
      if (correct) right++;
      // A card retired since the exam began has no schedule to learn.
      if (!item) continue;
      record(item.id, correct ? 3 : 1, correct);
      if (!correct) for (const sibling of siblings.all(item.noteKey, item.id)) if (!inExam.has(sibling)) record(sibling, 1, undefined);
    }
    const timedOut = ctx.now > exam.started_at + exam.time_limit_ms + lateGraceMs;
    db.prepare('UPDATE practice_exams SET finished_at = ?, correct = ?, timed_out = ?, recorded_reviews = ?, recorded_cards = ? WHERE id = ?').run(
      ctx.now,
      right,
      timedOut ? 1 : 0,
      reviews,
      touched.size,
      examId,
    );
  }).immediate();
  return practiceResult(db, examId, ctx.today);
}

/**
 * All the right options and nothing else, or the item is wrong: no partial
 * credit. Checked by the review's own verdict, which refuses an option the
 * card does not have or two options on a single-answer item.
 */
function gradeItem(item: ItemRecord, chosen: number[]): boolean {
  return verdictOf(item.content, { chosenOptions: chosen }).correct === true;
}

/** A finished exam's results, by item, task statement, Line layer and service. */
export function practiceResult(db: Database.Database, examId: number, today: number): PracticeResult {
  const exam = examRow(db, examId);
  if (exam.finished_at === null || exam.correct === null) throw new DemarcError(ErrorCode.conflict, 'This practice exam is not finished yet.');
  const rows = itemRows(db, examId);
  const items = new Map(readPracticeItems(db, rows.map((r) => r.card_id)).map((i) => [i.id, i]));
  const results: PracticeItemResult[] = rows.flatMap((row) => {
    const item = items.get(row.card_id);
    if (!item) return [];
    return [
      {
        ...shownItem(item, row.position, today),
        answer: item.content.answer,
        chosen: row.chosen === null ? null : (JSON.parse(row.chosen) as number[]),
        correct: row.correct === 1,
        marked: row.marked === 1,
        explanation: item.content.explanation,
        predicted: row.predicted,
        cells: itemCells(db, item),
      },
    ];
  });
  const groups = (keysOf: (r: PracticeItemResult) => { key: string; label: string }[], order: (a: PracticeGroupResult, b: PracticeGroupResult) => number) => {
    const out = new Map<string, PracticeGroupResult>();
    for (const r of results) {
      for (const { key, label } of keysOf(r)) {
        const g = out.get(key) ?? { key, label, right: 0, total: 0, predicted: 0 };
        g.total++;
        g.predicted += r.predicted;
        if (r.correct) g.right++;
        out.set(key, g);
      }
    }
    return [...out.values()].sort(order);
  };
  const notOnLine = 'Not on the Line';
  const unique = (values: string[]) => [...new Set(values)];
  const byLabel = (a: PracticeGroupResult, b: PracticeGroupResult) => a.key.localeCompare(b.key, 'en', { numeric: true });
  const lineOrder = (labels: readonly string[]) => (a: PracticeGroupResult, b: PracticeGroupResult) => rank(labels, a.key) - rank(labels, b.key);
  return {
    examId,
    startedAt: exam.started_at,
    finishedAt: exam.finished_at,
    timeLimitMs: exam.time_limit_ms,
    timedOut: exam.timed_out === 1,
    retakeOf: exam.retake_of,
    total: exam.item_count,
    correct: exam.correct,
    score: exam.item_count ? exam.correct / exam.item_count : 0,
    predicted: exam.predicted,
    items: results,
    byTask: groups((r) => [{ key: r.task, label: taskLabel(r.task) }], byLabel),
    byLayer: groups(
      (r) => (r.cells.length ? unique(r.cells.map((c) => c.layer)) : [notOnLine]).map((l) => ({ key: l, label: l })),
      lineOrder([...lineLayers.map((l) => l.label), notOnLine]),
    ),
    byService: groups(
      (r) => (r.cells.length ? unique(r.cells.map((c) => c.service)) : [notOnLine]).map((s) => ({ key: s, label: s })),
      lineOrder([...lineServices.map((l) => l.label), everyService, notOnLine]),
    ),
    recorded: { reviews: exam.recorded_reviews, cards: exam.recorded_cards },
  };
}

/** The practice exam screen's start page: the items there are, the score predicted now, past exams and their calibration. */
export function practiceOverview(db: Database.Database, known: KnownParams): PracticeOverview {
  const all = readPracticeItems(db);
  const predictions = predictItems(db, all, known);
  const history = db
    .prepare<[], FinishedExamRow>(
      `SELECT id, finished_at, item_count, correct, predicted, retake_of, timed_out
       FROM practice_exams WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 200`,
    )
    .all()
    .map(historyEntryOf);
  return {
    available: all.length,
    singleAnswer: all.filter((i) => i.content.answer.length === 1).length,
    multipleResponse: all.filter((i) => i.content.answer.length > 1).length,
    secondsPerItem,
    predictedNow: all.length ? all.reduce((sum, i) => sum + (predictions.get(i.id) ?? 0), 0) / all.length : 0,
    history,
    calibration: practiceCalibration(db),
  };
}

type ExamRow = PracticeExamRecord;
type ItemRow = Omit<PracticeExamItemRecord, 'exam_id'>;
/** A finished exam: its end and its score are set. */
type FinishedExamRow = Pick<PracticeExamRecord, 'id' | 'item_count' | 'predicted' | 'retake_of' | 'timed_out'> & { finished_at: number; correct: number };

function historyEntryOf(r: FinishedExamRow): PracticeHistoryEntry {
  return { examId: r.id, finishedAt: r.finished_at, total: r.item_count, correct: r.correct, predicted: r.predicted, retakeOf: r.retake_of, timedOut: r.timed_out === 1 };
}

function examRow(db: Database.Database, examId: number): ExamRow {
  const row = db.prepare<[number], ExamRow>('SELECT * FROM practice_exams WHERE id = ?').get(examId);
  if (!row) throw new DemarcError(ErrorCode.notFound, `Practice exam ${examId} does not exist.`);
  return row;
}

function itemRows(db: Database.Database, examId: number): ItemRow[] {
  return db.prepare<[number], ItemRow>('SELECT position, card_id, predicted, chosen, correct, marked FROM practice_exam_items WHERE exam_id = ? ORDER BY position').all(examId);
}

function shownItem(item: ItemRecord, position: number, today: number): PracticeItem {
  const order = choiceDisplayOrder(item.id, today, item.content.options);
  return {
    position,
    cardId: item.id,
    question: item.content.question,
    options: order.map((i) => item.content.options[i] as string),
    optionIndexes: order,
    choose: item.content.answer.length,
    task: itemTask(item),
  };
}

/** `count` items drawn without replacement, seeded by the start time (two exams started apart draw differently). */
function sample(items: readonly ItemRecord[], count: number, seed: number): ItemRecord[] {
  const random = SeededRandom.stream(seed % 2 ** 31, 'practice-exam');
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [pool[i], pool[j]] = [pool[j] as ItemRecord, pool[i] as ItemRecord];
  }
  return pool.slice(0, count);
}

function rank(labels: readonly string[], key: string): number {
  const i = labels.indexOf(key);
  return i < 0 ? labels.length : i;
}


import type Database from 'better-sqlite3';
import type { CalibrationBin, PracticeCalibration, PracticeHistoryEntry } from './practice-types.js';
import type { PracticeExamRecord } from '../db/table-rows.js';

/** The chance bands questions are grouped by: five of 20 points each, the last one closed (a 100% question is in 80–100). */
const bandCount = 5;

/**
 * How far the predictions made before practice exams were from what
 * happened, over every finished exam (retakes included: each one's
 * prediction was made at its start like any other). By exam: mean absolute
 * error and bias of the predicted score. By question: the questions grouped by
 * the chance the model gave them, beside the share of them answered right.
 */
export function practiceCalibration(db: Database.Database): PracticeCalibration {
  const exams = db
    .prepare<[], Pick<PracticeExamRecord, 'item_count' | 'predicted'> & { correct: number }>('SELECT item_count, correct, predicted FROM practice_exams WHERE finished_at IS NOT NULL AND item_count > 0')
    .all();
  const rows = db
    .prepare<[], { band: number; questions: number; predicted: number; answered_right: number }>(
      `SELECT min(CAST(i.predicted * ${bandCount} AS INTEGER), ${bandCount - 1}) AS band, count(*) AS questions, sum(i.predicted) AS predicted, sum(i.correct) AS answered_right
       FROM practice_exam_items i JOIN practice_exams e ON e.id = i.exam_id
       WHERE e.finished_at IS NOT NULL AND i.correct IS NOT NULL
       GROUP BY band`,
    )
    .all();
  const byBand = new Map(rows.map((r) => [Math.max(0, r.band), r]));
  const bins: CalibrationBin[] = Array.from({ length: bandCount }, (_, band) => {
    const r = byBand.get(band);
    return {
      from: band / bandCount,
      to: (band + 1) / bandCount,
      questions: r?.questions ?? 0,
      predicted: r && r.questions > 0 ? r.predicted / r.questions : null,
      actual: r && r.questions > 0 ? r.answered_right / r.questions : null,
    };
  });
  return { ...calibrationOf(exams.map((e) => ({ total: e.item_count, correct: e.correct, predicted: e.predicted }))), bins };
}

/** Predicted against actual over finished exams: mean absolute error and bias, in score points (0–1). */
export function calibrationOf(exams: readonly Pick<PracticeHistoryEntry, 'total' | 'correct' | 'predicted'>[]): Omit<PracticeCalibration, 'bins'> {
  if (exams.length === 0) return { exams: 0, meanAbsoluteError: null, bias: null };
  let absolute = 0;
  let signed = 0;
  for (const e of exams) {
    const diff = e.predicted - e.correct / e.total;
    absolute += Math.abs(diff);
    signed += diff;
  }
  return { exams: exams.length, meanAbsoluteError: absolute / exams.length, bias: signed / exams.length };
}

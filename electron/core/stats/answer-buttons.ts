import type { AnswerRow } from './answer-rows.js';
import type { StatsReport } from './stats-types.js';

/** Grade counts [Again, Hard, Good, Easy] by the card's state when answered (cram and manual rows are not answers). */
export function answerButtonsOf(rows: readonly AnswerRow[]): StatsReport['buttons'] {
  const buttons: StatsReport['buttons'] = { learning: [0, 0, 0, 0], young: [0, 0, 0, 0], mature: [0, 0, 0, 0], relearning: [0, 0, 0, 0] };
  for (const r of rows) {
    const counts = buttons[r.bucket];
    const grade = (r.rating - 1) as 0 | 1 | 2 | 3;
    counts[grade] += r.answers;
  }
  return buttons;
}

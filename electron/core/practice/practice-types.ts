/**
 * The practice exam as the renderer sees it: a timed test in the exam's form
 * (single answer and multiple response, no partial credit), its results by
 * task statement and by the Line's layers and services, and the predicted
 * score beside the actual one. Pure types.
 */

/** One question as shown during the exam: no answer in it. */
export interface PracticeItem {
  position: number;
  cardId: number;
  question: string;
  /** The options in the order shown. */
  options: string[];
  /** The deck file's index of each option shown (answers are sent as these). */
  optionIndexes: number[];
  /** How many options to choose: 1 for a single-answer item, 2 or more for "Choose N". */
  choose: number;
  /** The exam task statement the item serves (CLF-C02 numbering, e.g. "2.1"). */
  task: string;
}

export interface PracticeStart {
  examId: number;
  startedAt: number;
  timeLimitMs: number;
  /** The score the memory model predicts for this exam, before it is taken (0–1). */
  predicted: number;
  retakeOf: number | null;
  items: PracticeItem[];
}

/** What the learner did with one item; unanswered items are simply left out or sent with no options. */
export interface PracticeAnswer {
  position: number;
  /** File indexes of the options chosen. */
  chosen: number[];
  marked: boolean;
}

export interface PracticeItemResult extends PracticeItem {
  /** File indexes of the right options. */
  answer: number[];
  chosen: number[] | null;
  correct: boolean;
  marked: boolean;
  explanation: string;
  /** The item's chance of being answered right as predicted before the exam. */
  predicted: number;
  /** The Line cells the item (or a card of its fact group) teaches. */
  cells: { layer: string; service: string }[];
}

/** Results of one group of items (a task statement, a Line layer or a service). */
export interface PracticeGroupResult {
  key: string;
  label: string;
  right: number;
  total: number;
  /** Expected right answers by the prediction made before the exam. */
  predicted: number;
}

export interface PracticeResult {
  examId: number;
  startedAt: number;
  finishedAt: number;
  timeLimitMs: number;
  timedOut: boolean;
  retakeOf: number | null;
  total: number;
  correct: number;
  /** correct / total. */
  score: number;
  /** The score predicted before the exam (0–1). */
  predicted: number;
  items: PracticeItemResult[];
  byTask: PracticeGroupResult[];
  byLayer: PracticeGroupResult[];
  byService: PracticeGroupResult[];
  /** What the misses did to the schedule: reviews recorded (Again on a miss, Good on a right answer) and cards they touched. */
  recorded: { reviews: number; cards: number };
}

export interface PracticeHistoryEntry {
  examId: number;
  finishedAt: number;
  total: number;
  correct: number;
  predicted: number;
  retakeOf: number | null;
  timedOut: boolean;
}

export interface PracticeOverview {
  /** Items available: choice cards of the practice decks. */
  available: number;
  singleAnswer: number;
  multipleResponse: number;
  /** The exam's pace: seconds allowed per item (CLF-C02: 90 minutes for 65 items). */
  secondsPerItem: number;
  /** The score predicted now for an exam of every available item (0–1). */
  predictedNow: number;
  /** Finished exams, newest first. */
  history: PracticeHistoryEntry[];
  /** Predicted against actual over every finished exam. */
  calibration: PracticeCalibration;
}

export interface PracticeCalibration {
  exams: number;
  /** Mean of |predicted − actual| in score points (0–1); null without exams. */
  meanAbsoluteError: number | null;
  /** Mean of predicted − actual (positive: the prediction runs high); null without exams. */
  bias: number | null;
  /** Every question of every finished exam, grouped by the chance of a right answer predicted before the exam. */
  bins: CalibrationBin[];
}

/** The questions whose predicted chance of a right answer lay in [from, to): how many, the mean chance, the share answered right. */
export interface CalibrationBin {
  from: number;
  to: number;
  questions: number;
  /** Mean predicted chance (0–1); null when the band has no questions. */
  predicted: number | null;
  /** Share answered right (0–1); null when the band has no questions. */
  actual: number | null;
}

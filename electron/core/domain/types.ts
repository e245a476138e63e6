import type { ErrorCodeValue } from './errors.js';
/**
 * The domain model shared by the core, the API contract and the renderer.
 * Pure types only: this file must stay free of Node and DOM imports.
 */

export const serviceTypes = [
  'core',
  'iaas',
  'paas',
  'saas',
  'shared-controls',
  'identity',
  'security-services',
  'scenarios',
  'terminology',
  'practice',
  'custom',
] as const;
export type ServiceType = (typeof serviceTypes)[number];

/** The service types of the built-in decks: every one but 'custom', which is for imports. */
export const builtinServiceTypes = serviceTypes.filter((t): t is Exclude<ServiceType, 'custom'> => t !== 'custom');

export const owners = ['aws', 'customer', 'shared'] as const;
export type Owner = (typeof owners)[number];

export const cardKinds = ['responsibility', 'basic', 'choice'] as const;
export type CardKind = (typeof cardKinds)[number];

/**
 * The layers of the shared-responsibility stack, top to bottom, as the Line
 * view draws them. A responsibility card names the layer its duty sits in.
 */
export const responsibilityLayers = ['data', 'platform', 'os-network', 'encryption', 'service-software', 'foundation', 'global', 'facilities'] as const;
export type ResponsibilityLayer = (typeof responsibilityLayers)[number];

/** A CLF-C02 task statement, domain and number: "2.1" is the shared responsibility model. */
export const taskPattern = /^[1-4]\.[1-9]$/;

/** FSRS card states, numbered as ts-fsrs numbers them. */
export const CardState = { new: 0, learning: 1, review: 2, relearning: 3 } as const;
export type CardStateValue = (typeof CardState)[keyof typeof CardState];
export const cardStateNames = ['new', 'learning', 'review', 'relearning'] as const;
export type CardStateName = (typeof cardStateNames)[number];

/** Grades, numbered as ts-fsrs numbers them. */
export const Grade = { again: 1, hard: 2, good: 3, easy: 4 } as const;
export type GradeValue = 1 | 2 | 3 | 4;

export const reviewKinds = ['learning', 'review', 'relearning', 'cram', 'manual'] as const;
export type ReviewKind = (typeof reviewKinds)[number];

export interface ResponsibilityContent {
  kind: 'responsibility';
  prompt: string;
  owner: Owner;
  service?: string;
  explanation: string;
  /** The words of the source the card rests on, when its deck quotes them. */
  passage?: string;
  /** The duty this card asks about; cards asking one duty across services share it (a contrast set). */
  duty?: string;
  layer?: ResponsibilityLayer;
  /** The CLF-C02 task statement the card serves, e.g. "2.1". */
  task?: string;
}
export interface BasicContent {
  kind: 'basic';
  front: string;
  back: string;
  explanation?: string;
  /** Set for imported cards whose text is sanitised HTML rather than plain text. */
  html?: boolean;
  /** Imported cards: their note type's CSS, sanitised and scoped to the card (text/card-css.ts); applied only with `html`. */
  css?: string;
  passage?: string;
  task?: string;
}
export interface ChoiceContent {
  kind: 'choice';
  question: string;
  options: string[];
  answer: number[];
  explanation: string;
  passage?: string;
  task?: string;
}
export type CardContent = ResponsibilityContent | BasicContent | ChoiceContent;

/** Shipped with the app, brought in by an import, or made by the learner (`New deck…`; decks/deck-origin.ts). */
export type DeckOrigin = 'builtin' | 'imported' | 'created';

export interface DeckSummary {
  id: string;
  title: string;
  serviceType: ServiceType;
  description: string;
  origin: DeckOrigin;
  counts: Record<CardStateName | 'suspended', number>;
  total: number;
  dueToday: number;
  newToday: number;
  learningNow: number;
  /** Learning cards of this deck due later today. */
  learningLater: number;
  /** This deck's own options; null follows the overall settings. */
  options: DeckOptions;
  /** Readiness for the deck's own exam date, when it has one. */
  exam: { date: string; daysLeft: number; readiness: number } | null;
  /** How well the deck's active cards are known at the collection's horizon. */
  mastery: Mastery & { horizon: MasteryHorizon };
}

export interface DeckOptions {
  newPerDay: number | null;
  reviewsPerDay: number | null;
  /** YYYY-MM-DD: this deck's exam, which its cards' schedule respects. */
  examDate: string | null;
}

export interface GradePreview {
  grade: GradeValue;
  /** Milliseconds from now until the card would be due. */
  intervalMs: number;
  due: number;
}

/** A card as the review screen shows it, with everything needed to grade it. */
export interface StudyCard {
  id: number;
  deckId: string;
  deckTitle: string;
  content: CardContent;
  source: string;
  /** The source as a learner reads it: a document title for built-in cards. */
  sourceTitle: string;
  /** Choice cards: the file's option indexes in the order to show them (stable for the study day). */
  optionOrder?: number[];
  tags: string[];
  state: CardStateValue;
  /** When the card is due (ms); learning cards come back at this time. */
  due: number;
  previews: GradePreview[];
}

export interface TodayView {
  day: number;
  now: number;
  decks: DeckSummary[];
  /** The same counts a session started now holds: learning cards due later today included. */
  totals: { due: number; new: number; learning: number; learningLater: number; nextLearningAt: number | null };
  reviewsToday: number;
  /** Of today's reviews, the cram answers (logged apart; they do not move the schedule). */
  cramToday: number;
  /** New cards first studied today in every deck (cram left out): how much of the shared new-card allowance is used. */
  newCardsToday: number;
  streakDays: number;
  /** Time of the next due card after today's work, or null when nothing is scheduled. */
  nextDueAt: number | null;
  exam: ExamReadiness | null;
}

/**
 * When "known" is measured (electron/core/mastery/): the exam morning when an
 * exam date is set, else a fixed number of days ahead. Every figure of mastery
 * names its horizon on screen.
 */
export interface MasteryHorizon {
  kind: 'exam' | 'fixed';
  /** YYYY-MM-DD of the horizon's study day. */
  date: string;
  /** Study days from today to the horizon. */
  daysAhead: number;
  /** The moment recall is predicted for (ms). */
  at: number;
}

/** How well a set of cards (or facts) is known, by the one definition of electron/core/mastery/known-sql.ts. */
export interface Mastery {
  /** Mean predicted recall at the horizon over every card or fact; unseen ones and those failed today count 0. */
  known: number;
  /** Cards or facts counted. */
  total: number;
  /** Of them, studied at least once. */
  seen: number;
}

/** The decks the exam covers (electron/core/exam/exam-scope.ts): the learner's choice, or the built-in decks while none is chosen. */
export interface ExamScope {
  /** True while the learner has chosen no deck: the built-in decks are the exam. */
  byDefault: boolean;
  deckIds: string[];
  /** Active (not suspended) cards of the exam decks. */
  cardCount: number;
  /** Every deck, marked on the exam or not (Settings and the import screen offer to change it). */
  decks: { id: string; title: string; origin: DeckOrigin; cards: number; onExam: boolean }[];
}

export interface ExamReadiness {
  examDate: string;
  daysLeft: number;
  /** The exam decks (exam/exam-scope.ts). */
  deckIds: string[];
  /** True while the learner has chosen no deck: the built-in decks are the exam. */
  byDefault: boolean;
  /**
   * "If you stopped now": the exam decks' mean known value on the exam morning
   * (predicted recall with no more study; unseen cards and cards failed today count 0).
   */
  readiness: number;
  cardCount: number;
  /** Exam cards studied at least once. */
  seenCount: number;
  history: { day: string; readiness: number }[];
}

export interface CardRow {
  id: number;
  deckId: string;
  key: string;
  kind: CardKind;
  content: CardContent;
  source: string;
  tags: string[];
  state: CardStateValue;
  due: number;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  suspended: boolean;
  retired: boolean;
  lastReview: number | null;
}

export interface StudySession {
  /** The back end's id of this session: answers and undo name it. */
  sessionId: string;
  cards: StudyCard[];
  /** Learning cards due later today, shown when they come due. */
  later: StudyCard[];
}

/**
 * What a learner can take back in review, newest first, in one stack per
 * session: an answer and the card tools (bury, suspend, flag, set due date).
 */
export type UndoableAction = 'answer' | 'bury' | 'suspend' | 'flag' | 'setDue';

/** A session's undo stack as the Undo button shows it: how deep, and what the next Ctrl+Z takes back. */
export interface UndoState {
  undoDepth: number;
  undoNext: UndoableAction | null;
}

export interface AnswerResult extends UndoState {
  reviewId: number;
  /** The back end's verdict on the pick: right, wrong, or null for a card without one (a flipped card). */
  correct: boolean | null;
  /** The same card again when it is still in (re)learning today, with its new due time. */
  requeue: StudyCard | null;
  leech: boolean;
}

export interface UndoResult extends UndoState {
  /** The card the undone action was about, as it is now (after an answer's undo: as it was before the answer). */
  card: StudyCard;
  undone: UndoableAction;
  /** The card's flag after the undo (0 none … 4 blue). */
  flag: number;
}

export interface CardListItem {
  id: number;
  deckId: string;
  kind: CardKind;
  text: string;
  answer: string;
  state: CardStateName;
  suspended: boolean;
  due: number;
  lapses: number;
  reps: number;
  tags: string[];
  /** The CLF-C02 task statement the card serves, when its deck names one. */
  task: string | null;
  /** 0 none, 1 red, 2 orange, 3 green, 4 blue. */
  flag: number;
  /** Days between its last review and its due date, FSRS stability (days) and difficulty (1–10); null for a new card. */
  interval: number | null;
  stability: number | null;
  difficulty: number | null;
  /** Predicted recall now (0–1); null for a new card or where the list has no clock (the deck list's own query). */
  retrievability: number | null;
  /** When it was added and last changed outside review (ms); null when not known or never. */
  addedAt: number | null;
  editedAt: number | null;
}

/** The columns Browse can show beside each card's text, and sort by (Anki's browser columns that Demarc has). */
export const browseColumns = ['deck', 'type', 'due', 'interval', 'stability', 'difficulty', 'retrievability', 'reviews', 'lapses', 'added', 'edited', 'tags', 'task'] as const;
export type BrowseColumn = (typeof browseColumns)[number];

export interface CardList {
  total: number;
  cards: CardListItem[];
}

export interface DoctorReport {
  ok: boolean;
  file: string;
  sizeBytes: number;
  decks: number;
  cards: number;
  reviews: number;
  problems: string[];
}

export const cramOrders = ['weakest', 'mistakes', 'due', 'shuffled'] as const;
export type CramOrder = (typeof cramOrders)[number];

/**
 * A job on a worker thread as a status poll sees it (the backup and `doctor`
 * jobs; the same fields as the import job's status, with its outcome in
 * `result`): `progress` 0..1, `phase` what it is doing now.
 */
export interface WorkerJobStatus<R> {
  state: 'idle' | 'running' | 'done' | 'failed';
  progress: number;
  phase: string;
  result: R | null;
  error: { code: ErrorCodeValue; message: string } | null;
}

import type { CardKind, CardStateValue, DeckOrigin, Owner, ReviewKind, ServiceType } from '../domain/types.js';

/*
 * The rows of the collection's main tables, declared once, exactly as SQLite
 * returns them: column names as in the schema (snake_case), 0/1 for flags.
 * A query that reads some columns types its statement with a `Pick<…>` of
 * these; a query's own computed columns (counts, sums) are declared at its
 * statement, also in snake_case. Turning a row into a domain object
 * (camelCase) is one named function per shape, next to the domain type.
 * Name: the table's singular + `Record`.
 */

/** A row of `cards`. */
export interface CardRecord {
  id: number;
  deck_id: string;
  source_deck_id: string;
  key: string;
  note_key: string;
  kind: CardKind;
  content: string;
  owner: Owner | null;
  service: string | null;
  source: string;
  tags: string;
  position: number;
  state: CardStateValue;
  due: number;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  last_review: number | null;
  suspended: number;
  buried_day: number;
  retired: number;
  /** When the card was added (ms); null for cards older than this column, which count from their deck's creation. */
  added_at?: number | null;
  /** Anki's flag, 0 none … 4 blue (migration 0008). */
  flag?: number;
}

/** A row of `decks`. */
export interface DeckRecord {
  id: string;
  title: string;
  service_type: ServiceType;
  description: string;
  origin: DeckOrigin;
  new_per_day: number | null;
  reviews_per_day: number | null;
  created_at: number;
  exam_date: string | null;
  preset_id: number | null;
}

/** A row of `review_log`. */
export interface ReviewLogRecord {
  id: number;
  card_id: number;
  reviewed_at: number;
  day: number;
  rating: number;
  state_before: number;
  kind: ReviewKind;
  scheduled_days: number;
  elapsed_days: number;
  duration_ms: number;
  stability_after: number | null;
  difficulty_after: number | null;
  picked_owner: Owner | null;
  correct: number | null;
  event_id: string | null;
  event_device: string | null;
}

/** A row of `presets`. */
export interface PresetRecord {
  id: number;
  name: string;
  config: string;
  uid: string | null;
}

/** A row of `authored_notes`: a note written in Demarc, its fields as JSON. */
export interface NoteRecord {
  note_key: string;
  type: string;
  fields: string;
  created_at: number;
  updated_at: number;
}

/** A row of `practice_exams`. */
export interface PracticeExamRecord {
  id: number;
  started_at: number;
  finished_at: number | null;
  time_limit_ms: number;
  retake_of: number | null;
  item_count: number;
  predicted: number;
  correct: number | null;
  timed_out: number;
  recorded_reviews: number;
  recorded_cards: number;
}

/** A row of `practice_exam_items`. */
export interface PracticeExamItemRecord {
  exam_id: number;
  position: number;
  card_id: number;
  predicted: number;
  chosen: string | null;
  correct: number | null;
  marked: number;
}

/** A row of `sync_events` (answers and schedule events, the device's own and arrived ones). */
export interface SyncEventRecord {
  id: string;
  device: string;
  type: string;
  hlc: string | null;
  field: string | null;
  answer_id: string | null;
  card_deck: string | null;
  card_key: string | null;
  pending: number;
  body: string;
}

/** A row of a key/value table: `settings`, `meta`, `sync_state`. */
export interface KeyValueRecord {
  key: string;
  value: string;
}

/** A row of `edit_batches`: one change to cards outside review (cards/card-edit-log.ts). */
export interface EditBatchRecord {
  id: number;
  action: string;
  summary: string;
  at: number;
  undone_at: number | null;
  /** JSON: the authored notes as they were before the batch. */
  notes_before: string;
}

/** A row of `card_edits`: one card's row before (null: the batch created it) and after, as JSON. */
export interface CardEditRecord {
  id: number;
  batch_id: number;
  card_id: number;
  before: string | null;
  after: string;
}

/** An index or trigger in `sqlite_schema`, with its SQL: what a bulk write drops and puts back. */
export interface IndexOrTriggerRecord {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

import type { Migration } from './migration.js';
import { initialSchema } from './0001-initial-schema.js';
import { dailyAggregates } from './0002-daily-aggregates.js';
import { examReadiness } from './0003-exam-readiness.js';
import { answerAggregates } from './0004-answer-aggregates.js';
import { deckExamDate } from './0005-deck-exam-date.js';
import { cardEdits } from './0006-card-edits.js';
import { syncEventLog } from './0007-sync-event-log.js';
import { deckPresets } from './0008-deck-presets.js';
import { cardContentSync } from './0009-card-content-sync.js';
import { practiceExams } from './0010-practice-exams.js';
import { dueLoadIndex } from './0011-due-load-index.js';
import { statsIndexes } from './0012-stats-indexes.js';
import { cardTextIndex } from './0013-card-text-index.js';
import { scheduleSync } from './0014-schedule-sync.js';
import { deckAggregates } from './0015-deck-aggregates.js';
import { dueLoadSlots } from './0016-due-load-slots.js';
import { browseSortIndex } from './0017-browse-sort-index.js';
import { browseOrderIndex } from './0018-browse-order-index.js';
import { statsScaleIndexes } from './0019-stats-scale-indexes.js';
import { reviewedSinceByDeck } from './0020-reviewed-since-by-deck.js';
import { coveringQueueIndexes } from './0021-covering-queue-indexes.js';

/** Every schema version in order; each entry's version is its position + 1. */
export const migrations: readonly Migration[] = [initialSchema, dailyAggregates, examReadiness, answerAggregates, deckExamDate, cardEdits, syncEventLog, deckPresets, cardContentSync, practiceExams, dueLoadIndex, statsIndexes, cardTextIndex, scheduleSync, deckAggregates, dueLoadSlots, browseSortIndex, browseOrderIndex, statsScaleIndexes, reviewedSinceByDeck, coveringQueueIndexes];

export const latestSchemaVersion = migrations.length;

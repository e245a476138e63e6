import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { Collection } from '../../electron/core/collection.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { median, percentile, type Metric } from '../bench-stats.js';
import { copyCollection } from '../bench-collection.js';

const answers = 400;

/**
 * The answer path through the public API (dispatcher validation, FSRS,
 * one transaction, the requeued card back), against raw better-sqlite3 doing
 * the same writes and the same card select in one transaction, the two taking
 * turns answer by answer.
 */
export async function answerBench(file: string): Promise<Metric[]> {
  const ours = Collection.open({ file: copyCollection(file, 'answer-ours') });
  const dispatcher = createDispatcher(createHandlers({ collection: ours, appVersion: 'bench', transport: 'http' }));
  const cards = ours.study().cards.concat(ours.cram({ size: answers, order: 'due' }, true).cards).slice(0, answers);

  const raw = openSqliteFile(copyCollection(file, 'answer-raw'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('wal_autocheckpoint = 10000');
  const select = raw.prepare('SELECT * FROM cards WHERE id = ?');
  const insert = raw.prepare(`INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, stability_after, difficulty_after)
    VALUES (?, ?, ?, ?, ?, 'review', 3, 2, 5000, 3.2, 5.1)`);
  const update = raw.prepare('UPDATE cards SET state = 2, due = ?, stability = 3.2, difficulty = 5.1, scheduled_days = 3, reps = reps + 1, last_review = ? WHERE id = ?');
  const bury = raw.prepare('SELECT id FROM cards WHERE note_key = ? AND id <> ? AND state IN (0, 2) AND buried_day <> ?');
  const tx = raw.transaction((id: number, now: number) => {
    const row = select.get(id) as { state: number; note_key: string };
    insert.run(id, now, studyDay(now, 4), 3, row.state);
    update.run(now + 3 * 86_400_000, now, id);
    bury.all(row.note_key, id, studyDay(now, 4));
    return select.get(id);
  });

  // Ours and the raw answer take turns, answer by answer, each on its own copy: a commit's fsync on this
  // disk takes from 0.6 to 1.3 ms depending on the minute, so two runs one after the other compared the
  // disk's two moods as much as the two paths.
  const samples: number[] = [];
  const afterReplies: number[] = [];
  const rawSamples: number[] = [];
  try {
    for (const [i, card] of cards.entries()) {
      const t0 = performance.now();
      const reply = await dispatcher.dispatch('study.answer', { cardId: card.id, grade: ((i % 4) + 1) as 1 | 2 | 3 | 4, durationMs: 5000 });
      const t1 = performance.now();
      samples.push(t1 - t0);
      if (!reply.ok) throw new Error(reply.error.message);
      // Each answer reaches the app as its own message (IPC or HTTP), so the event loop turns between two
      // answers, and what the app queued after replying (the WAL checkpoint once the log has grown,
      // db/wal-keeper.ts) runs there, while the learner reads the next card. A loop that never let it run
      // would measure SQLite's fallback checkpoint inside a commit instead. That queued work is still the
      // app's thread's time: it is measured here as its own figure.
      await new Promise((resolve) => setImmediate(resolve));
      afterReplies.push(performance.now() - t1);
      const r0 = performance.now();
      tx.immediate(card.id, Date.now());
      rawSamples.push(performance.now() - r0);
    }
  } finally {
    ours.close();
    raw.close();
  }

  const p50 = median(samples);
  const rawP50 = median(rawSamples);
  return [
    { metric: 'answer_p50_ms', value: p50, unit: 'ms' },
    { metric: 'answer_p99_ms', value: percentile(samples, 0.99), unit: 'ms' },
    { metric: 'after_answer_p99_ms', value: percentile(afterReplies, 0.99), unit: 'ms' },
    { metric: 'after_answer_max_ms', value: Math.max(...afterReplies), unit: 'ms' },
    { metric: 'answer_raw_p50_ms', value: rawP50, unit: 'ms' },
    // The raw answer's tail, timed the same way: what this machine's disk (its fsync) alone gives the p99.
    { metric: 'answer_raw_p99_ms', value: percentile(rawSamples, 0.99), unit: 'ms' },
    { metric: 'answer_vs_raw_ratio', value: p50 / rawP50, unit: 'ratio' },
  ];
}

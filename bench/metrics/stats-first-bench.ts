import { Collection } from '../../electron/core/collection.js';
import { rightAction, wrongAction } from '../../tests/helpers/learner-actions.js';
import { copyCollection, removeCollectionCopy } from '../bench-collection.js';
import type { Metric } from '../bench-stats.js';

/** Wall and CPU time (this process) of one call. */
async function once(run: () => unknown): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The Stats report as a learner meets it first, on a freshly opened copy of
 * the collection: the app reads every deck's card figures on a worker
 * thread once it opens (Collection.prepareStats; its wall time, and the
 * process's CPU meanwhile, which is the worker's), then the Today screen
 * (its deck rows' mastery was prepared with them), the first report on the
 * app's thread (the screen opens on the last month), the year, and the
 * year again after ten answers in one deck (that deck read again). The
 * scale run's `stats_*_first` figures are the same reports with nothing
 * prepared.
 */
export async function statsFirstBench(file: string): Promise<Metric[]> {
  const copy = copyCollection(file, 'stats-first');
  // Tomorrow morning, as the scale and queue benchmarks.
  const tomorrow = Date.now() + 86_400_000;
  const collection = Collection.open({ file: copy, now: () => tomorrow });
  const metrics: Metric[] = [];
  const add = (name: string, t: { ms: number; cpuMs: number }) =>
    metrics.push({ metric: `${name}_ms`, value: t.ms, unit: 'ms' }, { metric: `${name}_cpu_ms`, value: t.cpuMs, unit: 'ms' });
  try {
    add('stats_prepare', await once(() => collection.prepareStats()));
    // The first screen, after the same preparation: its deck rows' mastery is among the figures handed over.
    add('today_prepared_first', await once(() => collection.today()));
    add('stats_1m_prepared_first', await once(() => collection.stats({}, '1m')));
    add('stats_1y_prepared_first', await once(() => collection.stats({}, '1y')));
    const session = collection.study();
    const deckId = session.cards[0]?.deckId;
    const cards = session.cards.filter((c) => c.deckId === deckId).slice(0, 10);
    cards.forEach((card, i) =>
      collection.answer({ sessionId: session.sessionId, cardId: card.id, grade: i % 3 === 0 ? 1 : 3, durationMs: 4000, ...(i % 3 === 0 ? wrongAction(card) : rightAction(card)) }),
    );
    metrics.push({ metric: 'stats_answers_in_one_deck', value: cards.length, unit: 'answers' });
    add('stats_1y_after_answers', await once(() => collection.stats({}, '1y')));
  } finally {
    collection.close();
    removeCollectionCopy(copy);
  }
  return metrics;
}

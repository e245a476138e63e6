import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import { type HistorySummary } from '../../core/simulation/generate-history.js';
import type { CliCommand, CliContext } from '../cli-command.js';

export const simulateCommand: CliCommand<HistorySummary> = {
  name: 'simulate',
  summary: 'Fill a new collection with a simulated, reproducible review history (for tests and benchmarks)',
  usage: 'simulate --db PATH [--cards N] [--reviews M] [--days D] [--seed S] [--decks K] [--json]',
  options: {
    cards: { type: 'string' },
    reviews: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    decks: { type: 'string' },
  },
  run: (ctx) => {
    // Never the default collection: a made-up history mixed into real reviews could not be taken out again.
    if (typeof ctx.values.db !== 'string') {
      throw new DemarcError(ErrorCode.invalidArgument, 'simulate writes a made-up history: name the file to write with --db PATH.');
    }
    const options = {
      cards: intOption(ctx, 'cards', 2000),
      reviews: intOption(ctx, 'reviews', 20_000),
      days: intOption(ctx, 'days', 365),
      seed: intOption(ctx, 'seed', 1),
      decks: intOption(ctx, 'decks', 10),
    };
    ctx.progress(`Simulating ${options.cards} cards and about ${options.reviews} reviews over ${options.days} days…`);
    return ctx.collection().generateHistory(options);
  },
  format: (s) =>
    [
      `Simulated ${s.reviews} reviews of ${s.introducedCards} of ${s.cards} cards in ${s.decks} decks, ${s.firstDay} to ${s.lastDay} (${s.days} days), in ${(s.elapsedMs / 1000).toFixed(1)} s.`,
      `  learning ${s.byKind.learning}, review ${s.byKind.review}, relearning ${s.byKind.relearning}, cram ${s.byKind.cram}`,
    ].join('\n'),
};

function intOption(ctx: CliContext, name: string, fallback: number): number {
  const raw = ctx.values[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new DemarcError(ErrorCode.invalidArgument, `--${name} must be a whole number, not "${String(raw)}".`);
  return value;
}

import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import { serviceTypes, type ServiceType } from '../../core/domain/types.js';
import { statsPeriods, type PassRate, type StatsPeriod, type StatsReport } from '../../core/stats/stats-types.js';
import type { CliCommand } from '../cli-command.js';

export const statsCommand: CliCommand<StatsReport> = {
  name: 'stats',
  summary: 'Review statistics: activity, true retention, memory, who-owns-what',
  usage: `stats [--deck ID] [--service-type TYPE] [--period ${statsPeriods.join('|')}] [--db PATH] [--json]`,
  options: {
    deck: { type: 'string' },
    'service-type': { type: 'string' },
    period: { type: 'string' },
  },
  run: (ctx) => {
    const period = ctx.values.period ?? '1m';
    if (typeof period !== 'string' || !(statsPeriods as readonly string[]).includes(period)) {
      throw new DemarcError(ErrorCode.invalidArgument, `--period must be one of ${statsPeriods.join(', ')}.`);
    }
    const type = ctx.values['service-type'];
    if (type !== undefined && (typeof type !== 'string' || !(serviceTypes as readonly string[]).includes(type))) {
      throw new DemarcError(ErrorCode.invalidArgument, `--service-type must be one of ${serviceTypes.join(', ')}.`);
    }
    const deck = ctx.values.deck;
    const scope = {
      ...(typeof deck === 'string' ? { deckId: deck } : {}),
      ...(typeof type === 'string' ? { serviceType: type as ServiceType } : {}),
    };
    return ctx.collection().stats(scope, period as StatsPeriod);
  },
  format: formatStats,
};

/** A short summary for a person; --json prints the whole report. */
export function formatStats(r: StatsReport): string {
  const scope = r.scope.deckId ? `deck ${r.scope.deckId}` : r.scope.serviceType ? `service type ${r.scope.serviceType}` : 'all decks';
  const last30 = r.trueRetention.day.slice(-30);
  const young = sumRates(last30.map((d) => d.young));
  const mature = sumRates(last30.map((d) => d.mature));
  const all = sumRates([young, mature]);
  const s = r.cardStates;
  const lines = [
    `Stats for ${scope}, period ${r.period} (${r.reviewsPerDay[0]?.day ?? r.today.day} to ${r.today.day})`,
    `  Reviews: ${r.summary.totalReviews} in all, ${r.summary.reviewsInPeriod} in the period`,
    `  Today: ${r.today.reviews} reviews (${r.today.right} right, ${r.today.wrong} wrong) in ${minutes(r.today.timeMs)}, ${r.today.newCards} new cards; streak ${r.today.streakDays} days`,
    `  Due today: ${r.summary.dueToday}; tomorrow: ${r.futureDue[1] ?? 0}; next 7 days: ${r.futureDue.slice(0, 7).reduce((a, b) => a + b, 0)}`,
    `  True retention, last 30 days: ${percent(all)} (young ${percent(young)}, mature ${percent(mature)}; desired ${(r.trueRetention.desired * 100).toFixed(0)}%)`,
    `  Cards: ${s.new} new, ${s.learning} learning, ${s.review} review, ${s.relearning} relearning, ${s.suspended} suspended`,
    `  Memory: ${r.memory.studied} studied, ${r.memory.knownAtHorizon.toFixed(0)} expected to be recalled on ${r.horizon.date} (${r.horizon.kind === 'exam' ? 'exam day' : `in ${r.horizon.daysAhead} days`})`,
  ];
  for (const row of r.matrix) {
    const cells = row.cells.map((c) => `${c.owner} ${c.answered > 0 ? `${c.right}/${c.answered}` : '-'}`).join(', ');
    lines.push(`  Owner picks, ${row.serviceType}: ${cells}`);
  }
  if (r.exam) lines.push(`  Exam ${r.exam.examDate}: readiness ${(r.exam.readiness * 100).toFixed(0)}%, ${r.exam.daysLeft} days left`);
  return lines.join('\n');
}

function sumRates(rates: readonly PassRate[]): PassRate {
  return rates.reduce((a, b) => ({ passed: a.passed + b.passed, total: a.total + b.total }), { passed: 0, total: 0 });
}

function percent(rate: PassRate): string {
  return rate.total === 0 ? 'n/a' : `${((rate.passed / rate.total) * 100).toFixed(1)}% of ${rate.total}`;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

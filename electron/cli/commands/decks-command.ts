import type { DeckSummary } from '../../core/domain/types.js';
import type { CliCommand } from '../cli-command.js';

export const decksCommand: CliCommand<DeckSummary[]> = {
  name: 'decks',
  summary: 'List decks with their card counts and what is due today',
  usage: 'decks [--db PATH] [--json]',
  run: (ctx) => ctx.collection().decks(),
  format: (decks) => {
    const rows = decks.map((d) =>
      [d.id.padEnd(24), d.serviceType.padEnd(18), String(d.total).padStart(6), String(d.dueToday).padStart(5), String(d.newToday).padStart(5), `  ${d.title}`].join(''),
    );
    return [`${'deck'.padEnd(24)}${'service type'.padEnd(18)}${'cards'.padStart(6)}${'due'.padStart(5)}${'new'.padStart(5)}  title`, ...rows].join('\n');
  },
};

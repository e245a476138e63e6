import type { DoctorReport } from '../../core/domain/types.js';
import type { CliCommand } from '../cli-command.js';

export const doctorCommand: CliCommand<DoctorReport> = {
  name: 'doctor',
  summary: 'Check the collection for damage and report what it holds',
  usage: 'doctor [--db PATH] [--json]',
  // On a worker thread with a read-only connection of its own; each check is printed as it begins (stderr, silent with --json).
  run: async (ctx) => {
    const report = await ctx.collection().doctorInBackground((phase, fraction) => ctx.progress(`${String(Math.round(fraction * 100)).padStart(3)}% ${phase}…`));
    if (!report.ok) process.exitCode = 1;
    return report;
  },
  format: (r) =>
    [
      `${r.file}: ${r.ok ? 'ok' : 'PROBLEMS FOUND'}`,
      `  ${r.decks} decks, ${r.cards} cards, ${r.reviews} reviews, ${(r.sizeBytes / 1024).toFixed(0)} KiB`,
      ...r.problems.map((p) => `  - ${p}`),
    ].join('\n'),
};

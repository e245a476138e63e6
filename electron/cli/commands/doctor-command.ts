import type { DoctorReport } from '../../core/domain/types.js';
import type { CliCommand } from '../cli-command.js';

export const doctorCommand: CliCommand<DoctorReport> = {
  name: 'doctor',
  summary: 'Check the collection for damage and report what it holds',
  usage: 'doctor [--db PATH] [--json]',
  run: (ctx) => {
    const report = ctx.collection().doctor();
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

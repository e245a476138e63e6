import type { CliCommand } from './cli-command.js';
import { decksCommand } from './commands/decks-command.js';
import { backupCommand } from './commands/backup-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { optimizeCommand } from './commands/optimize-command.js';
import { importCommand } from './commands/import-command.js';
import { exportCommand } from './commands/export-command.js';
import { statsCommand } from './commands/stats-command.js';
import { simulateCommand } from './commands/simulate-command.js';
import { restoreCommand } from './commands/restore-command.js';
import { searchCommand } from './commands/search-command.js';
import { syncCommand } from './commands/sync-command.js';

/** Every CLI command; `demarc --help` lists them in this order. */
export const cliCommands: CliCommand<never>[] = [
  decksCommand,
  importCommand,
  exportCommand,
  statsCommand,
  backupCommand,
  doctorCommand,
  restoreCommand,
  optimizeCommand,
  simulateCommand,
  searchCommand,
  syncCommand,
] as CliCommand<never>[];

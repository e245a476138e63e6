import type { CliCommand } from './cli-command.js';
import { decksCommand } from './commands/decks-command.js';
import { backupCommand } from './commands/backup-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { optimizeCommand } from './commands/optimize-command.js';

/** Every CLI command; `demarc --help` lists them in this order. */
export const cliCommands: CliCommand<never>[] = [decksCommand, backupCommand, doctorCommand, optimizeCommand] as CliCommand<never>[];

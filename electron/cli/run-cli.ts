import { parseArgs } from 'node:util';
import path from 'node:path';
import { Collection } from '../core/collection.js';
import { isDemarcError, ErrorCode } from '../core/domain/errors.js';
import { builtinDecksDir, defaultDatabaseFile } from '../shared/app-paths.js';
import { latestBackup } from '../core/backup/backups.js';
import { backupDirFor } from '../core/backup/backup-folder.js';
import { translateSqliteError } from '../core/db/sqlite-errors.js';
import { cliCommands } from './cli-commands.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const globalOptions = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`demarc: unknown command "${name}". Run "demarc --help" for the list.\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...globalOptions, ...(command.options ?? {}) }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`demarc ${name}: ${(error as Error).message}\nUsage: demarc ${command.usage}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.stdout(`${command.summary}\nUsage: demarc ${command.usage}\n`);
    return 0;
  }
  const json = values.json === true;
  const dbFile = path.resolve(typeof values.db === 'string' ? values.db : defaultDatabaseFile());
  let collection: Collection | null = null;
  try {
    const result = await command.run({
      dbFile,
      positionals: parsed.positionals,
      values,
      collection: () => (collection ??= Collection.open({ file: dbFile, builtinDecksDir: builtinDecksDir() })),
      progress: (message) => {
        if (!json) io.stderr(`${message}\n`);
      },
    });
    io.stdout(json ? `${JSON.stringify(result)}\n` : `${command.format(result as never)}\n`);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // A storage fault reaches the user as what it is (locked, full, read-only, damaged), never as INTERNAL.
    const translated = translateSqliteError(error, dbFile);
    const code = isDemarcError(translated) ? translated.code : ErrorCode.internal;
    let message = translated instanceof Error ? translated.message : String(translated);
    const unopenable: string[] = [ErrorCode.databaseCorrupt, ErrorCode.databaseForeign, ErrorCode.databaseFromFuture];
    if (unopenable.includes(code)) {
      const backup = latestBackup(backupDirFor(dbFile));
      if (backup) message += ` The latest backup is ${backup}; "demarc restore --db ${dbFile}" puts it in place and keeps the damaged file aside.`;
    }
    io.stderr(json ? `${JSON.stringify({ error: { code, message } })}\n` : `demarc ${name}: ${message}\n`);
    return code === ErrorCode.invalidArgument ? 2 : 1;
  } finally {
    (collection as Collection | null)?.close();
  }
}

function helpText(): string {
  const lines = cliCommands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return [
    'Demarc: spaced repetition for the AWS shared responsibility model.',
    '',
    'Usage: demarc <command> [--db PATH] [--json]',
    '',
    'Commands:',
    ...lines,
    '',
    `Options:\n  --db PATH   the collection file (default: ${defaultDatabaseFile()})\n  --json      print one JSON document on stdout\n  --help      help for a command`,
    '',
  ].join('\n');
}

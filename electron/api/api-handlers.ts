import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { AppInfo } from './api-contract.js';
import { ImportService, type ImportSource } from '../core/jobs/import-service.js';
import { OptimizerJob } from '../core/jobs/optimizer-job.js';
import { syncRoundsOf } from '../core/jobs/sync-rounds.js';
import { defaultSettings } from '../core/settings/settings-schema.js';
import type { RestoreResult } from '../core/backup/restore-backup.js';
import { backupHandlers } from './backup-handlers.js';
import { createSchedulingHandlers } from './scheduling-handlers.js';
import { createCardToolsHandlers } from './card-tools-handlers.js';
import { createCardShiftHandlers } from './card-shift-handlers.js';
import { createPracticeHandlers } from './practice-handlers.js';
import { translateSqliteError } from '../core/db/sqlite-errors.js';
import { createAuthoringHandlers } from './authoring-handlers.js';
import { openingDone } from '../core/jobs/collection-opening.js';

export interface HandlerContext {
  collection: Collection;
  appVersion: string;
  transport: AppInfo['transport'];
  /** Puts a backup in place of the open collection (the app and web mode; see collection-host.ts). */
  restore?: ((backupFile: string) => RestoreResult) | undefined;
}

/** Binds every method of the contract to the collection. */
export function createHandlers(ctx: HandlerContext): ApiHandlers {
  const c = ctx.collection;
  const optimizer = new OptimizerJob(c);
  const imports = new ImportService(c);
  const syncRounds = syncRoundsOf(c);
  return withStorageErrorsTranslated(c.file, {
    'today.get': () => c.today(),
    'study.start': (args) => c.study(args),
    'study.answer': (args) => c.answerWhenWritable(args),
    'study.check': ({ cardId, ...action }) => c.check(cardId, action),
    'study.undo': (args) => c.undo(args.sessionId),
    'study.extendNew': (args) => c.extendNewToday(args.deckId, args.count),
    'cram.start': (args) => c.cram(args.request, args.countTowardSchedule),
    'line.get': () => c.line(),
    'decks.list': () => c.decks(),
    'decks.cards': (args) => c.cards.list(args, c.searchContext()),
    'decks.delete': (args) => c.cards.deleteDeck(args.deckId),
    'decks.export': async (args) => {
      if (args.format !== 'apkg') return c.exportDeck(args.deckId, args.format);
      const pkg = await c.exportAnkiPackage(args.deckId, { withScheduling: args.withScheduling !== false, legacy: args.legacy === true });
      return { fileName: pkg.fileName, mimeType: 'application/octet-stream', text: Buffer.from(pkg.bytes).toString('base64'), encoding: 'base64' as const };
    },
    'decks.setOptions': (args) => {
      c.setDeckOptions(args.deckId, { newPerDay: args.newPerDay, reviewsPerDay: args.reviewsPerDay, examDate: args.examDate });
      return c.decks();
    },
    'cards.suspend': (args) => c.suspend(args.cardIds, args.suspended, args.sessionId),
    'cards.reset': (args) => ({ changed: c.cards.reset(args.cardIds, c.now()) }),
    'cards.move': (args) => ({ changed: c.cards.move(args.cardIds, args.deckId) }),
    ...createAuthoringHandlers(c),
    'settings.get': () => c.settings,
    'settings.update': (args) => {
      const { reschedule, ...patch } = args;
      return c.updateSettings(patch, { reschedule: reschedule ?? false });
    },
    'stats.get': (args) => c.statsWhenPrepared(args.scope, args.period, args.range ?? null),
    'import.preview': (args) => imports.preview(importSource(args), args.options ?? {}),
    'import.run': (args) => imports.run(importSource(args), args.options ?? {}),
    'import.start': (args) => imports.start(importSource(args), args.options ?? {}),
    'import.status': () => imports.status(),
    'import.cancel': () => imports.cancel(),
    'optimizer.start': (args) => optimizer.start({ reschedule: args.reschedule ?? false }),
    'optimizer.status': () => optimizer.status(),
    'optimizer.cancel': () => optimizer.cancel(),
    'optimizer.reset': (args) => c.updateSettings({ fsrsWeights: defaultSettings.fsrsWeights }, { reschedule: args.reschedule ?? false }),
    // The handlers exist once the collection is open: the opening is done (collection-host.ts answers it before).
    'app.opening': () => openingDone,
    'app.info': () => ({ version: ctx.appVersion, databaseFile: c.file, backupDir: c.backupDir, transport: ctx.transport }),
    ...backupHandlers(c, ctx.restore, () => imports.status().state === 'running', () => syncRounds.running),
    'sync.status': () => syncRounds.status(),
    'sync.setFolder': (a) => syncRounds.setFolder(a.folder),
    'sync.now': () => syncRounds.syncNow(),
    ...createSchedulingHandlers(c),
    ...createCardToolsHandlers(c),
    ...createCardShiftHandlers(c),
    ...createPracticeHandlers(c),
  });
}

/**
 * A full disk, a lock held by another process or a file made read-only while
 * the app runs fails a write with a raw SQLite error (the transaction is
 * rolled back): it reaches the caller as DISK_FULL, DATABASE_LOCKED or
 * DATABASE_READ_ONLY with a message that says what to do, not as INTERNAL.
 */
function withStorageErrorsTranslated(file: string, handlers: ApiHandlers): ApiHandlers {
  const wrapped: Record<string, (args: unknown) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (args: unknown) => unknown][]) {
    wrapped[name] = (args) => {
      try {
        const value = handler(args);
        return value instanceof Promise ? value.catch((error: unknown) => Promise.reject(translateSqliteError(error, file))) : value;
      } catch (error) {
        throw translateSqliteError(error, file);
      }
    };
  }
  return wrapped as ApiHandlers;
}

/** The file an import call names: its bytes, or the token of the one its preview staged (the contract allows exactly one). */
function importSource(args: { fileName: string; dataBase64?: string | undefined; staged?: string | undefined }): ImportSource {
  if (args.staged !== undefined) return { staged: args.staged };
  return { fileName: args.fileName, bytes: Buffer.from(args.dataBase64 ?? '', 'base64') };
}

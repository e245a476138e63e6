import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { AppInfo } from './api-contract.js';
import { computeStats } from '../core/stats/compute-stats.js';
import { ImportService } from '../core/importing/import-service.js';
import { exportDeck } from '../core/exporting/export-deck.js';
import { OptimizerJob } from '../core/optimizer/optimizer-job.js';
import { defaultSettings } from '../core/settings/settings-schema.js';
import { estimateDailyWorkload } from '../core/settings/workload-estimate.js';
import { translateSqliteError } from '../core/db/sqlite-errors.js';

export interface HandlerContext {
  collection: Collection;
  appVersion: string;
  transport: AppInfo['transport'];
}

/** Binds every method of the contract to the collection. */
export function createHandlers(ctx: HandlerContext): ApiHandlers {
  const c = ctx.collection;
  const optimizer = new OptimizerJob(c);
  const imports = new ImportService(c, () => {
    c.clearUndo();
    c.invalidateDeckTitles();
  });
  return withStorageErrorsTranslated(c.file, {
    'today.get': () => c.today(),
    'study.start': (args) => c.study(args),
    'study.answer': (args) => c.answer(args),
    'study.undo': () => c.undo(),
    'cram.start': (args) => c.cram(args.request, args.countTowardSchedule),
    'decks.list': () => c.decks(),
    'decks.cards': (args) => c.cards.list(args),
    'decks.delete': (args) => {
      const result = c.cards.deleteDeck(args.deckId);
      c.clearUndo();
      c.invalidateDeckTitles();
      return result;
    },
    'decks.export': (args) => exportDeck(c.db, args.deckId, args.format),
    'decks.setOptions': (args) => {
      c.setDeckOptions(args.deckId, { newPerDay: args.newPerDay, reviewsPerDay: args.reviewsPerDay, examDate: args.examDate });
      return c.decks();
    },
    'cards.suspend': (args) => withClearedUndo(c, { changed: c.cards.setSuspended(args.cardIds, args.suspended) }),
    'cards.reset': (args) => withClearedUndo(c, { changed: c.cards.reset(args.cardIds, c.now()) }),
    'cards.move': (args) => withClearedUndo(c, { changed: c.cards.move(args.cardIds, args.deckId) }),
    'settings.get': () => c.settings,
    'settings.update': (args) => c.updateSettings(args),
    'settings.estimateWorkload': (args) => ({
      reviewsPerDay: estimateDailyWorkload(c.db, c.scheduler, args.desiredRetention, c.settings.newPerDay, c.settings.maximumIntervalDays),
    }),
    'stats.get': (args) => computeStats(c, args.scope, args.period),
    'import.preview': (args) => imports.preview(args.fileName, Buffer.from(args.dataBase64, 'base64'), args.options ?? {}),
    'import.run': async (args) => {
      const summary = await imports.run(args.fileName, Buffer.from(args.dataBase64, 'base64'), args.options ?? {});
      c.clearUndo();
      c.invalidateDeckTitles();
      return summary;
    },
    'import.start': (args) => imports.start(args.fileName, Buffer.from(args.dataBase64, 'base64'), args.options ?? {}),
    'import.status': () => imports.status(),
    'import.cancel': () => imports.cancel(),
    'optimizer.start': () => optimizer.start(),
    'optimizer.status': () => optimizer.status(),
    'optimizer.cancel': () => optimizer.cancel(),
    'optimizer.reset': () => c.updateSettings({ fsrsWeights: defaultSettings.fsrsWeights }),
    'app.info': () => ({ version: ctx.appVersion, databaseFile: c.file, backupDir: c.backupDir, transport: ctx.transport }),
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

function withClearedUndo<T>(c: Collection, value: T): T {
  c.clearUndo();
  return value;
}

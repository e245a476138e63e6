import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { AppInfo } from './api-contract.js';
import { computeStats } from '../core/stats/compute-stats.js';
import { previewImport, runImport } from '../core/importing/import-file.js';
import { exportDeck } from '../core/exporting/export-deck.js';
import { OptimizerJob } from '../core/optimizer/optimizer-job.js';
import { defaultSettings } from '../core/settings/settings-schema.js';
import { estimateDailyWorkload } from '../core/settings/workload-estimate.js';

export interface HandlerContext {
  collection: Collection;
  appVersion: string;
  transport: AppInfo['transport'];
}

/** Binds every method of the contract to the collection. */
export function createHandlers(ctx: HandlerContext): ApiHandlers {
  const c = ctx.collection;
  const optimizer = new OptimizerJob(c);
  return {
    'today.get': () => c.today(),
    'study.start': (args) => c.study(args),
    'study.answer': (args) => c.answer(args),
    'study.undo': () => c.undo(),
    'cram.start': (args) => c.cram(args.request, args.countTowardSchedule),
    'decks.list': () => c.today().decks,
    'decks.cards': (args) => c.cards.list(args),
    'decks.delete': (args) => {
      const result = c.cards.deleteDeck(args.deckId);
      c.clearUndo();
      c.invalidateDeckTitles();
      return result;
    },
    'decks.export': (args) => exportDeck(c.db, args.deckId, args.format),
    'cards.suspend': (args) => withClearedUndo(c, { changed: c.cards.setSuspended(args.cardIds, args.suspended) }),
    'cards.reset': (args) => withClearedUndo(c, { changed: c.cards.reset(args.cardIds, c.now()) }),
    'cards.move': (args) => withClearedUndo(c, { changed: c.cards.move(args.cardIds, args.deckId) }),
    'settings.get': () => c.settings,
    'settings.update': (args) => c.updateSettings(args),
    'settings.estimateWorkload': (args) => ({
      reviewsPerDay: estimateDailyWorkload(c.db, c.scheduler, args.desiredRetention, c.settings.newPerDay, c.settings.maximumIntervalDays),
    }),
    'stats.get': (args) => computeStats(c, args.scope, args.period),
    'import.preview': (args) => previewImport(c, args.fileName, Buffer.from(args.dataBase64, 'base64'), args.options ?? {}),
    'import.run': (args) => {
      const summary = runImport(c, args.fileName, Buffer.from(args.dataBase64, 'base64'), args.options ?? {});
      c.clearUndo();
      c.invalidateDeckTitles();
      return summary;
    },
    'optimizer.start': () => optimizer.start(),
    'optimizer.status': () => optimizer.status(),
    'optimizer.cancel': () => optimizer.cancel(),
    'optimizer.reset': () => c.updateSettings({ fsrsWeights: defaultSettings.fsrsWeights }),
    'app.info': () => ({ version: ctx.appVersion, databaseFile: c.file, backupDir: c.backupDir, transport: ctx.transport }),
  };
}

function withClearedUndo<T>(c: Collection, value: T): T {
  c.clearUndo();
  return value;
}

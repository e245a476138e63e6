import type { Collection } from '../core/collection.js';
import { restoreBackup, type RestoreResult } from '../core/backup/restore-backup.js';
import { createDispatcher, type ApiHandlers, type Dispatcher } from './api-dispatcher.js';
import { createHandlers, type HandlerContext } from './api-handlers.js';

export interface CollectionHostOptions {
  /** Opens the collection (again, after a restore) the way the host does at start. */
  open: () => Collection;
  appVersion: string;
  transport: HandlerContext['transport'];
  onInternalError?: (error: unknown) => void;
}

/**
 * The app's (and web mode's) hold on its collection: one dispatcher for the
 * whole run, whose handlers are rebound when Settings → Backups → Restore…
 * puts a backup in place. Restoring closes the collection first (releasing
 * its running lock, so restoreBackup's own exclusion applies), then reopens.
 */
export class CollectionHost {
  collection: Collection;
  readonly dispatcher: Dispatcher;
  private readonly handlers: ApiHandlers;

  constructor(private readonly options: CollectionHostOptions) {
    this.collection = options.open();
    this.handlers = createHandlers(this.context());
    this.dispatcher = createDispatcher(this.handlers, options.onInternalError);
  }

  restore(backupFile: string): RestoreResult {
    const file = this.collection.file;
    this.collection.close();
    try {
      return restoreBackup(file, backupFile, Date.now());
    } finally {
      this.collection = this.options.open();
      Object.assign(this.handlers, createHandlers(this.context()));
    }
  }

  close(): void {
    this.collection.close();
  }

  private context(): HandlerContext {
    return {
      collection: this.collection,
      appVersion: this.options.appVersion,
      transport: this.options.transport,
      restore: (backupFile) => this.restore(backupFile),
    };
  }
}

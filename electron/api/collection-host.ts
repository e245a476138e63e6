import type { Collection } from '../core/collection.js';
import { restoreBackup, type RestoreResult } from '../core/backup/restore-backup.js';
import { DemarcError, ErrorCode } from '../core/domain/errors.js';
import type { OpeningStatus } from '../core/jobs/collection-opening.js';
import { createDispatcher, type ApiHandlers, type Dispatcher } from './api-dispatcher.js';
import { createHandlers, type HandlerContext } from './api-handlers.js';
import { apiMethodNames } from './api-method-names.js';

export interface CollectionHostOptions {
  /** Opens the collection (again, after a restore) the way the host does at start. */
  open: () => Collection;
  /**
   * The first open, still under way (an older collection backed up on a
   * worker before its upgrade, jobs/collection-opening.ts) with its status:
   * until it settles, `app.opening` says where it is and every other call is
   * refused (DATABASE_LOCKED). Without it, the host opens with `open`.
   */
  opening?: { collection: Promise<Collection>; status: () => OpeningStatus } | undefined;
  appVersion: string;
  transport: HandlerContext['transport'];
  onInternalError?: (error: unknown) => void;
}

/**
 * The app's (and web mode's) hold on its collection: one dispatcher for the
 * whole run, whose handlers are rebound when the collection is ready (after a
 * long first open) and when Settings → Backups → Restore… puts a backup in
 * place. Restoring closes the collection first (releasing its running lock,
 * so restoreBackup's own exclusion applies), then reopens.
 */
export class CollectionHost {
  private current: Collection | null = null;
  readonly dispatcher: Dispatcher;
  /** Settles when the collection is open (rejects with the first open's error). */
  readonly ready: Promise<void>;
  private readonly handlers: ApiHandlers;

  constructor(private readonly options: CollectionHostOptions) {
    if (options.opening) {
      this.handlers = openingHandlers(options.opening.status);
      this.ready = options.opening.collection.then((collection) => {
        this.current = collection;
        Object.assign(this.handlers, createHandlers(this.context()));
      });
    } else {
      this.current = options.open();
      this.handlers = createHandlers(this.context());
      this.ready = Promise.resolve();
    }
    this.dispatcher = createDispatcher(this.handlers, options.onInternalError);
  }

  get collection(): Collection {
    if (!this.current) throw stillOpening();
    return this.current;
  }

  restore(backupFile: string): RestoreResult {
    const file = this.collection.file;
    this.collection.close();
    try {
      return restoreBackup(file, backupFile, Date.now());
    } finally {
      this.current = this.options.open();
      Object.assign(this.handlers, createHandlers(this.context()));
    }
  }

  /** Closes the collection; a first open still under way has nothing to close yet. */
  close(): void {
    this.current?.close();
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

const stillOpening = () => new DemarcError(ErrorCode.databaseLocked, 'Demarc is still opening your collection (backing it up before its upgrade): try again in a moment.');

/** While the first open runs: its status, and every other call refused. */
function openingHandlers(status: () => OpeningStatus): ApiHandlers {
  const refuse = () => {
    throw stillOpening();
  };
  const handlers = Object.fromEntries(apiMethodNames.map((name) => [name, refuse])) as unknown as ApiHandlers;
  handlers['app.opening'] = () => status();
  return handlers;
}

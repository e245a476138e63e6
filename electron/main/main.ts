import { app, BrowserWindow, dialog, nativeTheme, session } from 'electron';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Collection } from '../core/collection.js';
import { CollectionHost } from '../api/collection-host.js';
import { ErrorCode, isDemarcError } from '../core/domain/errors.js';
import { defaultStateDir } from '../shared/app-paths.js';
import { SyncScheduler } from '../core/jobs/sync-scheduler.js';
import { latestBackup } from '../core/backup/backups.js';
import { backupDirFor } from '../core/backup/backup-folder.js';
import { restoreBackup } from '../core/backup/restore-backup.js';
import { runAsSingleInstance } from './single-instance.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { bindIpcTransport } from './ipc-transport.js';
import { startDailyReminder } from './daily-reminder-shell.js';
import { appOrigin, lockDownContents, lockDownSession, secureWebPreferences } from './window-security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

registerAppScheme();
app.enableSandbox();
// DEMARC_DATA_DIR moves the whole profile, so the single-instance lock is per data folder too.
if (process.env.DEMARC_DATA_DIR) app.setPath('userData', process.env.DEMARC_DATA_DIR);

let mainWindow: BrowserWindow | null = null;

/**
 * In development the Node-ABI build of better-sqlite3 in node_modules serves
 * the tests; the app loads the Electron-ABI build made by the prestart step.
 * A packaged app has its own rebuilt copy (electron-builder), so no option.
 */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const file = path.join(root, '.electron-native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

function openCollectionOrThrow(file: string, startFresh = false): Collection {
  const decksDir = app.isPackaged ? path.join(process.resourcesPath, 'decks') : path.join(root, 'decks');
  return Collection.open({ file, builtinDecksDir: decksDir, nativeBinding: nativeBinding(), dailyBackup: 'soon', runningLock: true, stateDir: defaultStateDir(), startFresh });
}

function openCollection(file: string): Collection | null {
  try {
    return openCollectionOrThrow(file);
  } catch (error) {
    const message = isDemarcError(error) ? error.message : String(error);
    if (isDemarcError(error) && error.code === ErrorCode.notFound && !fs.existsSync(file)) {
      // The collection that used to be here is gone: starting fresh must be the user's choice.
      const fresh = dialog.showMessageBoxSync({ type: 'warning', title: 'Demarc cannot find your collection', message, buttons: ['Start fresh', 'Quit'] });
      return fresh === 0 ? openCollectionOrThrow(file, true) : null;
    }
    const backup = latestBackup(backupDirFor(file));
    const buttons = backup ? ['Restore latest backup', 'Quit'] : ['Quit'];
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: 'Demarc cannot open your collection',
      message: 'Demarc cannot open your collection.',
      detail: `${message}${backup ? `\n\nThe latest backup is ${backup}. Restoring keeps this file aside as ${path.basename(file)}.before-restore-<time>.` : ''}`,
      buttons,
    });
    if (backup && choice === 0) {
      // The one restore: it checks the backup first and keeps the damaged file and its WAL together.
      try {
        restoreBackup(file, backup, Date.now());
      } catch (restoreError) {
        dialog.showErrorBox('Demarc could not restore the backup', isDemarcError(restoreError) ? restoreError.message : String(restoreError));
        return null;
      }
      return openCollection(file);
    }
    return null;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  // DEMARC_DATA_DIR moves the data folder for the app as it does for the CLI and web mode.
  const file = path.join(app.getPath('userData'), 'demarc.sqlite');
  const collection = openCollection(file);
  if (!collection) {
    app.quit();
    return;
  }
  let first: Collection | null = collection;
  const host = new CollectionHost({
    // The first open went through the dialog above; a reopen after Settings → Backups → Restore… opens directly.
    open: () => {
      const opened = first ?? openCollectionOrThrow(file);
      first = null;
      return opened;
    },
    appVersion: app.getVersion(),
    transport: 'ipc',
    onInternalError: (error) => console.error(error),
  });
  const dispatcher = host.dispatcher;
  bindIpcTransport(dispatcher);
  const syncScheduler = new SyncScheduler(() => host.collection);
  syncScheduler.start();
  serveAppProtocol(path.join(root, 'dist', 'renderer'), path.join(path.dirname(file), 'media'));
  lockDownSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  const window = (mainWindow = new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Demarc',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f6f2',
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  }));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${appOrigin}/index.html`);
  const stopReminder = startDailyReminder(() => host.collection, focusMainWindow);
  app.on('window-all-closed', () => {
    stopReminder();
    // A round running in its worker is stopped safely first (see SyncScheduler.stop).
    void syncScheduler.stop().then(() => {
      host.close();
      app.quit();
    });
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

runAsSingleInstance(app, start, focusMainWindow);

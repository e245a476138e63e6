import path from 'node:path';
import { parseArgs } from 'node:util';
import { Collection } from '../core/collection.js';
import { CollectionHost } from '../api/collection-host.js';
import { appRoot, builtinDecksDir, defaultDatabaseFile, defaultStateDir } from '../shared/app-paths.js';
import { SyncScheduler } from '../core/jobs/sync-scheduler.js';
import { appVersion } from '../shared/app-version.js';
import { startWebServer } from './web-server.js';
import { openCollection, openingStarted } from '../core/jobs/collection-opening.js';

/** `npm run web -- [--port N] [--db PATH]`: the app in a browser, on 127.0.0.1 only. */
const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' }, 'start-fresh': { type: 'boolean' } }, strict: true });
const port = values.port === undefined ? 5599 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`demarc web: --port must be a number from 0 to 65535, not "${values.port}".\n`);
  process.exit(2);
}
const file = path.resolve(values.db ?? defaultDatabaseFile());
let startFresh = values['start-fresh'] === true;
const options = () => ({ file, builtinDecksDir: builtinDecksDir(), dailyBackup: 'soon' as const, runningLock: true, stateDir: defaultStateDir(), startFresh });
const fail = (error: unknown) => {
  process.stderr.write(`demarc web: ${(error as Error).message}\n`);
  process.exit(1);
};
// The first open: an older collection is backed up on a worker before its upgrade, and the browser is served meanwhile
// (the first screen follows `app.opening`). Any other open, or refusal, is settled within this turn.
let openingStatus = openingStarted;
const opening = openCollection(options(), (status) => (openingStatus = status));
startFresh = false;
const host = new CollectionHost({
  open: () => Collection.open(options()),
  opening: { collection: opening, status: () => openingStatus },
  appVersion,
  transport: 'http',
  onInternalError: (error) => process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`),
});
const slowOpen = await Promise.race([host.ready.then(() => false, () => false), new Promise<boolean>((resolve) => setImmediate(() => resolve(true)))]);
// A refused collection is said before anything is served, as it always was.
if (!slowOpen) await host.ready.catch(fail);
const dispatcher = host.dispatcher;
let server: Awaited<ReturnType<typeof startWebServer>>;
// Each printed address admits one browser once; the next one is printed as soon as it is used.
const printNextAddress = () => process.stdout.write(`A browser was admitted. To admit another, open this address once:\n${server.admissionUrl()}\n`);
try {
  server = await startWebServer({
    dispatcher,
    rendererDir: path.join(appRoot(), 'dist', 'renderer'),
    mediaDir: path.join(path.dirname(file), 'media'),
    port,
    onAdmitted: printNextAddress,
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0 for any free port)` : (error as Error).message;
  process.stderr.write(`demarc web: cannot listen on 127.0.0.1: ${reason}.\n`);
  host.close();
  process.exit(1);
}
process.stdout.write(`Demarc is serving ${file}\nOpen this address in your browser (it admits one browser, once):\n${server.admissionUrl()}\n`);
if (slowOpen) {
  process.stdout.write('Backing up your collection before upgrading it; the browser shows how far it is.\n');
  await host.ready.catch(fail);
}
const syncScheduler = new SyncScheduler(() => host.collection);
syncScheduler.start();
const stop = () => {
  // A round running in its worker is stopped safely first (see SyncScheduler.stop).
  void server
    .close()
    .then(() => syncScheduler.stop())
    .then(() => {
      host.close();
      process.exit(0);
    });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Run as a fresh process by the startup benchmark (bundled first, as the app is):
// opens the collection as the app does (its built-in decks brought up to date
// from decks/) and builds the first Today view, then the queue and the stats,
// and reports the time and the resident memory on stdout.
const t0 = performance.now();
const { Collection } = await import('../electron/core/collection.js');
const { builtinDecksDir } = await import('../electron/shared/app-paths.js');
const file = process.argv[2]!;
const collection = Collection.open({ file, builtinDecksDir: builtinDecksDir() });
collection.today();
const startupMs = performance.now() - t0;
collection.study();
collection.stats({}, '1y');
const rssMb = process.memoryUsage().rss / 1048576;
collection.close();
process.stdout.write(JSON.stringify({ startupMs, rssMb }));
export {};

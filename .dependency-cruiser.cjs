/**
 * The floors of the code, enforced by `npm run lint` (ARCHITECTURE.md draws
 * them). Each floor imports only from the floors below it:
 *
 *   app        electron/api, cli, web, main      the ways in: IPC, HTTP, the command line, the window
 *   jobs       electron/core/jobs                work that runs around the collection (workers, rounds, timers)
 *   collection electron/core/collection.ts       the one holder of the connection, the write door
 *   features   electron/core/<feature>/          scheduling, cards, review, stats, importing, sync engine…
 *   storage    electron/core/db                  opening, migrations, locks, WAL, durable files
 *   domain     electron/core/domain, text        types, errors, dates, card text: no I/O
 *
 * The renderer sees the back end through one module, electron/api/wire-types.ts.
 */
const floors = {
  domain: '^electron/core/(domain|text)/',
  storage: '^electron/core/db/',
  features: '^electron/core/(backup|cards|decks|exam|exporting|importing|line|mastery|optimizer|practice|presets|review|scheduling|search|settings|simulation|stats|sync|today|upkeep)/',
  collection: '^electron/core/collection[.]ts$',
  jobs: '^electron/core/jobs/',
  app: '^electron/(api|cli|web|main)/',
};
const above = (...names) => names.map((n) => floors[n]);

module.exports = {
  forbidden: [
    {
      name: 'every-core-file-on-a-floor',
      severity: 'error',
      comment: 'A new folder in electron/core names its floor here first, so the rules below hold for it.',
      from: { path: '^electron/core/', pathNot: Object.values(floors) },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make the load order matter and the floors meaningless.',
      from: { pathNot: '^node_modules' },
      to: { circular: true },
    },
    {
      name: 'domain-is-the-ground-floor',
      severity: 'error',
      comment: 'Types, errors, dates and card text import nothing of the app above them.',
      from: { path: floors.domain },
      to: { path: above('storage', 'features', 'collection', 'jobs', 'app') },
    },
    {
      name: 'storage-below-features',
      severity: 'error',
      from: { path: floors.storage },
      to: { path: above('features', 'collection', 'jobs', 'app') },
    },
    {
      name: 'features-below-the-collection',
      severity: 'error',
      comment: 'A feature receives the write door (or a WriteConnection), never the Collection itself.',
      from: { path: floors.features },
      to: { path: above('collection', 'jobs', 'app') },
    },
    {
      name: 'collection-below-jobs',
      severity: 'error',
      from: { path: floors.collection },
      to: { path: above('jobs', 'app') },
    },
    {
      name: 'jobs-below-the-app',
      severity: 'error',
      from: { path: floors.jobs },
      to: { path: floors.app },
    },
    {
      name: 'migrations-are-history',
      severity: 'error',
      comment: 'Only the migrator loads migration files: running code never depends on what a past schema step says.',
      from: { pathNot: '^electron/core/db/(migrate[.]ts|migrations/)' },
      to: { path: '^electron/core/db/migrations/' },
    },
    {
      name: 'renderer-sees-only-the-wire-types',
      severity: 'error',
      comment: 'The renderer imports the back end through electron/api/wire-types.ts alone.',
      from: { path: '^renderer/' },
      to: { path: '^electron/', pathNot: '^electron/api/wire-types[.]ts$' },
    },
    {
      name: 'core-has-no-electron',
      severity: 'error',
      comment: 'The core runs under plain Node (web mode, CLI, tests).',
      from: { path: '^electron/(core|api|cli|web)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'] },
    exclude: { path: '^(dist|release|node_modules)/' },
  },
};

/**
 * What the short scripts that tests run in child processes (`node -e SCRIPT`)
 * import: the global setup bundles this module with the back end's entries,
 * so such a child loads one file instead of compiling the sources under tsx
 * (about twice the CPU per child). See `inlineScriptRun` in node-entry.ts.
 */
export { Collection } from '../../electron/core/collection.js';
export { runCli } from '../../electron/cli/run-cli.js';
export { createDispatcher } from '../../electron/api/api-dispatcher.js';
export { createHandlers } from '../../electron/api/api-handlers.js';
export { checksum, decksDir } from './test-collection.js';
export { databaseOf } from './collection-database.js';

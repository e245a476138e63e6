// Bundles the back end for Electron and the CLI bin with esbuild.
// Dependencies stay external (node_modules ships with the app); the preload is
// bundled whole, as a sandboxed preload can require nothing but 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['electron/cli/cli-main.ts'], outfile: 'dist/electron/cli.js', format: 'esm', packages: 'external' }),
  // The import worker runs beside main.js (see import-job.ts).
  build({ ...common, entryPoints: ['electron/core/jobs/import-worker.ts'], outfile: 'dist/electron/import-worker.js', format: 'esm', packages: 'external' }),
  // The sync round's worker, likewise (see sync-worker-host.ts).
  build({ ...common, entryPoints: ['electron/core/jobs/sync-worker.ts'], outfile: 'dist/electron/sync-worker.js', format: 'esm', packages: 'external' }),
  // The before-import check's worker, likewise (see collection-check.ts).
  build({ ...common, entryPoints: ['electron/core/backup/collection-check-worker.ts'], outfile: 'dist/electron/collection-check-worker.js', format: 'esm', packages: 'external' }),
  // The backup's and doctor's workers, likewise (see backup-in-worker.ts, doctor-in-worker.ts).
  build({ ...common, entryPoints: ['electron/core/backup/backup-worker.ts'], outfile: 'dist/electron/backup-worker.js', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/core/upkeep/doctor-worker.ts'], outfile: 'dist/electron/doctor-worker.js', format: 'esm', packages: 'external' }),
  // The Stats figures' worker, likewise (see stats/prepared-figures.ts).
  build({ ...common, entryPoints: ['electron/core/stats/stats-figures-worker.ts'], outfile: 'dist/electron/stats-figures-worker.js', format: 'esm', packages: 'external' }),
  // The simulator's worker, likewise (see simulator-job.ts).
  build({ ...common, entryPoints: ['electron/core/jobs/simulator-worker.ts'], outfile: 'dist/electron/simulator-worker.js', format: 'esm', packages: 'external' }),
]);

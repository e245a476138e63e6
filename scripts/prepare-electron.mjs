// `npm start` runs this first. Two things the desktop app needs that `npm ci`
// deliberately skips (see README, "Electron and the native module"):
//  1. the Electron binary: electron's own installer downloads it when missing;
//  2. an Electron-ABI build of better-sqlite3, kept in .electron-native/ so the
//     Node-ABI build in node_modules (used by tests, CLI and web mode) stays intact.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;

function run(command, args, cwd = root) {
  execFileSync(command, args, { cwd, stdio: 'inherit' });
}

// 1. The Electron binary.
if (!fs.existsSync(path.join(electronDir, 'path.txt'))) {
  console.log(`Fetching the Electron ${electronVersion} binary…`);
  try {
    run(process.execPath, [path.join(electronDir, 'install.js')]);
  } catch {
    console.error('\nCould not download Electron (no network?). Use "npm run web" to run Demarc in a browser instead.');
    process.exit(1);
  }
}

// 2. better-sqlite3 for Electron's ABI.
const target = path.join(root, '.electron-native', `electron-${electronVersion}`, 'better_sqlite3.node');
if (!fs.existsSync(target)) {
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(root, '.electron-native', 'build');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const abiArgs = ['--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'];
  try {
    // A prebuilt binary when one is published for this Electron…
    run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`], work);
  } catch {
    // …else compile it against Electron's headers.
    const npmDir = path.dirname(path.dirname(fs.realpathSync(process.env.npm_execpath ?? require.resolve('npm'))));
    const nodeGyp = path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    run(process.execPath, [nodeGyp, 'rebuild', '--release', ...abiArgs], work);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`Electron build of better-sqlite3: ${path.relative(root, target)}`);
}

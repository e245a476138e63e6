// `npm test`, `npm start` and `npm run web` run this first, so that each works
// straight after `git clone`: it installs the node modules (`npm ci`) when
// they are missing or older than package-lock.json says. Node's own modules
// only: it runs before anything is installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const modulesDir = path.join(root, 'node_modules');

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Why the installed modules do not match the lockfile, or null when they do. */
function staleReason() {
  const lock = readJson(path.join(root, 'package-lock.json'));
  if (!lock?.packages) return null; // no lockfile to hold them to: leave them be
  if (!fs.existsSync(modulesDir)) return 'node_modules is missing';
  // npm writes this record of what it installed at the end of every install.
  const installed = readJson(path.join(modulesDir, '.package-lock.json'));
  if (!installed?.packages) return 'node_modules was not installed by npm (no node_modules/.package-lock.json)';
  for (const [key, wanted] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || wanted.link) continue;
    const have = installed.packages[key];
    // Optional packages for other platforms (esbuild's, say) are never installed.
    if (!have) {
      if (wanted.optional || wanted.devOptional) continue;
      return `${key.slice('node_modules/'.length)} is not installed`;
    }
    if (have.version !== wanted.version) return `${key.slice('node_modules/'.length)} is ${have.version}, the lockfile says ${wanted.version}`;
  }
  return null;
}

const reason = staleReason();
if (reason) {
  if (fs.lstatSync(modulesDir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    // Shared with another checkout: reinstalling here would change it under that one.
    console.warn(`node_modules (a link to ${fs.realpathSync(modulesDir)}) differs from package-lock.json: ${reason}. Not reinstalling a shared folder; run \`npm ci\` there if needed.`);
  } else {
    console.log(`Installing the node modules (${reason})…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    } catch {
      console.error('\n`npm ci` failed: see its messages above.');
      process.exit(1);
    }
  }
}

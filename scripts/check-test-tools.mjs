// `npm test` runs this before anything else: the browser tests drive Chromium
// and the sync test runs two Syncthing instances. Where either is missing it
// says which and how to install it, and stops. Node's own modules only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

// The default of tests/e2e/web-app-harness.ts's chromiumPath.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

const missing = [];
if (!fs.existsSync(chromium)) {
  missing.push({
    name: 'Chromium (headless shell)',
    why: `the browser tests drive ${chromium}`,
    debian: 'chromium-headless-shell',
    elsewhere: 'set CHROMIUM_PATH to a Chromium or Chrome binary',
  });
}
if (spawnSync('syncthing', ['--version'], { stdio: 'ignore' }).status !== 0) {
  missing.push({
    name: 'Syncthing',
    why: 'the sync test runs two instances of `syncthing` on 127.0.0.1',
    debian: 'syncthing',
    elsewhere: 'put `syncthing` (https://syncthing.net/downloads/) on the PATH',
  });
}

if (missing.length > 0) {
  console.error(
    [
      'npm test needs system packages that are missing:',
      '',
      ...missing.map((m) => `  - ${m.name}: ${m.why}.`),
      '',
      'Install them on Debian or Ubuntu with:',
      '',
      `  sudo apt-get update && sudo apt-get install -y ${missing.map((m) => m.debian).join(' ')}`,
      '',
      `Elsewhere: ${missing.map((m) => m.elsewhere).join('; ')}.`,
      '`npm run test:fast` runs the unit, integration and fuzz tests but the long proofs, and needs neither.',
    ].join('\n'),
  );
  process.exit(1);
}

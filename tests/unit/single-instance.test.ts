import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAsSingleInstance, type InstanceApp } from '../../electron/main/single-instance.js';
import { repoRoot } from '../helpers/test-collection.js';

function fakeApp(lock: boolean) {
  const events: string[] = [];
  const listeners: (() => void)[] = [];
  const app: InstanceApp = {
    requestSingleInstanceLock: () => lock,
    exit: (code) => events.push(`exit ${code}`),
    on: (_event, listener) => listeners.push(listener),
  };
  return { app, events, listeners };
}

describe('one instance of the desktop app', () => {
  it('a second instance exits before it starts anything', () => {
    const { app, events, listeners } = fakeApp(false);
    let started = 0;
    expect(runAsSingleInstance(app, async () => void started++, () => events.push('focus'))).toBe(false);
    expect(started).toBe(0);
    expect(events).toEqual(['exit 0']);
    expect(listeners).toHaveLength(0);
  });

  it('the first instance starts and brings its window forward when another is launched', () => {
    const { app, events, listeners } = fakeApp(true);
    let started = 0;
    expect(runAsSingleInstance(app, async () => void started++, () => events.push('focus'))).toBe(true);
    expect(started).toBe(1);
    listeners.forEach((l) => l());
    expect(events).toEqual(['focus']);
  });

  it('main.ts starts only through the lock, and restores only through restoreBackup', () => {
    const main = fs.readFileSync(path.join(repoRoot, 'electron/main/main.ts'), 'utf8');
    expect(main).toMatch(/^runAsSingleInstance\(app, start, focusMainWindow\);$/m);
    expect(main).not.toMatch(/requestSingleInstanceLock|void start\(\)|^start\(\)/m);
    expect(main).toMatch(/restoreBackup\(file, backup, Date\.now\(\)\)/);
    expect(main).not.toMatch(/renameSync|copyFileSync/);
    expect(main).not.toMatch(/'backups'/);
  });
});

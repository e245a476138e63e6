import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the collection lives when no --db is given: the same folder the
 * desktop app uses (Electron's userData for the product name "Demarc").
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEMARC_DATA_DIR) return env.DEMARC_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Demarc');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Demarc');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Demarc');
}

/**
 * Outside the data folder, for what must survive that folder being deleted
 * (the note of which collections the app has used). DEMARC_STATE_DIR overrides it.
 */
export function defaultStateDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEMARC_STATE_DIR) return env.DEMARC_STATE_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Demarc State');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Demarc State');
  return path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'Demarc');
}

export function defaultDatabaseFile(): string {
  return path.join(defaultDataDir(), 'demarc.sqlite');
}

/** The repository (or app) root: two levels above this file in source and in the bundle. */
export function appRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..');
}

export function builtinDecksDir(): string {
  return process.env.DEMARC_DECKS_DIR ?? path.join(appRoot(), 'decks');
}

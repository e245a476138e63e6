import type { Settings } from '../../../../electron/api/wire-types';

/** "system" follows the OS through prefers-color-scheme; the others pin it. */
export function applyTheme(theme: Settings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.dataset.theme = theme;
}

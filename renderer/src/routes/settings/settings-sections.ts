/**
 * The sections of Settings, in page order: the in-page navigation lists
 * them, and each is found by its heading's id (set by the panel that draws
 * it). A new panel adds its line here.
 */
export interface SettingsSection {
  /** The address's last part: #/settings/<slug>. */
  slug: string;
  label: string;
  headingId: string;
}

export const settingsSections: readonly SettingsSection[] = [
  { slug: 'scheduling', label: 'Scheduling', headingId: 'sched-title' },
  { slug: 'presets', label: 'Presets', headingId: 'presets-title' },
  { slug: 'simulator', label: 'Simulator', headingId: 'simulator-title' },
  { slug: 'exam', label: 'Exam', headingId: 'exam-settings-title' },
  { slug: 'fsrs', label: 'FSRS parameters', headingId: 'fsrs-title' },
  { slug: 'appearance', label: 'Appearance', headingId: 'appearance-title' },
  { slug: 'reminder', label: 'Daily reminder', headingId: 'reminder-title' },
  { slug: 'sync', label: 'Sync', headingId: 'sync-title' },
  { slug: 'keyboard', label: 'Keyboard', headingId: 'keys-title' },
  { slug: 'backups', label: 'Backups', headingId: 'backups-title' },
  { slug: 'check', label: 'Check the collection', headingId: 'doctor-title' },
  { slug: 'data', label: 'Your data', headingId: 'data-title' },
];

export function sectionBySlug(slug: string | null): SettingsSection | null {
  return settingsSections.find((s) => s.slug === slug) ?? null;
}

/**
 * The section being read: the last one whose heading has passed `line` (the
 * top of the readable area, below the sticky bar), the first before any has,
 * and the last once the page is scrolled to its end (short closing sections
 * never reach the line). `tops` are the headings' viewport tops, page order.
 */
export function currentSection(tops: readonly { slug: string; top: number }[], line: number, atEnd: boolean): string | null {
  if (tops.length === 0) return null;
  if (atEnd) return tops.at(-1)?.slug ?? null;
  let current = tops[0]?.slug ?? null;
  for (const t of tops) if (t.top <= line) current = t.slug;
  return current;
}

/**
 * The review screen's card-tool keys (Anki's): which key does what, and the
 * full list of review keys for the `?` overlay. Grading, owner picks, undo
 * and leaving are handled by the review screen itself.
 */
export type ReviewCommand =
  | { kind: 'bury' }
  | { kind: 'suspend' }
  | { kind: 'flag'; flag: 1 | 2 | 3 | 4 }
  | { kind: 'info' }
  | { kind: 'setDue' }
  | { kind: 'help' };

/** What a key press asks for, or null when it is not a card-tool key. */
export function reviewCommandFor(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): ReviewCommand | null {
  const mod = event.ctrlKey || event.metaKey;
  if (event.altKey) return null;
  if (mod && event.shiftKey && (event.key === 'D' || event.key === 'd' || event.code === 'KeyD')) return { kind: 'setDue' };
  if (mod && !event.shiftKey) {
    const digit = /^Digit([1-4])$/.exec(event.code)?.[1] ?? (/^[1-4]$/.test(event.key) ? event.key : null);
    if (digit) return { kind: 'flag', flag: Number(digit) as 1 | 2 | 3 | 4 };
    return null;
  }
  if (mod) return null;
  if (event.key === '-') return { kind: 'bury' };
  if (event.key === '@') return { kind: 'suspend' };
  if (event.key === '?') return { kind: 'help' };
  if (event.key === 'i' || event.key === 'I') return { kind: 'info' };
  return null;
}

export interface KeyHelp {
  keys: string;
  action: string;
}

export const reviewKeyList: readonly KeyHelp[] = [
  { keys: 'A · C · S', action: 'Answer AWS, Customer or Shared on a responsibility card' },
  { keys: '1 – 9', action: 'Pick options on a choice card' },
  { keys: 'Space', action: 'Show the answer, check a choice, or grade Good (Again after a wrong pick): the default grade' },
  { keys: '1 · 2 · 3 · 4', action: 'Grade Again, Hard, Good, Easy' },
  { keys: 'Ctrl/⌘ + Z', action: 'Undo the last answer, bury, suspend, flag or due date (the Undo button names it)' },
  { keys: '-', action: 'Bury the card until tomorrow' },
  { keys: '@', action: 'Suspend the card' },
  { keys: 'Ctrl + 1 … 4', action: 'Flag the card red, orange, green or blue (again to clear)' },
  { keys: 'I', action: 'Card info: history, difficulty, stability, retrievability' },
  { keys: 'Ctrl + Shift + D', action: 'Set the due date' },
  { keys: 'E', action: 'Edit the card on screen (review goes on where it was)' },
  { keys: 'R', action: 'Replay the card’s sounds' },
  { keys: '?', action: 'Show this list of keys' },
  { keys: 'Esc', action: 'Close a dialog, or leave the session (every answer is already saved)' },
];

export const flagLabels = { 0: 'No flag', 1: 'Red', 2: 'Orange', 3: 'Green', 4: 'Blue' } as const;

/** What the Undo button names: the learner's last action in the session. */
export const undoLabels = { answer: 'answer', bury: 'bury', suspend: 'suspend', flag: 'flag', setDue: 'due date' } as const;

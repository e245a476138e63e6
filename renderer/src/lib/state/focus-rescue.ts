/**
 * Focus never rests on <body> after an action: when the focused control
 * disappears or is disabled by what it did (a Study button whose screen
 * goes away, a picked owner, a row action, a "Sync now" disabled while it
 * runs, a dialog closed after its work), the browser drops focus to the
 * page and the next Tab starts over from the top. After every click and key
 * press, and after every change to the page (the work behind a button often
 * finishes long after the click), a focus that fell to <body> moves to the
 * open dialog if there is one, else to the main region (a screen's own focus
 * handling, which runs sooner, wins). A button disabled while its work runs
 * ("Back up now", "Sync now") gets the focus back when it is enabled again.
 */
export function keepFocusOffBody(main: () => HTMLElement | null): () => void {
  let frame = 0;
  /** The control that last had the focus (a fall to <body> fires no focus event, so this is the one lost). */
  let last: HTMLElement | null = null;
  /** Whether `last` was disabled since it took the focus (its work may already be done by the time we look). */
  let lastDisabled = false;
  /** A control disabled while its work runs, and where its focus was put meanwhile: it gets the focus back once enabled, if the learner has not moved on. */
  let waiting: { control: HTMLElement; heldBy: HTMLElement } | null = null;
  const remember = (event: FocusEvent) => {
    if (event.target instanceof HTMLElement) last = event.target;
    lastDisabled = false;
  };
  const check = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (waiting && active === waiting.heldBy && waiting.control.isConnected) {
        if (!isDisabled(waiting.control)) {
          const { control } = waiting;
          waiting = null;
          control.focus({ preventScroll: true });
        }
        return;
      }
      waiting = null;
      if ((active === null || active === document.body) && document.hasFocus()) {
        const lost = lastDisabled && last?.isConnected ? last : null;
        // Its work already done: straight back to it.
        if (lost && !isDisabled(lost)) return lost.focus({ preventScroll: true });
        const target = rescueTarget(main());
        target?.focus({ preventScroll: true });
        if (target && lost && lost !== target) waiting = { control: lost, heldBy: target };
      }
    });
  };
  document.addEventListener('focusin', remember, true);
  document.addEventListener('click', check, true);
  document.addEventListener('keyup', check, true);
  // Removal and disabling move no focus event; a change to the page is when they happen.
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.target === last && r.attributeName === 'disabled')) lastDisabled = true;
    check();
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'open', 'hidden'] });
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
    document.removeEventListener('focusin', remember, true);
    document.removeEventListener('click', check, true);
    document.removeEventListener('keyup', check, true);
  };
}

function isDisabled(element: HTMLElement): boolean {
  return element.matches(':disabled') || element.closest('[inert]') !== null;
}

/** Where a lost focus goes: into the open modal dialog (the page behind it is inert), else the main region. */
function rescueTarget(main: HTMLElement | null): HTMLElement | null {
  const dialogs = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].filter((d) => d.matches(':modal'));
  const dialog = dialogs.at(-1);
  if (!dialog) return main;
  const focusable = dialog.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])');
  return focusable ?? dialog;
}

/**
 * Focus never rests on <body> after an action: when the focused control
 * disappears or is disabled by what it did (a Study button whose screen
 * goes away, a picked owner, a row action), the browser drops focus to the
 * page and the next Tab starts over from the top. After every click and key
 * press, once the screen has updated, a focus that fell to <body> moves to
 * the main region (a screen's own focus handling, which runs sooner, wins).
 */
export function keepFocusOffBody(main: () => HTMLElement | null): () => void {
  let frame = 0;
  const check = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if ((active === null || active === document.body) && document.hasFocus()) main()?.focus({ preventScroll: true });
    });
  };
  document.addEventListener('click', check, true);
  document.addEventListener('keyup', check, true);
  return () => {
    cancelAnimationFrame(frame);
    document.removeEventListener('click', check, true);
    document.removeEventListener('keyup', check, true);
  };
}

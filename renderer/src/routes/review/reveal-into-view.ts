/**
 * Scrolls a just-revealed answer (the feedback: verdict, explanation,
 * source) into the band between the sticky top bar and the sticky grade
 * bar, so that on a short window (900×650) or a long card (five options)
 * nothing of it hides under the buttons. If it is taller than that band, its
 * top comes first. Used as an attachment: `{@attach revealIntoView}`.
 */
export function revealIntoView(element: HTMLElement): () => void {
  const frame = requestAnimationFrame(() => {
    const review = element.closest('.review');
    const bar = review?.querySelector<HTMLElement>('.actions');
    const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
    const bottom = bar ? bar.getBoundingClientRect().top : window.innerHeight;
    const box = element.getBoundingClientRect();
    const gap = 8;
    if (box.bottom <= bottom - gap && box.top >= top + gap) return;
    const down = Math.min(box.bottom - (bottom - gap), box.top - (top + gap));
    window.scrollBy({ top: down, behavior: 'instant' });
  });
  return () => cancelAnimationFrame(frame);
}

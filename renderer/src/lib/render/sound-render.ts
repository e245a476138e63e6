/**
 * Anki's sound tags, `[sound:name]`, as audio players for the collection's
 * media. Never autoplaying and loading nothing until asked (`preload="none"`);
 * the review screen's R key replays them. Names are checked and URL-encoded,
 * so a tag can only ever point at a file in `media/`.
 */
const soundTag = /\[sound:([^\]<>"\\/]{1,255})\]/g;

export function renderSounds(html: string): string {
  if (!html.includes('[sound:')) return html;
  return html.replace(soundTag, (_whole, name: string) => {
    const clean = name.trim().replace(/&amp;/g, '&');
    if (!clean || clean === '.' || clean === '..') return '';
    return `<audio class="card-sound" controls preload="none" src="media/${encodeURIComponent(clean)}" aria-label="Sound: ${clean.replace(/&/g, '&amp;').replace(/</g, '&lt;')}"></audio>`;
  });
}

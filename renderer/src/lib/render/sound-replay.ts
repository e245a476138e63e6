/** Plays every sound of a card from the start, one after another (the R key). */
export function replaySounds(root: ParentNode): boolean {
  const players = [...root.querySelectorAll<HTMLAudioElement>('audio.card-sound')];
  if (players.length === 0) return false;
  for (const p of players) p.pause();
  const playFrom = (index: number) => {
    const player = players[index];
    if (!player) return;
    player.currentTime = 0;
    player.onended = () => {
      player.onended = null;
      playFrom(index + 1);
    };
    void player.play().catch(() => undefined);
  };
  playFrom(0);
  return true;
}

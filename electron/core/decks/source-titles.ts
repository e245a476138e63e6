/**
 * Human titles of the source documents the built-in cards are written from.
 * Cards name their source by file name (stable, and what the deck files
 * hold); learners see these titles instead. Pure data: the renderer and the
 * deck tests read it too.
 */
export const sourceTitles: Readonly<Record<string, string>> = {
  '000_08096f148d9374b5.txt': 'AWS Shared Responsibility Security Model — study notes by Keshav Kummari',
  '001_e80394031ba5a2d4.txt': 'AWS Shared Responsibility Model — AWS training lesson',
  '002_dbfda42c32b847e0.txt': 'AWS Shared Responsibility Model — exam summary: shared controls, root user, security services',
  '003_45311565086c6c73.txt': 'Describe the shared responsibility model in AWS security — interview answer',
  '004_6a77e7640cc3aed5.txt': 'The Shared Responsibility Model — customer duties, best practices and practice test',
};

/** The title to show for a card's source; imported cards keep whatever their file named. */
export function sourceTitleOf(source: string): string {
  return Object.hasOwn(sourceTitles, source) ? (sourceTitles[source] as string) : source;
}

/**
 * Bounds on what one Anki collection may hold, checked while it is read so
 * a crafted file cannot make the reader build strings or lists of any size.
 * Real collections are far below them (a note with a few embedded images is
 * well under a megabyte).
 */
export const ankiCollectionLimits = {
  /** All fields of one note together (`notes.flds`), in characters. */
  maxNoteChars: 4_000_000,
  /** A template's front or back, a note type's or deck's name, a tag list, a guid. */
  maxTemplateChars: 1_000_000,
  maxNameChars: 2_000,
  /** A card's `data` JSON (FSRS memory, custom data). */
  maxCardDataChars: 100_000,
  maxTagChars: 100_000,
  /** `col.models` / `col.decks` JSON (schema 11), and each protobuf config (schema 18). */
  maxConfigBytes: 32 * 1024 * 1024,
  maxNotes: 1_000_000,
  maxCards: 2_000_000,
  maxReviews: 10_000_000,
} as const;

import type { DeckInput } from '../decks/deck-input.js';
import type { CardContent, ReviewKind } from '../domain/types.js';
import { cardOfDemarcNote } from '../exporting/anki-note-types.js';
import { readAnkiCollection, type AnkiCollection } from './anki-collection.js';
import { readAnkiPackage } from './anki-package.js';
import { answerPart, renderTemplate } from './anki-templates.js';
import { scopeCardCss, type ScopedCss } from '../text/card-css.js';
import { isBlankHtml, sanitizeCardHtml } from '../text/html-sanitizer.js';
import { addSkip, emptyParsed, importedDeckId, shortHash, type ImportedReview, type ParsedImport } from './import-model.js';
import { ankiDayZero, ankiGrade, ankiSchedule } from './anki-schedule.js';
import type { ImportOptions, ImportScheduling } from './import-types.js';
import { planMedia } from './media-store.js';

/** Anki's revlog.type: 0 learn, 1 review, 2 relearn, 3 filtered (cram), 4 manual, 5 rescheduled. */
const reviewKinds: Record<number, ReviewKind> = { 0: 'learning', 1: 'review', 2: 'relearning', 3: 'cram', 4: 'manual', 5: 'manual' };
const maxDurationMs = 3_600_000;
/** Review times before this (2006, before Anki existed) are not real timestamps. */
const earliestReview = Date.UTC(2006, 0, 1);

/** Reads an .apkg / .colpkg into decks of cards (one per note and template, or per cloze), media and review history. */
export function parseAnkiImport(
  fileName: string,
  format: 'apkg' | 'colpkg',
  bytes: Uint8Array,
  options: ImportOptions,
  context: { mediaDir: string | null; now: number },
): ParsedImport {
  const parsed = emptyParsed(fileName, format);
  const pkg = readAnkiPackage(fileName, bytes);
  parsed.warnings.push(...pkg.warnings.map((w) => `${fileName}: ${w}`));
  const includeHistory = options.includeHistory !== false;
  const col = readAnkiCollection(fileName, pkg.collectionName, pkg.collection, { includeHistory });

  // Only media a card uses are read and kept: while cards are rendered, each one used gets a placeholder
  // name, replaced by its saved name once the used files are known, read and planned.
  const used = new Map<string, number>();
  const resolveMedia = (name: string): string | null => {
    if (!pkg.mediaNames.has(name)) return null;
    let index = used.get(name);
    if (index === undefined) used.set(name, (index = used.size));
    return mediaPlaceholder(index);
  };

  const decks = new Map<string, DeckInput>();
  // Each note type's CSS, scoped once (text/card-css.ts); its media references get placeholders like the fields'.
  const styles = new Map<bigint, ScopedCss>();
  const cardTarget = new Map<bigint, CardTarget>();
  const keysByDeck = new Map<string, Set<string>>();
  for (const card of col.cards) {
    const note = col.notes.get(card.nid);
    if (!note) {
      addSkip(parsed, 'card without a note', `${fileName}: card ${card.id} belongs to no note; skipped.`);
      continue;
    }
    const noteType = col.noteTypes.get(note.mid);
    if (!noteType) {
      addSkip(parsed, 'note type missing', `${fileName}: note ${note.id} uses note type ${note.mid}, which is missing; skipped.`);
      continue;
    }
    const template = noteType.cloze ? noteType.templates[0] : noteType.templates.find((t) => t.ord === card.ord);
    if (!template) {
      addSkip(parsed, 'card template missing', `${fileName}: card ${card.id} uses template ${card.ord + 1} of "${noteType.name}", which is missing; skipped.`);
      continue;
    }
    const deckTitle = options.deckName ?? col.decks.get(card.did) ?? 'Default';
    const fields = new Map<string, string>();
    noteType.fields.forEach((name, i) => fields.set(name, note.fields[i] ?? ''));
    const ctx = {
      fields,
      cloze: noteType.cloze ? { ord: card.ord + 1 } : undefined,
      tags: note.tags.join(' '),
      noteType: noteType.name,
      deck: deckTitle,
      cardName: template.name,
    };
    // A note of Demarc's own note types (a Demarc export) comes back as the card it was; any other is rendered.
    let content: CardContent | null = noteType.cloze ? null : cardOfDemarcNote(noteType.name, noteType.fields, note.fields, (raw) => sanitizeCardHtml(raw, resolveMedia));
    if (!content) {
      let style = styles.get(noteType.id);
      if (!style) styles.set(noteType.id, (style = scopeCardCss(noteType.css, resolveMedia)));
      const frontHtml = renderTemplate(template.qfmt, { ...ctx, side: 'front' });
      const backHtml = renderTemplate(template.afmt, { ...ctx, side: 'back', frontSide: frontHtml });
      const front = sanitizeCardHtml(frontHtml, resolveMedia, style.classes);
      if (isBlankHtml(front)) {
        addSkip(parsed, 'empty front', `${fileName}: card ${card.id} (${noteType.name}, ${template.name}) has an empty front; skipped.`);
        continue;
      }
      content = { kind: 'basic', front, back: sanitizeCardHtml(answerPart(backHtml), resolveMedia, style.classes), html: true, ...(style.css ? { css: style.css } : {}) };
    }

    const deckId = importedDeckId(deckTitle, 'anki');
    let deck = decks.get(deckId);
    if (!deck) {
      deck = { id: deckId, title: deckTitle, serviceType: 'custom', description: `Imported from ${fileName}.`, origin: 'imported', cards: [] };
      decks.set(deckId, deck);
      keysByDeck.set(deckId, new Set());
    }
    const key = `a-${shortHash(note.guid)}-${card.ord}`;
    const keys = keysByDeck.get(deckId)!;
    if (keys.has(key)) {
      addSkip(parsed, 'duplicate card', `${fileName}: card ${card.id} repeats note ${note.guid}, template ${card.ord + 1}; skipped.`);
      continue;
    }
    keys.add(key);
    deck.cards.push({ key, noteKey: `anki:${note.guid}`, kind: content.kind, content, source: fileName, tags: note.tags });
    cardTarget.set(card.id, { deckId, key });
  }
  parsed.decks = [...decks.values()];
  if (used.size) {
    const { media, names } = planMedia(fileName, context.mediaDir, pkg.readMedia(used.keys()));
    parsed.media = media;
    const saved = [...used.keys()].map((name) => names.get(name) ?? '');
    for (const deck of parsed.decks) {
      for (const card of deck.cards) {
        if (card.content.kind !== 'basic') continue;
        card.content = {
          ...card.content,
          front: withMediaNames(card.content.front, saved),
          back: withMediaNames(card.content.back, saved),
          ...(card.content.css ? { css: withMediaNames(card.content.css, saved) } : {}),
        };
      }
    }
  }
  if (includeHistory) {
    const lastAnswers = collectReviews(parsed, col, cardTarget, context.now);
    collectSchedules(parsed, col, cardTarget, lastAnswers);
  }
  return parsed;
}

interface CardTarget {
  deckId: string;
  key: string;
}

/** A name no package can hold (a private-use character around the index), as it appears raw and URL-encoded. */
const mediaPlaceholder = (index: number) => `\uE001${index}\uE001`;
const placeholderPattern = /\uE001(\d+)\uE001|%EE%80%81(\d+)%EE%80%81/g;

function withMediaNames(html: string, saved: readonly string[]): string {
  if (!html.includes('\uE001') && !html.includes('%EE%80%81')) return html;
  return html.replace(placeholderPattern, (whole, raw: string | undefined, encoded: string | undefined) => {
    const name = saved[Number(raw ?? encoded)];
    if (name === undefined) return whole;
    return raw !== undefined ? name : encodeURIComponent(name);
  });
}

/** Adds the package's answers to the parsed import; returns each card's last answer (ms). */
function collectReviews(parsed: ParsedImport, col: AnkiCollection, cardTarget: Map<bigint, CardTarget>, now: number): Map<bigint, number> {
  let orphans = 0;
  let badTime = 0;
  const lastAnswers = new Map<bigint, number>();
  for (const r of col.revlog) {
    const rating = ankiGrade(r, col.schedulerVersion);
    if (rating === null) continue;
    const target = cardTarget.get(r.cid);
    if (!target) {
      orphans++;
      continue;
    }
    if (!Number.isFinite(r.id) || r.id < earliestReview || r.id > now + 86_400_000) {
      badTime++;
      continue;
    }
    const review: ImportedReview = {
      reviewedAt: r.id,
      rating,
      kind: reviewKinds[r.type] ?? 'review',
      durationMs: Math.min(maxDurationMs, Math.max(0, Math.round(Number.isFinite(r.time) ? r.time : 0))),
    };
    if (review.kind !== 'manual') lastAnswers.set(r.cid, Math.max(lastAnswers.get(r.cid) ?? 0, r.id));
    let byKey = parsed.reviews.get(target.deckId);
    if (!byKey) parsed.reviews.set(target.deckId, (byKey = new Map()));
    let list = byKey.get(target.key);
    if (!list) byKey.set(target.key, (list = []));
    list.push(review);
    parsed.reviewCount++;
  }
  if (orphans) parsed.warnings.push(`${parsed.fileName}: ${orphans} review${orphans === 1 ? '' : 's'} of cards that were not imported left out.`);
  if (badTime) parsed.warnings.push(`${parsed.fileName}: ${badTime} review${badTime === 1 ? '' : 's'} with an impossible date left out.`);
  return lastAnswers;
}

/** Each imported card's state in Anki: due, interval, lapses, suspension, burying, flag and stored FSRS memory. */
function collectSchedules(parsed: ParsedImport, col: AnkiCollection, cardTarget: Map<bigint, CardTarget>, lastAnswers: Map<bigint, number>): void {
  const dayZero = ankiDayZero(col.crt);
  const summary: ImportScheduling = { memoryStates: 0, review: 0, learning: 0, suspended: 0, buried: 0, flagged: 0, desiredRetention: null, schedulerVersion: col.schedulerVersion };
  const retentions = new Map<number, number>();
  let flagsDropped = 0;
  for (const card of col.cards) {
    const target = cardTarget.get(card.id);
    if (!target) continue;
    const { schedule, memory, flagDropped } = ankiSchedule(card, dayZero, lastAnswers.get(card.id) ?? null);
    let byKey = parsed.schedules.get(target.deckId);
    if (!byKey) parsed.schedules.set(target.deckId, (byKey = new Map()));
    byKey.set(target.key, schedule);
    if (schedule.memory) summary.memoryStates++;
    if (schedule.state === 2) summary.review++;
    if (schedule.state === 1 || schedule.state === 3) summary.learning++;
    if (schedule.suspended) summary.suspended++;
    if (schedule.buried) summary.buried++;
    if (schedule.flag) summary.flagged++;
    if (flagDropped) flagsDropped++;
    if (memory?.desiredRetention) retentions.set(memory.desiredRetention, (retentions.get(memory.desiredRetention) ?? 0) + 1);
    const deckRetention = col.deckRetention.get(card.did);
    if (deckRetention && !parsed.deckRetention?.has(target.deckId)) (parsed.deckRetention ??= new Map()).set(target.deckId, deckRetention);
  }
  summary.desiredRetention = [...retentions].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  parsed.scheduling = summary;
  if (flagsDropped) {
    parsed.warnings.push(`${parsed.fileName}: ${flagsDropped} card${flagsDropped === 1 ? '' : 's'} with a pink, turquoise or purple flag arrive${flagsDropped === 1 ? 's' : ''} unflagged (Demarc has red, orange, green and blue).`);
  }
}

import { z } from 'zod';
import { cleanText } from '../core/domain/text-hygiene.js';

/**
 * Text arguments of the API: bounded, and with what is never text removed
 * by the one rule imports use too (core/domain/text-hygiene.ts: NUL and
 * other control characters, bidirectional overrides, half surrogate pairs).
 */
export const textArgument = (max: number) => z.string().max(max).transform(cleanText);

/** A name or title: bounded, cleaned, trimmed, and not empty once cleaned (three NULs are no title). */
export const nameArgument = (max: number) => z.string().max(max * 4).transform(cleanText).pipe(z.string().trim().min(1).max(max));

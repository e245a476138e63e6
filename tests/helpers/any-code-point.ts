import fc from 'fast-check';

/**
 * Any one code point, U+0000 to U+10FFFF, lone surrogate halves included: what
 * fast-check's `unit: 'binary'` draws. That built-in unit builds a table of
 * every code point the first time a process uses it (seconds of CPU); this
 * draws the same values from an integer. Use as `fc.string({ unit: anyCodePoint })`.
 */
export const anyCodePoint: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint));

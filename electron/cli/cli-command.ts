import type { Collection } from '../core/collection.js';

/** One CLI command: its options, what it does, and how its result reads for a person. */
export interface CliCommand<R = unknown> {
  name: string;
  summary: string;
  usage: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** False for commands that must not open (and so create) the collection themselves. */
  needsCollection?: boolean;
  run(ctx: CliContext): R | Promise<R>;
  format(result: R): string;
}

export interface CliContext {
  /** Opens the collection on first use. */
  collection(): Collection;
  dbFile: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  /** Progress for long commands, on stderr, silent with --json. */
  progress(message: string): void;
}

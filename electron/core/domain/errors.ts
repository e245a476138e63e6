/**
 * Typed error codes: every failure that reaches a caller carries one of these,
 * so the renderer and the CLI can react to the kind, not to the wording.
 */
export const ErrorCode = {
  invalidArgument: 'INVALID_ARGUMENT',
  unknownMethod: 'UNKNOWN_METHOD',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalidFile: 'INVALID_FILE',
  fileTooLarge: 'FILE_TOO_LARGE',
  databaseFromFuture: 'DATABASE_FROM_FUTURE',
  databaseCorrupt: 'DATABASE_CORRUPT',
  databaseForeign: 'DATABASE_FOREIGN',
  databaseLocked: 'DATABASE_LOCKED',
  databaseReadOnly: 'DATABASE_READ_ONLY',
  diskFull: 'DISK_FULL',
  notEnoughHistory: 'NOT_ENOUGH_HISTORY',
  cancelled: 'CANCELLED',
  sessionEnded: 'SESSION_ENDED',
  /** The renderer could not reach the back end (web mode's server stopped, say). */
  unreachable: 'BACK_END_UNREACHABLE',
  internal: 'INTERNAL',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DemarcError extends Error {
  readonly code: ErrorCodeValue;
  constructor(code: ErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DemarcError';
    this.code = code;
  }
}

export function isDemarcError(value: unknown): value is DemarcError {
  return value instanceof DemarcError;
}

/**
 * The error contract of every Brain store adapter. Callers match on `.type` (never `instanceof`, which Jest's module
 * realms break); activities map `InvalidRecord` to a non-retryable failure and the others to retryable ones.
 */
export const StoreErrorType = {
  /** A record or filter handed to the store failed validation; retrying the same call cannot help. */
  InvalidRecord: 'StoreInvalidRecord',
  /** A stored row could not be decoded (e.g. a JSON column that is not an object). */
  CorruptRow: 'StoreCorruptRow',
  /** The database was written by a newer version of this code (more migrations than this build knows). */
  SchemaTooNew: 'StoreSchemaTooNew',
  /**
   * The store file does not exist and the caller did not ask to create it: a missing or mistyped path would otherwise
   * start an empty store, in which every tenant looks orphaned.
   */
  Missing: 'StoreMissing',
} as const;
export type StoreErrorTypeName = (typeof StoreErrorType)[keyof typeof StoreErrorType];

/** An error raised by a store adapter; `type` is one of {@link StoreErrorType}, `cause` keeps the original error. */
export class StoreError extends Error {
  readonly type: StoreErrorTypeName;

  constructor(type: StoreErrorTypeName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.type = type;
  }
}

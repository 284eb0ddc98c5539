/**
 * The input itself is wrong (cannot be parsed, violates the schema, refers to nothing): retrying cannot help,
 * so the consumer dead-letters it at once instead of blocking its partition.
 */
export class PermanentEventError extends Error {
  override readonly name = 'PermanentEventError';
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentEventError;
}

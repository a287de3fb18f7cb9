// MongoDB error codes the embedded server emits, named as MongoDB names them so drivers and
// application code that switch on `code`/`codeName` behave identically against both servers.
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  CannotIndexParallelArrays: 171,
  NotImplemented: 238,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  IDLDuplicateField: 40413,
  IDLFailedToParse: 40414,
  IDLUnknownField: 40415,
  Location40573: 40573,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

const codeNames = new Map<number, string>(Object.entries(ErrorCodes).map(([k, v]) => [v, k]));

/** MongoDB's codeName; assertion codes without a name are reported as `Location<code>`. */
export function codeNameOf(code: number): string {
  return codeNames.get(code) ?? `Location${code}`;
}

/** A failure that is reported to the client as `{ ok: 0, code, codeName, errmsg, ...extra }`. */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.extra = extra;
  }

  toResponse(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError(ErrorCodes.BadValue, message);
}

export function failedToParse(message: string): MongoCommandError {
  return new MongoCommandError(ErrorCodes.FailedToParse, message);
}

export const UNSUPPORTED_HINT = 'run a real MongoDB server (a replica set) and point the app at it instead';

/**
 * Errors are values with a stable `code` and a human `message`; `lib/http/errors.ts`
 * is the one place that maps them to HTTP statuses.
 */
export type SessionErrorCode =
  | "session_read_only"
  | "session_conflict"
  | "session_too_large"
  | "store_unavailable"
  | "config_invalid";

export class SessionError extends Error {
  readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SessionError";
    this.code = code;
  }
}

export class ConfigError extends SessionError {
  constructor(variable: string, problem: string) {
    super("config_invalid", `Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

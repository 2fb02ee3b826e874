import { SessionError } from "../session/errors";

/** The one error shape of the HTTP API: `{ "error": { "code", "message" } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const NO_STORE = "private, no-store";

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { "Cache-Control": NO_STORE, ...init.headers },
  });
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return jsonResponse(body, { status, headers });
}

/** Maps any thrown value to the error shape; only the unexpected becomes a 500. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.headers);
  if (error instanceof SessionError) {
    switch (error.code) {
      case "session_too_large":
        return errorResponse(413, error.code, error.message);
      case "session_conflict":
        return errorResponse(409, error.code, error.message, { "Retry-After": "1" });
      case "store_unavailable":
        return errorResponse(503, error.code, error.message, { "Retry-After": "5" });
      default:
        break;
    }
  }
  console.error("[cartsession] unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side.");
}

import { sessionErrorResponse } from "cartsession/next";

/** Every API response: JSON, never cached, never shared. */
export const NO_STORE = "private, no-store";

/** The one error shape of the HTTP API: `{ "error": { "code", "message" } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { "Cache-Control": NO_STORE, ...init.headers } });
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return jsonResponse(body, { status, headers });
}

/** A request the demo's API refuses (4xx), in the API's one error shape. */
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

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError || (error instanceof Error && error.name === "ApiError" && typeof (error as ApiError).status === "number");
}

/**
 * The one error mapping of every route handler: the demo's own refusals, then the engine's
 * by their code (`sessionErrorResponse`: an outage is 503 with Retry-After whichever bundle
 * layer's copy of the engine threw it, and a raw driver error meaning one is too); only the
 * unexpected becomes a 500.
 */
export function toErrorResponse(error: unknown): Response {
  if (isApiError(error)) return errorResponse(error.status, error.code, error.message, error.headers);
  const engine = sessionErrorResponse(error);
  if (engine) return engine;
  console.error("[cartsession demo] unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side.");
}

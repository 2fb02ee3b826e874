import { sessionErrorResponse, errorResponse, jsonResponse, NO_STORE, type ApiErrorBody } from "cartsession/next";

export { errorResponse, jsonResponse, NO_STORE, type ApiErrorBody };

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

/** Maps any thrown value to the error shape: the demo's own refusals, then the engine's; only the unexpected becomes a 500. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.headers);
  const engine = sessionErrorResponse(error);
  if (engine) return engine;
  console.error("[cartsession demo] unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side.");
}

import { timingSafeEqual, createHash } from "node:crypto";
import { errorStatus, isSessionError } from "../errors.js";

/** Every engine response: JSON, never cached, never shared. */
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

/**
 * The response an engine error deserves: 4xx for the caller's fault, 503 with Retry-After
 * for an outage (a raw driver error that means one included), and null for anything else
 * (the app decides). Decided by the error's `code`, not its class: a `SessionError` thrown
 * by another bundle layer's copy of the engine maps the same way.
 */
export function sessionErrorResponse(error: unknown): Response | null {
  if (!isSessionError(error)) return null;
  const status = errorStatus(error.code);
  if (status === 500) return null;
  const retry = error.retryAfter ?? (status === 503 ? 5 : status === 409 ? 1 : undefined);
  const headers: Record<string, string> = retry !== undefined ? { "Retry-After": String(Math.max(1, Math.ceil(retry))) } : {};
  return errorResponse(status, error.code, error.message, headers);
}

/**
 * Whether an `Authorization: Bearer <token>` header carries `secret`. Both sides are hashed
 * first, so the constant-time comparison never leaks the secret's length either, and a
 * malformed header is compared too, so every refusal takes the same time.
 */
export function hasBearerSecret(authorization: string | null, secret: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  const presented = match?.[1] ?? "";
  const equal = timingSafeEqual(createHash("sha256").update(presented, "utf8").digest(), createHash("sha256").update(secret, "utf8").digest());
  return equal && match !== null;
}

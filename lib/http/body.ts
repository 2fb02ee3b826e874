import { ApiError } from "./errors";

/**
 * The one body guard of every route handler that reads a body (SECURITY.md, "Oversized or
 * trickled bodies"). Pages and Server Actions get theirs from proxy.ts (a declared length,
 * never a chunked body); route handlers are not behind the proxy, so they read through here.
 *
 * The limit and the deadline are enforced while reading, chunk by chunk, before anything
 * is kept: past `maxBytes` the read stops and answers 413, past `deadlineMs` (the whole
 * body, not per chunk: a trickle of one byte a second never resets it) 408. Either way the
 * stream is cancelled; what the client still sends is discarded, never kept, and the
 * connection is closed shortly after the answer (lib/http/server-hooks.ts: a lingering
 * close, so the client reads the answer before the connection goes).
 */
export const BODY_READ_DEADLINE_MS = 10_000;

export function bodyTooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", `The request body is over the ${maxBytes}-byte limit.`);
}

export function bodyTooSlow(deadlineMs: number): ApiError {
  return new ApiError(408, "request_timeout", `The request body did not arrive within ${Math.round(deadlineMs / 1000)} seconds.`);
}

export interface BodyLimits {
  maxBytes: number;
  deadlineMs?: number;
}

/** The body's bytes, at most `maxBytes` of them, within `deadlineMs`; an `ApiError` (413 / 408) otherwise. */
export async function readBody(request: Request, { maxBytes, deadlineMs = BODY_READ_DEADLINE_MS }: BodyLimits): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), deadlineMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "expired") throw bodyTooSlow(deadlineMs);
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) throw bodyTooLarge(maxBytes);
      chunks.push(next.value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

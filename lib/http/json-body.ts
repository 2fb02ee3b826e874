import { readBody, BODY_READ_DEADLINE_MS, bodyTooLarge } from "./body";
import { ApiError } from "./errors";

/** The API's body limit (docs/demo.md, "The HTTP cart API"): a bigger body is refused with 413 before it is parsed. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface JsonBodyOptions {
  maxBytes?: number;
  deadlineMs?: number;
  /** An empty body (or none) reads as `{}` instead of a 415 (e.g. the logout API, whose body is optional). */
  optional?: boolean;
}

/**
 * The request's JSON body, read through the one body guard (lib/http/body.ts), or an
 * `ApiError`: 413 over `maxBytes` (checked on Content-Length and on the bytes actually
 * read), 408 past the read deadline, 415 when it is not sent as JSON, 400 when it does not parse.
 */
export async function readJsonBody(request: Request, options: JsonBodyOptions | number = {}): Promise<unknown> {
  const { maxBytes = MAX_JSON_BODY_BYTES, deadlineMs = BODY_READ_DEADLINE_MS, optional = false } = typeof options === "number" ? { maxBytes: options } : options;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw bodyTooLarge(maxBytes);
  const isJson = JSON_TYPE.test(request.headers.get("content-type") ?? "");
  if (!isJson && !optional) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON, with the header Content-Type: application/json.");
  }
  // Read (bounded) even when it is not JSON, so an optional body is never read unbounded.
  const bytes = await readBody(request, { maxBytes, deadlineMs });
  if (optional && (bytes.byteLength === 0 || !isJson)) return {};
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

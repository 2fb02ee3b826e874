/**
 * Idempotent writes: a request that carries an `Idempotency-Key` is applied at most once per
 * session, and a retry of it (after a 503, a timeout, a cut connection, a double submit)
 * gets the original outcome back instead of applying it again.
 *
 * The key is recorded in the session's own data, in a reserved slot that apps never read
 * (`IDEMPOTENCY_SLOT`), by the SAME compare-and-swap as the changes it guards: either both
 * are stored or neither is, on every store, with no new store method. The record holds the
 * key's hash, a fingerprint of the request (method, path, body), the time, and the response
 * (status, headers except Set-Cookie, body up to `RESPONSE_BODY_LIMIT`) when it fits. Keys
 * live `IDEMPOTENCY_WINDOW_SECONDS` (24 h); a session keeps the newest `MAX_KEYS_PER_SESSION`
 * (32). The slot is part of the session's data, so a GDPR export includes it.
 */
import { createHash, randomUUID } from "node:crypto";
import { SessionError } from "./errors.js";

/** The request header that names a write for idempotency (the IETF draft's and Stripe's spelling). */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** The response header on an answer that was replayed, not computed again. */
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";
/** The form field a Server Action's idempotency key travels in (`newIdempotencyKey()` renders one). */
export const IDEMPOTENCY_FIELD = "cartsession-idempotency-key";
/** How long a key is remembered, seconds (24 h). */
export const IDEMPOTENCY_WINDOW_SECONDS = 86_400;
/** Keys remembered per session; the oldest is dropped beyond it. */
export const MAX_KEYS_PER_SESSION = 32;
/** The reserved session data key the records live under; apps never see it. */
export const IDEMPOTENCY_SLOT = "cartsession:idempotency";
/** Largest request body fingerprinted (bytes); a larger body with a key answers 400. */
export const REQUEST_BODY_LIMIT = 1_048_576;
/** Largest response body recorded for a replay (bytes). */
export const RESPONSE_BODY_LIMIT = 8_192;
/** All recorded response bodies of one session together (bytes); older ones are dropped first. */
const RESPONSE_BODIES_BUDGET = 24_576;
const HEADERS_LIMIT = 2_048;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The recorded response: status, headers (not Set-Cookie), body as text or base64. */
export interface RecordedResponse {
  s: number;
  h: Array<[string, string]>;
  b: string;
  /** The body is base64 (not UTF-8 text). */
  b64?: true;
}

/** One remembered key. */
export interface KeyRecord {
  /** SHA-256 of the key (base64url, 22 characters). */
  k: string;
  /** SHA-256 of method, path and body (base64url, 22 characters). */
  f: string;
  /** Unix seconds of the request. */
  at: number;
  /** The response, when it was recorded (absent: a replay runs the handler with its changes discarded). */
  r?: RecordedResponse;
}

/** What a request claims: its key and fingerprint (hashes), and when. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  at: number;
  /** The request's body as read for the fingerprint (never stored): a replay that runs the handler again reads it from a copy. */
  body?: Uint8Array;
}

/** `request` again, with the body the claim read: for a handler that runs a second time. */
export function requestAgain(request: Request, claim: IdempotencyClaim): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body: claim.body && claim.body.byteLength > 0 ? (claim.body as Uint8Array<ArrayBuffer>) : null, signal: request.signal });
}

/**
 * Thrown out of a save whose compare-and-swap found, on the fresh row, that another request
 * with the same key was applied meanwhile (two instances got the same retry at once): this
 * request must change nothing and answer with that one's outcome.
 */
export class IdempotencyHit extends Error {
  constructor(readonly record: KeyRecord) {
    super("This Idempotency-Key was applied by a concurrent request.");
    this.name = "IdempotencyHit";
  }
}

/** A fresh key for a form (a hidden `IDEMPOTENCY_FIELD` input) or a headless client's write. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

const hash = (...parts: Array<string | Uint8Array>): string => {
  const h = createHash("sha256");
  for (const part of parts) h.update(part);
  return h.digest("base64url").slice(0, 22);
};

function checkKey(raw: string): string {
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new SessionError("invalid_idempotency_key", "The Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is a good choice).");
  }
  return key;
}

/** Reads at most `limit` bytes of `stream`; null when it holds more (the rest is cancelled). */
async function readBounded(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a tee (a clone) settles only once the other
      // branch, the one the handler or the client reads, is done too.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * The claim of a Route Handler request: null unless it is a write (POST, PUT, PATCH,
 * DELETE) with an `Idempotency-Key`. The body is read from a clone, at most
 * `REQUEST_BODY_LIMIT` bytes, so the handler still reads the original.
 */
export async function requestClaim(request: Request, now: number): Promise<IdempotencyClaim | null> {
  const raw = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (raw === null || !WRITE_METHODS.has(request.method.toUpperCase())) return null;
  const key = checkKey(raw);
  const body = await readBounded(request.clone().body, REQUEST_BODY_LIMIT);
  if (body === null) {
    throw new SessionError("invalid_idempotency_key", `A request with an Idempotency-Key may carry at most ${REQUEST_BODY_LIMIT} bytes of body.`);
  }
  const url = new URL(request.url);
  return { key: hash(key), fingerprint: hash(request.method.toUpperCase(), "\n", url.pathname, url.search, "\n", body), at: now, body };
}

/**
 * The claim of a Server Action: the key (e.g. the form's `IDEMPOTENCY_FIELD`) and a
 * fingerprint of what the action does (by default of the form's other fields).
 */
export function actionClaim(input: { idempotencyKey: string; fingerprint?: string } | { form: FormData }, now: number): IdempotencyClaim | null {
  if ("form" in input) {
    const raw = input.form.get(IDEMPOTENCY_FIELD);
    if (typeof raw !== "string" || raw === "") return null;
    const fields = [...input.form.entries()]
      .filter(([name]) => name !== IDEMPOTENCY_FIELD && !name.startsWith("$ACTION"))
      .map(([name, value]) => `${name}=${typeof value === "string" ? value : `file:${value.name}:${value.size}`}`)
      .sort();
    return { key: hash(checkKey(raw)), fingerprint: hash("action\n", fields.join("\n")), at: now };
  }
  return { key: hash(checkKey(input.idempotencyKey)), fingerprint: hash("action\n", input.fingerprint ?? ""), at: now };
}

/** The records in a slot value (anything malformed reads as none). */
export function keyRecords(slot: unknown): KeyRecord[] {
  if (!Array.isArray(slot)) return [];
  return slot.filter((r): r is KeyRecord => typeof r === "object" && r !== null && typeof (r as KeyRecord).k === "string" && typeof (r as KeyRecord).f === "string" && typeof (r as KeyRecord).at === "number");
}

/** The live record of `key` in a slot value, if any. */
export function findRecord(slot: unknown, key: string, now: number): KeyRecord | undefined {
  return keyRecords(slot).find((r) => r.k === key && r.at + IDEMPOTENCY_WINDOW_SECONDS > now);
}

/**
 * The slot with `claim` added: expired records dropped, the newest `MAX_KEYS_PER_SESSION`
 * kept. Runs again on the fresh row when the save conflicts; finding the key there means a
 * concurrent request with it was applied, so it throws `IdempotencyHit`.
 */
export function withClaim(slot: unknown, claim: IdempotencyClaim): KeyRecord[] {
  const existing = findRecord(slot, claim.key, claim.at);
  if (existing) throw new IdempotencyHit(existing);
  const live = keyRecords(slot).filter((r) => r.at + IDEMPOTENCY_WINDOW_SECONDS > claim.at && r.k !== claim.key);
  return [...live, { k: claim.key, f: claim.fingerprint, at: claim.at }].slice(-MAX_KEYS_PER_SESSION);
}

/** The slot with `response` recorded on `key` (older bodies dropped to stay within the budget). */
export function withResponse(slot: unknown, key: string, response: RecordedResponse | undefined): KeyRecord[] | undefined {
  const records = keyRecords(slot).map((r) => ({ ...r }));
  const record = records.find((r) => r.k === key);
  if (!record || !response) return records.length > 0 ? records : undefined;
  record.r = response;
  let total = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as KeyRecord;
    if (!r.r) continue;
    total += r.r.b.length;
    if (total > RESPONSE_BODIES_BUDGET && r !== record) delete r.r;
  }
  return records;
}

/** What of `response` is recorded for a replay; undefined when it is too large (a replay then runs again, discarding changes). */
export async function recordable(response: Response): Promise<RecordedResponse | undefined> {
  if (response.bodyUsed) return undefined;
  const headers: Array<[string, string]> = [];
  let headerBytes = 0;
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") continue;
    headerBytes += name.length + value.length;
    if (headerBytes > HEADERS_LIMIT) return undefined;
    headers.push([name, value]);
  }
  const body = await readBounded(response.clone().body, RESPONSE_BODY_LIMIT);
  if (body === null) return undefined;
  const type = response.headers.get("content-type") ?? "";
  const textual = /^(text\/|application\/(?:[\w.+-]*\+)?json\b)/i.test(type);
  if (textual) {
    try {
      return { s: response.status, h: headers, b: new TextDecoder("utf-8", { fatal: true }).decode(body) };
    } catch {
      // Not valid UTF-8 after all: keep the bytes.
    }
  }
  return { s: response.status, h: headers, b: Buffer.from(body).toString("base64"), b64: true };
}

/** The recorded response, rebuilt, marked as replayed. */
export function replayedResponse(recorded: RecordedResponse): Response {
  const headers = new Headers(recorded.h);
  headers.set(IDEMPOTENT_REPLAYED_HEADER, "true");
  const body = recorded.b64 ? Buffer.from(recorded.b, "base64") : recorded.b;
  const empty = recorded.s === 204 || recorded.s === 304 || (recorded.s >= 100 && recorded.s < 200);
  return new Response(empty ? null : body, { status: recorded.s, headers });
}

/** `response` with `Idempotent-Replayed: true` (copied when its headers are immutable). */
export function markReplayed(response: Response): Response {
  try {
    response.headers.set(IDEMPOTENT_REPLAYED_HEADER, "true");
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(IDEMPOTENT_REPLAYED_HEADER, "true");
    return copy;
  }
}

/** The error a reused key with a different request answers (422). */
export function keyReused(): SessionError {
  return new SessionError("idempotency_key_reused", "This Idempotency-Key was already used for a different request (method, path or body); use a new key for a new request.");
}

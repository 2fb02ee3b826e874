/**
 * How a Route Handler request or a Server Action with an idempotency claim runs
 * (framework-free; `cartsession/next` wires it into `route()` and `withSession()`).
 *
 * - The key is live in the session and the fingerprint matches: the recorded response is
 *   answered (`Idempotent-Replayed: true`), or, when none was recorded, the handler runs
 *   with its changes discarded, so it answers from the session as it stands and changes
 *   nothing. A different fingerprint: 422 `idempotency_key_reused`.
 * - Otherwise the claim joins the session's pending changes, so the save that stores the
 *   handler's changes stores the key in the same compare-and-swap. The response is added to
 *   that write when the handler has not saved yet; when it saved early (to show what was
 *   saved), a follow-up write records the response, and if that write fails the answer
 *   stands (a replay then runs the handler with its changes discarded).
 * - A save that finds the key on the fresh row (a concurrent duplicate won) stores nothing,
 *   and the request answers like a replay of the winner.
 */
import { IdempotencyHit, keyReused, markReplayed, recordable, replayedResponse, type IdempotencyClaim, type KeyRecord } from "./idempotency.js";
import type { Session, SessionData, StoredSession } from "./session.js";

export interface OpenedRequest<T extends SessionData> {
  session: Session<T>;
  /** Saves what is pending and returns `response` with the cookies the visitor needs. */
  respond(response: Response): Promise<Response>;
}

const stored = <T extends SessionData>(session: Session<T>) => session as unknown as StoredSession<T>;

async function replay<T extends SessionData>(record: KeyRecord, claim: IdempotencyClaim, open: OpenedRequest<T>, run: (session: Session<T>) => Promise<Response>): Promise<Response> {
  if (record.f !== claim.fingerprint) throw keyReused();
  const session = stored(open.session);
  if (record.r) return open.respond(replayedResponse(record.r));
  session.discardChanges();
  return open.respond(markReplayed(await run(open.session)));
}

export async function idempotentRoute<T extends SessionData>(
  claim: IdempotencyClaim,
  open: OpenedRequest<T>,
  run: (session: Session<T>) => Promise<Response>,
  reopen: () => Promise<OpenedRequest<T>>,
): Promise<Response> {
  const session = stored(open.session);
  const existing = session.idempotencyRecord(claim.key, claim.at);
  if (existing) return replay(existing, claim, open, run);
  session.claimIdempotencyKey(claim);
  let response: Response | undefined;
  try {
    response = await run(open.session);
    const recorded = await recordable(response);
    session.recordResponse(recorded);
    if (session.claimWritten && session.isDirty()) {
      try {
        await session.save();
      } catch (error) {
        if (error instanceof IdempotencyHit) throw error;
        // The handler's changes and the key are stored; only the recorded response is not.
        session.dropUnsaved();
      }
    }
    return await open.respond(response);
  } catch (error) {
    if (!(error instanceof IdempotencyHit)) throw error;
    await response?.body?.cancel().catch(() => {});
    return replay(error.record, claim, await reopen(), run);
  }
}

export async function idempotentAction<R, T extends SessionData>(
  claim: IdempotencyClaim,
  open: { session: Session<T>; commit(): Promise<unknown> },
  run: (session: Session<T>) => R | Promise<R>,
  reopen: () => Promise<{ session: Session<T>; commit(): Promise<unknown> }>,
): Promise<R> {
  const again = async (record: KeyRecord, target: { session: Session<T>; commit(): Promise<unknown> }): Promise<R> => {
    if (record.f !== claim.fingerprint) throw keyReused();
    stored(target.session).discardChanges();
    const result = await run(target.session);
    await target.commit();
    return result;
  };
  const session = stored(open.session);
  const existing = session.idempotencyRecord(claim.key, claim.at);
  if (existing) return again(existing, open);
  session.claimIdempotencyKey(claim);
  try {
    const result = await run(open.session);
    await open.commit();
    return result;
  } catch (error) {
    if (!(error instanceof IdempotencyHit)) throw error;
    return again(error.record, await reopen());
  }
}

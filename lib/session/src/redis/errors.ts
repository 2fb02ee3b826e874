import { ErrorReply } from "redis";
import { isSessionError, outcomeUnknown, storeUnavailable } from "../errors.js";

/** A call got no answer within its deadline (the connection may still be up, Redis slow or stopped). */
export class RedisTimeoutError extends Error {
  readonly code = "REDIS_TIMEOUT";
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms (timeout)`);
    this.name = "RedisTimeoutError";
  }
}

/** Redis answered something that is not what the command returns: the server is not Redis, or the stream is corrupt. */
export class RedisReplyError extends Error {
  readonly code = "REDIS_BAD_REPLY";
  constructor(what: string, reply: unknown) {
    super(`unexpected reply from Redis for ${what}: ${describe(reply)}`);
    this.name = "RedisReplyError";
  }
}

function describe(reply: unknown): string {
  const text = typeof reply === "string" ? JSON.stringify(reply) : Array.isArray(reply) ? `an array of ${reply.length}` : String(reply);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Error replies that mean "not now" (a server loading its data, a replica promoted or
 * demoted, out of memory, refused credentials), as opposed to a command Redis rejects.
 */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|MISCONF|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|NOAUTH|WRONGPASS|NOPERM|OOM)\b|max number of clients/;

/**
 * What a failed Redis call means to the engine. node-redis reports a lost or refused
 * connection, an offline or closed client, a timeout and a garbled stream in its own classes
 * and wordings (a command timeout has no message at all), so the Redis store classifies
 * its own driver: every such failure is an outage
 * (`store_unavailable`, 503 with Retry-After), except a write that may still run
 * (`outcome_unknown`, see `RedisConnection.run`); an error reply to a command is a bug unless
 * it is one of the "not now" replies above.
 */
export function redisFailure(error: unknown, mayHaveApplied = false): unknown {
  if (isSessionError(error)) return error;
  if (error instanceof ErrorReply && !UNAVAILABLE_REPLY.test(error.message)) return error;
  // A write whose command was written and never answered (a deadline, a dropped connection):
  // Redis may still run it. Never "nothing changed".
  return mayHaveApplied ? outcomeUnknown(error) : storeUnavailable(error);
}

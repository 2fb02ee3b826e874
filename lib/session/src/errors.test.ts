import { describe, expect, it } from "vitest";
import { isSessionError, isStoreUnavailable, OptionsError, SessionError } from "./errors.js";
import { sessionErrorResponse } from "./next/http.js";

/**
 * Issue 27, item 4: Next.js loads the engine once per bundle layer, so a `SessionError`
 * thrown by one copy fails `instanceof` in another. These stand in for such an error: the
 * same shape, made by another class.
 */
class ForeignSessionError extends Error {
  readonly code: string;
  readonly retryAfter: number | undefined;
  constructor(code: string, message: string, retryAfter?: number) {
    super(message);
    this.name = "SessionError";
    this.code = code;
    this.retryAfter = retryAfter;
    Object.defineProperty(this, Symbol.for("cartsession.SessionError"), { value: true });
  }
}

describe("engine errors are recognised by code, not by class", () => {
  it("recognises this copy's errors, another copy's, and nothing else", () => {
    expect(isSessionError(new SessionError("store_unavailable", "down"))).toBe(true);
    expect(isSessionError(new OptionsError("SESSION_SECRET", "is bad"))).toBe(true);
    expect(isSessionError(new ForeignSessionError("store_unavailable", "down"))).toBe(true);
    // The name alone (a copy that predates the brand) with a known code counts too.
    expect(isSessionError(Object.assign(new Error("down"), { name: "SessionError", code: "rate_limited" }))).toBe(true);
    expect(isSessionError(Object.assign(new Error("x"), { name: "SessionError", code: "made_up" }))).toBe(false);
    expect(isSessionError(Object.assign(new Error("x"), { code: "store_unavailable" }))).toBe(false);
    expect(isSessionError({ code: "store_unavailable" })).toBe(false);
    expect(isSessionError(null)).toBe(false);
  });

  it("maps another copy's outage to 503 + Retry-After and its rate limit to 429, in the error shape", async () => {
    const outage = sessionErrorResponse(new ForeignSessionError("store_unavailable", "The session store is unavailable."));
    expect(outage?.status).toBe(503);
    expect(outage?.headers.get("Retry-After")).toBe("5");
    expect(await outage?.json()).toEqual({ error: { code: "store_unavailable", message: "The session store is unavailable." } });
    const limited = sessionErrorResponse(new ForeignSessionError("rate_limited", "Too many.", 42));
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get("Retry-After")).toBe("42");
    expect(isStoreUnavailable(new ForeignSessionError("store_unavailable", "down"))).toBe(true);
    expect(isStoreUnavailable(new ForeignSessionError("rate_limited", "x"))).toBe(false);
  });

  it("decides by the code alone: a raw driver error is the store's to classify (each store reports its outages itself), so it is left to the app", () => {
    expect(sessionErrorResponse(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBeNull();
    expect(sessionErrorResponse(new TypeError("undefined is not a function"))).toBeNull();
    expect(sessionErrorResponse("a string")).toBeNull();
  });
});

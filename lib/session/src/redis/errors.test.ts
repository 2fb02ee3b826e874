import { ClientClosedError, ClientOfflineError, ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from "redis";
import { describe, expect, it } from "vitest";
import { redisFailure } from "./errors.js";

describe("node-redis errors", () => {
  it("counts the client's connection errors as outages (their messages name no connection, a timeout has none)", () => {
    for (const error of [new TimeoutError(), new ClientOfflineError(), new ClientClosedError(), new ConnectionTimeoutError(), new SocketClosedUnexpectedlyError(), new Error('Unknown RESP type 72 "H"')]) {
      expect(redisFailure(error), error.constructor.name).toMatchObject({ code: "store_unavailable" });
    }
    const reply = new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(redisFailure(reply)).toBe(reply);
  });
});

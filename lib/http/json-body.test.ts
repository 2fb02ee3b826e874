import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "./json-body";

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }): Request {
  return new Request("http://localhost/api/cart/items", { method: "POST", body, headers });
}

/** A body whose Content-Length is not known up front (a chunked upload). */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.slice(i, i + 1024));
      controller.close();
    },
  });
}

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("readJsonBody", () => {
  it("parses a JSON body, with or without a charset", async () => {
    expect(await readJsonBody(post('{"productId":"linen-apron","quantity":2}'))).toEqual({ productId: "linen-apron", quantity: 2 });
    expect(await readJsonBody(post('{"a":1}', { "content-type": "application/json; charset=utf-8" }))).toEqual({ a: 1 });
  });

  it.each([["truncated", '{"productId":'], ["empty", ""], ["not JSON", "productId=linen-apron"]])(
    "refuses a %s body with 400 invalid_json",
    async (_name, body) => {
      const error = await errorOf(readJsonBody(post(body)));
      expect([error.status, error.code]).toEqual([400, "invalid_json"]);
    },
  );

  it("refuses a body that is not sent as JSON with 415", async () => {
    const error = await errorOf(readJsonBody(post('{"a":1}', { "content-type": "text/plain" })));
    expect([error.status, error.code]).toEqual([415, "unsupported_media_type"]);
  });

  it("refuses a body over 16 KiB by its Content-Length before reading it", async () => {
    const request = post("{}", { "content-type": "application/json", "content-length": String(MAX_JSON_BODY_BYTES + 1) });
    const error = await errorOf(readJsonBody(request));
    expect([error.status, error.code]).toEqual([413, "payload_too_large"]);
  });

  it("refuses a body over 16 KiB that did not declare its length", async () => {
    const big = JSON.stringify({ productId: "linen-apron", quantity: 1, pad: "x".repeat(MAX_JSON_BODY_BYTES) });
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: streamed(big),
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    const error = await errorOf(readJsonBody(request));
    expect([error.status, error.code]).toEqual([413, "payload_too_large"]);
  });

  it("accepts a body of exactly 16 KiB", async () => {
    const body = JSON.stringify({ pad: "" });
    const exact = JSON.stringify({ pad: "x".repeat(MAX_JSON_BODY_BYTES - body.length) });
    expect(exact.length).toBe(MAX_JSON_BODY_BYTES);
    expect(await readJsonBody(post(exact))).toHaveProperty("pad");
  });
});

/** A body that never ends: a chunk now and then, like a trickle, counting what was pulled. */
function trickling(chunkBytes: number, everyMs: number): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, everyMs));
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

const streamedRequest = (body: ReadableStream<Uint8Array>, contentType = "application/json") =>
  new Request("http://localhost/x", { method: "POST", body, headers: { "content-type": contentType }, duplex: "half" } as RequestInit);

describe("the body guard (issue 27, item 1)", () => {
  it("stops an endless body at the limit and cancels it (413)", async () => {
    const body = trickling(4096, 0);
    const error = await errorOf(readJsonBody(streamedRequest(body.stream)));
    expect([error.status, error.code]).toEqual([413, "payload_too_large"]);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES + 2 * 4096);
    expect(body.cancelled()).toBe(true);
  });

  it("answers a trickle that stays under the limit 408 at the read deadline, whatever its pace", async () => {
    const body = trickling(1, 20);
    const started = Date.now();
    const error = await errorOf(readJsonBody(streamedRequest(body.stream), { deadlineMs: 300 }));
    expect([error.status, error.code]).toEqual([408, "request_timeout"]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(body.cancelled()).toBe(true);
  });

  it("reads an optional body (the logout API's) through the same guard: empty or not JSON is {}, too big is 413", async () => {
    expect(await readJsonBody(post(null, {}), { optional: true })).toEqual({});
    expect(await readJsonBody(post('{"everywhere":true}'), { optional: true })).toEqual({ everywhere: true });
    expect(await readJsonBody(post("everywhere", { "content-type": "text/plain" }), { optional: true })).toEqual({});
    const endless = trickling(4096, 0);
    const error = await errorOf(readJsonBody(streamedRequest(endless.stream, "text/plain"), { optional: true }));
    expect(error.status).toBe(413);
  });
});

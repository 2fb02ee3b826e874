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

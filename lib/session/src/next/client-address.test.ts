import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { optionsFromEnv } from "../env.js";
import { captureSocketAddresses, clientAddressReader, parseTrustedProxy, resolveTrustedProxy, UNVERIFIED_ADDRESS } from "./client-address.js";

const SECRET = "client-address-test-secret-0123456789";
const h = (init: Record<string, string>) => new Headers(init);

/** Issue 27, item 3, as an attacker would try it: every spoofed header must land in a bucket the attacker does not choose. */
describe("the client address", () => {
  it("without a declared proxy believes no header: every spoofed X-Forwarded-For shares one bucket, with one warning naming the setting", () => {
    const warn = vi.fn();
    const read = clientAddressReader(undefined, warn);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      seen.add(read(h({ "x-forwarded-for": `203.0.113.${i % 250}, 10.0.${i}.1`, "x-real-ip": `198.51.100.${i % 250}`, "cf-connecting-ip": `192.0.2.${i % 250}` })));
    }
    expect([...seen]).toEqual([UNVERIFIED_ADDRESS]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/SESSION_TRUSTED_PROXY/);
  });

  it("behind N proxies reads the hop the outermost trusted proxy appended; what the client prepended never counts", () => {
    const one = clientAddressReader(1);
    // nginx appends the peer it saw: the attacker's own prefix is ignored.
    expect(one(h({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(one(h({ "x-forwarded-for": "9.9.9.9, 203.0.113.7" }))).toBe("203.0.113.7");
    const two = clientAddressReader(2);
    expect(two(h({ "x-forwarded-for": "1.1.1.1, 203.0.113.7, 10.0.0.2" }))).toBe("203.0.113.7");
    // Fewer hops than proxies: the request did not come through them.
    expect(two(h({ "x-forwarded-for": "203.0.113.7" }))).toBe(UNVERIFIED_ADDRESS);
    expect(one(h({}))).toBe(UNVERIFIED_ADDRESS);
    expect(one(h({ "x-real-ip": "5.5.5.5" }))).toBe(UNVERIFIED_ADDRESS);
  });

  it("on Vercel (detected from VERCEL=1) reads Vercel's own header; on Cloudflare CF-Connecting-IP only", () => {
    expect(resolveTrustedProxy(undefined, { VERCEL: "1" })).toBe("vercel");
    expect(resolveTrustedProxy(undefined, {})).toBeUndefined();
    expect(resolveTrustedProxy(2, { VERCEL: "1" })).toBe(2);
    const vercel = clientAddressReader("vercel");
    expect(vercel(h({ "x-vercel-forwarded-for": "203.0.113.9", "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    const cloudflare = clientAddressReader("cloudflare");
    expect(cloudflare(h({ "cf-connecting-ip": "203.0.113.10", "x-forwarded-for": "6.6.6.6" }))).toBe("203.0.113.10");
    expect(cloudflare(h({ "x-forwarded-for": "6.6.6.6" }))).toBe(UNVERIFIED_ADDRESS);
  });

  it("direct: the socket's address, stamped by the server hook; a client-sent stamp is overwritten or refused", async () => {
    captureSocketAddresses();
    const read = clientAddressReader("direct");
    // Without the hook's per-process token, a made-up stamp is worth nothing.
    expect(read(h({ "x-cartsession-peer": "0000 203.0.113.1" }))).toBe(UNVERIFIED_ADDRESS);
    const server = http.createServer((request, response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      response.end(read(headers));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "203.0.113.66", "x-cartsession-peer": "forged 203.0.113.66" } });
      expect(await answer.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      server.close();
    }
  });

  it("is read from SESSION_TRUSTED_PROXY by optionsFromEnv, which refuses anything else", () => {
    expect(optionsFromEnv({ SESSION_SECRET: SECRET, SESSION_TRUSTED_PROXY: "1" }).trustedProxy).toBe(1);
    expect(optionsFromEnv({ SESSION_SECRET: SECRET, SESSION_TRUSTED_PROXY: "Cloudflare" }).trustedProxy).toBe("cloudflare");
    expect(optionsFromEnv({ SESSION_SECRET: SECRET, VERCEL: "1" }).trustedProxy).toBe("vercel");
    expect(optionsFromEnv({ SESSION_SECRET: SECRET }).trustedProxy).toBeUndefined();
    expect(() => optionsFromEnv({ SESSION_SECRET: SECRET, SESSION_TRUSTED_PROXY: "yes" })).toThrow(/SESSION_TRUSTED_PROXY must be/);
    expect(() => optionsFromEnv({ SESSION_SECRET: SECRET, SESSION_TRUSTED_PROXY: "0" })).toThrow(/SESSION_TRUSTED_PROXY must be a number of proxy hops from 1/);
    expect(parseTrustedProxy(undefined)).toBeUndefined();
  });
});

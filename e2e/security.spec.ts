import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const COOKIE_NAME = `session_${createHash("md5").update(`http://localhost:${PORT}`).digest("hex")}`;

function setCookies(headers: { name: string; value: string }[]): string[] {
  return headers.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
}

test("pages carry security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("a forged x-middleware-subrequest header does not skip proxy.ts", async ({ request }) => {
  // CVE-2025-29927 style: claiming to be an internal subrequest must not bypass the proxy.
  const forged = "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware";
  const response = await request.get("/cart", { headers: { "x-middleware-subrequest": forged } });
  expect(response.status()).toBe(200);
  expect(setCookies(response.headersArray()).some((c) => c.startsWith(`${COOKIE_NAME}=`))).toBe(true);
});

test("internal Next.js headers sent by a client select no session", async ({ playwright }) => {
  // A victim's session, established normally.
  const victim = await playwright.request.newContext({ baseURL: `http://localhost:${PORT}` });
  await victim.get("/cart");
  const victimId = (await (await victim.get("/api/session")).json()).customerId as string;
  const victimCookie = (await victim.storageState()).cookies.find((c) => c.name === COOKIE_NAME)!.value;

  // An attacker without the cookie tries to smuggle it in through proxy-internal headers.
  const attacker = await playwright.request.newContext({ baseURL: `http://localhost:${PORT}` });
  const response = await attacker.get("/api/session", {
    headers: {
      "x-middleware-override-headers": "cookie",
      "x-middleware-request-cookie": `${COOKIE_NAME}=${victimCookie}`,
      "x-middleware-subrequest": "proxy",
    },
  });
  expect(response.status()).toBe(200);
  expect((await response.json()).customerId).not.toBe(victimId);
  await victim.dispose();
  await attacker.dispose();
});

test("a form post from another site is refused with a 403 before any Server Action runs", async ({ request }) => {
  // What a cross-site <form method="post"> sends: another Origin (and, from a browser, Sec-Fetch-Site: cross-site).
  for (const headers of [{ origin: "https://attacker.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
    const response = await request.post("/cart", { headers, multipart: { productId: "linen-apron" }, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
  }
  // The shop's own origin passes the check; Next.js then refuses a form with no action itself (4xx).
  const own = await request.post("/cart", { headers: { origin: `http://localhost:${PORT}` }, multipart: { productId: "linen-apron" }, maxRedirects: 0 });
  expect(own.status()).not.toBe(403);
  expect(own.status()).toBeLessThan(500);
});

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

test("a method a route does not serve gets 405 with Allow and the error shape, not an empty body", async ({ request }) => {
  for (const [method, url, allow] of [
    ["PUT", "/api/cart", "GET, DELETE, HEAD, OPTIONS"],
    ["GET", "/api/cart/items", "POST, OPTIONS"],
    ["POST", "/api/health", "GET, HEAD, OPTIONS"],
  ] as const) {
    const response = await request.fetch(url, { method });
    expect(response.status(), `${method} ${url}`).toBe(405);
    expect(response.headers()["allow"]).toBe(allow);
    expect((await response.json()).error).toMatchObject({ code: "method_not_allowed", message: expect.any(String) });
  }
});

test("broken percent-encoding answers 400 on any path, static file names included, never 500", async ({ request }) => {
  for (const url of ["/_next/static/%E0%A4%A.js", "/styles%E0%A4%A.css", "/products/images/%E0.png", "/api/cart/items/%E0%A4%A", "/products/%E0%A4%A"]) {
    expect((await request.get(url)).status(), url).toBe(400);
  }
});

test("the admin answers anyone but an admin exactly like an address that does not exist, also without JavaScript", async ({ browser, playwright }) => {
  const plain = async (url: string, cookies: { name: string; value: string; domain: string; path: string }[] = []) => {
    const context = await playwright.request.newContext({ baseURL: `http://localhost:${PORT}`, storageState: { cookies: cookies.map((c) => ({ ...c, expires: -1, httpOnly: true, secure: false, sameSite: "Lax" as const })), origins: [] } });
    const response = await context.get(url);
    const html = await response.text();
    await context.dispose();
    return { status: response.status(), title: /<title>([^<]*)<\/title>/.exec(html)?.[1], heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] };
  };
  const unknown = await plain("/no-such-page");
  expect(unknown).toEqual({ status: 404, title: "Page not found · cartsession demo", heading: "Page not found" });
  expect(await plain("/admin")).toEqual(unknown);
  expect(await plain("/admin/sessions?kind=guest")).toEqual(unknown);
  // A logged-in customer who is not an admin.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const cookies = (await context.cookies()).map(({ name, value, domain, path }) => ({ name, value, domain, path }));
  expect(await plain("/admin", cookies)).toEqual(unknown);
  await context.close();
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

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { logIn } from "./helpers/accounts";
import { CRON_SECRET, linkRow, openTestDatabase, restoreLinkFor, tokenHash } from "./helpers/restore-links";

/**
 * Cart restore links over HTTP, in a real browser, against the production build: opening a
 * link shows it and changes nothing; only the page's button (a POST from this site)
 * restores, once; another site can neither restore into a logged-in shopper's cart nor use
 * up their link; each cart has one link however often it is exported; spent links are
 * cleaned up and a customer's erasure takes theirs.
 */

test.describe.configure({ mode: "serial" });

type Cart = { items: { productId: string; quantity: number }[]; itemCount: number };
const cartOf = async (request: APIRequestContext): Promise<Cart> => (await (await request.get("/api/cart")).json()) as Cart;
const quantities = (cart: Cart) => Object.fromEntries(cart.items.map((i) => [i.productId, i.quantity]));
const setCookieNames = (headers: { name: string; value: string }[]) =>
  headers.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.slice(0, h.value.indexOf("=")));

test("opening a link shows what it restores and changes nothing; a scanner's GET uses nothing up", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const newRequest = () => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const link = await restoreLinkFor(newRequest, [
    { productId: "copper-kettle", quantity: 2 },
    { productId: "enamel-mug", quantity: 1 },
  ]);

  // Mail scanners and link previews: plain GETs, with and without following the redirect.
  for (let i = 0; i < 3; i++) {
    const scanner = await newRequest();
    const response = await scanner.get(link.path);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("Restore these items to my cart");
    expect((await scanner.head(link.path)).status()).toBe(200);
    await scanner.dispose();
  }
  const db = openTestDatabase();
  try {
    expect(linkRow(db, link.token)).toMatchObject({ used_at: null });
  } finally {
    db.close();
  }

  // A shopper with a cart of their own opens it.
  const shopper = await browser.newContext();
  const page = await shopper.newPage();
  await page.goto("/products/linen-apron");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  const before = await cartOf(page.request);

  const response = await page.goto(link.path);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toMatch(/private/);
  expect(response?.headers()["cache-control"]).toMatch(/no-store/);
  // No cart cookies: the page only reads (the proxy's session cookie is all a page may get).
  const cookies = setCookieNames(await response!.headersArray());
  expect(cookies).not.toContain("cart_hash");
  expect(cookies).not.toContain("items_in_cart");
  await expect(page.getByRole("heading", { name: "Restore your cart", level: 1 })).toBeVisible();
  const kettle = page.getByTestId("restore-line-copper-kettle");
  await expect(kettle).toContainText("Copper Kettle");
  await expect(kettle).toContainText("Quantity: 2");
  await expect(kettle).toContainText("$89.00 each");
  await expect(kettle).toContainText("$178.00");
  await expect(page.getByTestId("restore-line-enamel-mug")).toContainText("Quantity: 1");
  await expect(page.getByTestId("restore-subtotal")).not.toBeEmpty();
  // Nothing changed by looking.
  expect(await cartOf(page.request)).toEqual(before);
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");

  // A second tab in the same browser, and another browser, open the link before it is used.
  const secondTab = await shopper.newPage();
  await secondTab.goto(link.path);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link.path);

  // The button restores: merged into the cart, and lands on /cart with a notice.
  await page.getByRole("button", { name: "Restore these items to my cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("status").filter({ hasText: "Welcome back: we restored your cart." })).toBeVisible();
  expect(quantities(await cartOf(page.request))).toEqual({ "linen-apron": 1, "copper-kettle": 2, "enamel-mug": 1 });

  // The same browser submitting again (a double click, a second tab): told so, nothing doubled.
  await secondTab.getByRole("button", { name: "Restore these items to my cart" }).click();
  await expect(secondTab).toHaveURL(/\/cart$/);
  await expect(secondTab.getByRole("status").filter({ hasText: "You already restored this cart" })).toBeVisible();
  expect(quantities(await cartOf(page.request))).toEqual({ "linen-apron": 1, "copper-kettle": 2, "enamel-mug": 1 });

  // Another browser: the friendly failure (404), its cart untouched.
  await otherPage.getByRole("button", { name: "Restore these items to my cart" }).click();
  await expect(otherPage).toHaveURL(/\/cart\/restore-failed$/);
  await expect(otherPage.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  expect((await cartOf(otherPage.request)).itemCount).toBe(0);
  // Opening the used link: the same page, with a 404, and no change.
  const used = await otherPage.goto(link.path);
  expect(used?.status()).toBe(404);
  await expect(otherPage).toHaveURL(/\/cart\/restore-failed$/);
  await expect(otherPage.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  expect((await cartOf(otherPage.request)).itemCount).toBe(0);
  await shopper.close();
  await other.close();
});

test("unknown and malformed links show the friendly page with a 404 and change nothing", async ({ page }) => {
  for (const token of ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", "..%2F..%2Fadmin", "x".repeat(600)]) {
    const response = await page.goto(`/cart/restore/${token}`);
    expect(response?.status(), token).toBe(404);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  }
  expect((await cartOf(page.request)).itemCount).toBe(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the link page shows the items and its button restores", async ({ page, playwright }, testInfo) => {
    const baseURL = String(testInfo.project.use.baseURL);
    const link = await restoreLinkFor(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), [{ productId: "wool-throw", quantity: 3 }]);
    await page.goto(link.path);
    await expect(page.getByTestId("restore-line-wool-throw")).toContainText("Quantity: 3");
    await page.getByRole("button", { name: "Restore these items to my cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("status").filter({ hasText: "we restored your cart" })).toBeVisible();
    await expect(page.getByRole("spinbutton", { name: "Quantity of Wool Throw" })).toHaveValue("3");
    const again = await page.goto(link.path);
    expect(again?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  });
});

test("two browsers restoring the same link at the same moment restore it once", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const link = await restoreLinkFor(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), [{ productId: "field-notebook", quantity: 4 }]);
  const pages: Page[] = [];
  for (let i = 0; i < 4; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(link.path);
    pages.push(page);
  }
  await Promise.all(pages.map((p) => p.getByRole("button", { name: "Restore these items to my cart" }).click()));
  await Promise.all(pages.map((p) => p.waitForURL(/\/cart(\/restore-failed)?$/)));
  const counts = await Promise.all(pages.map(async (p) => (await cartOf(p.request)).itemCount));
  expect(counts.sort()).toEqual([0, 0, 0, 4]);
  expect(pages.filter((p) => p.url().endsWith("/cart"))).toHaveLength(1);
  for (const page of pages) await page.context().close();
});

/** A page on another origin (127.0.0.1 is another site than localhost) that the victim is lured to. */
async function attackerSite(pages: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const body = pages[request.url ?? ""];
    response.writeHead(body ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    response.end(body ?? "not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("a cross-site page cannot change a logged-in victim's cart, nor use up a link", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const newRequest = () => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  // The attacker's own link: 999 throws (the most a line holds).
  const link = await restoreLinkFor(newRequest, [{ productId: "wool-throw", quantity: 999 }]);
  // The form exactly as the shop renders it, hidden fields (the action's id) included.
  const scraper = await newRequest();
  const html = await (await scraper.get(link.path)).text();
  await scraper.dispose();
  const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => `<input type="hidden" name="${m[1]}" value="${m[2] ?? ""}">`);
  expect(hidden.join("")).toContain(link.token);
  const site = await attackerSite({
    "/post": `<!doctype html><form method="post" enctype="multipart/form-data" action="${link.url}">${hidden.join("")}</form><script>document.forms[0].submit()</script>`,
    "/navigate": `<!doctype html><script>location.href = ${JSON.stringify(link.url)}</script>`,
  });
  const victim = await browser.newContext();
  try {
    const page = await victim.newPage();
    await logIn(page, "demo@example.com", "demo-password");
    const before = await cartOf(page.request);

    // A cross-site form post, with the victim logged in: refused before anything runs.
    const posted = page.waitForResponse((r) => r.url() === link.url && r.request().method() === "POST");
    await page.goto(`${site.origin}/post`);
    expect((await posted).status()).toBe(403);
    expect(await cartOf(page.request)).toEqual(before);

    // A cross-site top-level navigation (SameSite=Lax sends the victim's cookie on it): only the preview.
    await page.goto(`${site.origin}/navigate`);
    await page.waitForURL(link.url);
    await expect(page.getByRole("heading", { name: "Restore your cart" })).toBeVisible();
    expect(await cartOf(page.request)).toEqual(before);
    expect((await (await page.request.get("/api/session")).json()).isGuest).toBe(false);

    // The link is still live: its owner can still use it.
    const db = openTestDatabase();
    try {
      expect(linkRow(db, link.token)).toMatchObject({ used_at: null });
    } finally {
      db.close();
    }
  } finally {
    await victim.close();
    await site.close();
  }
});

test("the CSV and the API hand out each cart's one link, and Create link shows it again", async ({ page, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  expect((await shopper.post("/api/cart/items", { data: { productId: "glass-carafe", quantity: 2 } })).status()).toBe(200);
  const key = ((await (await shopper.get("/api/session")).json()) as { customerId: string }).customerId;
  await logIn(page, "admin@example.com", "admin-password");

  const csvLinks = async () => {
    const response = await page.request.get("/admin/abandoned/csv");
    expect(response.status()).toBe(200);
    const [header, ...rows] = (await response.text()).trim().split("\n");
    expect(header).toBe("session,kind,email,item_count,items,value,currency,last_activity,restore_url,restore_url_expires");
    return new Map(rows.map((row) => row.split(",")).map((cells) => [cells[0]!, cells[8]!]));
  };
  const db = openTestDatabase();
  try {
    const count = () => (db.prepare("SELECT count(*) AS n FROM cart_restore_tokens").all()[0] as { n: number }).n;
    const first = await csvLinks();
    const stored = count();
    const second = await csvLinks();
    expect(second.get(key)).toMatch(/\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
    for (const [cart, url] of first) if (second.has(cart)) expect(second.get(cart), cart).toBe(url);
    expect(count()).toBe(stored);

    // The admin API, twice: the same links again.
    for (let i = 0; i < 2; i++) {
      const api = await page.request.get("/api/admin/abandoned-carts?perPage=1000", { headers: { authorization: "Bearer e2e-admin-api-token" } });
      const carts = ((await api.json()) as { carts: { sessionKey: string; restoreUrl: string }[] }).carts;
      expect(carts.find((c) => c.sessionKey === key)?.restoreUrl).toBe(second.get(key));
    }
    expect(count()).toBe(stored);

    // "Create link" shows the cart's existing link, saying so.
    await page.goto("/admin/abandoned?idle=window&per=100");
    await page.getByRole("button", { name: `Create link for ${key}` }).click();
    await expect(page.getByRole("textbox", { name: `Restore link for ${key}` })).toHaveValue(second.get(key)!);
    await expect(page.getByTestId(`restore-${key}-note`)).toContainText("This cart's link, made");
    expect(count()).toBe(stored);
  } finally {
    db.close();
    await shopper.dispose();
  }
});

test("the cleanup route deletes expired and used links, and keeps its report", async ({ playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const newRequest = () => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const expired = await restoreLinkFor(newRequest, [{ productId: "merino-socks", quantity: 1 }]);
  const live = await restoreLinkFor(newRequest, [{ productId: "cotton-tote", quantity: 1 }]);
  const db = openTestDatabase();
  const api = await newRequest();
  try {
    // A week has passed for this one.
    db.prepare("UPDATE cart_restore_tokens SET expires_at = ? WHERE token_hash = ?").run(Math.floor(Date.now() / 1000) - 1, tokenHash(expired.token));
    const opened = await api.get(expired.path);
    expect(opened.status()).toBe(404);
    expect(linkRow(db, expired.token)).toBeDefined();

    expect((await api.get("/api/cron/session-cleanup")).status()).toBe(401);
    const response = await api.get("/api/cron/session-cleanup", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(response.status()).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ deleted: expect.any(Number), remaining: expect.any(Number), restoreLinks: expect.any(Number) });
    expect(report.restoreLinks).toBeGreaterThanOrEqual(1);
    expect(linkRow(db, expired.token)).toBeUndefined();
    expect(linkRow(db, live.token)).toMatchObject({ used_at: null });
    expect((await api.get(live.path)).status()).toBe(200);
  } finally {
    db.close();
    await api.dispose();
  }
});

test("erasing an account deletes its cart's restore links", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const email = `erase-${Date.now()}@example.com`;
  const db = openTestDatabase();
  const context = await browser.newContext();
  try {
    db.prepare("INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, 'Erin Erase', 'customer', ?, ?)").run(email, await hashPassword("erase-me-please"), Math.floor(Date.now() / 1000));
    const page = await context.newPage();
    await logIn(page, email, "erase-me-please");
    const link = await restoreLinkFor(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), [{ productId: "linen-apron", quantity: 2 }], page.request);
    expect(link.sessionKey).toMatch(/^c_/);
    expect(linkRow(db, link.token)).toBeDefined();

    // Refused from another site, and without the confirmation.
    expect((await page.request.post("/api/account/erase", { data: { confirm: true }, headers: { origin: "http://127.0.0.1:9" } })).status()).toBe(403);
    expect((await page.request.post("/api/account/erase", { data: {} })).status()).toBe(400);
    expect(linkRow(db, link.token)).toBeDefined();

    const erased = await page.request.post("/api/account/erase", { data: { confirm: true } });
    expect(erased.status()).toBe(200);
    expect((await erased.json()).erased).toEqual({ account: true, session: true, restoreLinks: 1 });
    expect(linkRow(db, link.token)).toBeUndefined();
    expect((await page.goto(link.path))?.status()).toBe(404);
    expect((await (await page.request.get("/api/session")).json()).isGuest).toBe(true);
    expect(db.prepare("SELECT id FROM users WHERE email = ?").all(email)).toEqual([]);
  } finally {
    db.prepare("DELETE FROM users WHERE email = ?").run(email);
    db.close();
    await context.close();
  }
});

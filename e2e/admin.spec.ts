import { logIn } from "./helpers/accounts";
import { expect, test, type Page } from "@playwright/test";


const figure = async (page: Page, id: string) => Number((await page.getByTestId(id).textContent())?.replace(/,/g, ""));

test("the admin area is a plain 404 for anonymous visitors and for customers", async ({ browser }) => {
  const anonymous = await browser.newPage();
  expect((await anonymous.goto("/admin"))?.status()).toBe(404);
  await anonymous.close();

  const customer = await browser.newPage();
  await logIn(customer, "demo@example.com", "demo-password");
  const response = await customer.goto("/admin");
  expect(response?.status()).toBe(404);
  expect(response?.headers()["cache-control"]).toMatch(/no-store/);
  await expect(customer.getByText("Store admin")).toHaveCount(0);
  await customer.close();
});

test("the admin sees the sessions the test created and can run a cleanup", async ({ browser, playwright }, testInfo) => {
  const admin = await browser.newPage();
  await logIn(admin, "admin@example.com", "admin-password");
  await admin.getByRole("link", { name: "Store admin" }).click();
  await expect(admin.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  // The figures may be up to 30 s old (an earlier test looked): start from fresh ones.
  await admin.getByRole("button", { name: "Refresh now" }).click();
  await admin.waitForLoadState("networkidle");
  const before = await figure(admin, "admin-rows");
  const cartsBefore = await figure(admin, "admin-open-carts");
  const itemsBefore = await figure(admin, "admin-items");

  const baseURL = String(testInfo.project.use.baseURL);
  for (let i = 0; i < 3; i++) {
    const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    expect((await shopper.post("/api/cart/items", { data: { productId: "cotton-tote", quantity: 1 } })).status()).toBe(200);
    await shopper.dispose();
  }
  // The overview's figures are kept 30 s; "Refresh now" recomputes them.
  await admin.getByRole("button", { name: "Refresh now" }).click();
  await expect.poll(() => figure(admin, "admin-rows")).toBe(before + 3);
  expect(await figure(admin, "admin-active")).toBeGreaterThanOrEqual(3);
  // Active sessions are guests plus customers: the figures beside each other agree.
  const kinds = /^([\d,]+) guests? · ([\d,]+) customers?$/.exec((await admin.getByTestId("admin-kinds").textContent()) ?? "");
  expect(kinds).not.toBeNull();
  expect(Number(kinds![1]!.replace(/,/g, "")) + Number(kinds![2]!.replace(/,/g, ""))).toBe(await figure(admin, "admin-active"));
  expect(await figure(admin, "admin-open-carts")).toBe(cartsBefore + 3);
  expect(await figure(admin, "admin-items")).toBe(itemsBefore + 3);
  // Fresh guest sessions end 48 hours from now, in the last hour of the expiry chart.
  for (const chart of ["expiry", "created", "cart-sizes", "top-products"]) {
    await expect(admin.getByTestId(`chart-${chart}`).locator("svg[role=img]")).toBeVisible();
  }
  await expect(admin.getByTestId("chart-top-products")).toContainText("Cotton");
  // The dashboard screenshot, kept with the test artifacts (docs/screenshots/ has docs/demo.md's).
  await admin.screenshot({ path: testInfo.outputPath("admin-dashboard.png"), fullPage: true });

  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Cleanup" }).click();
  await admin.getByRole("button", { name: "Run cleanup now" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Cleanup deleted" })).toBeVisible();
  await expect(admin.getByTestId("cleanup-runs").getByRole("row").first()).toContainText("admin");
  await admin.screenshot({ path: testInfo.outputPath("admin-overview.png"), fullPage: true });
  await admin.close();
});

test("the inspector finds a session, shows it decoded, and deletes it after a confirmation", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  await shopper.post("/api/cart/items", { data: { productId: "wool-throw", quantity: 2 } });
  const customerId = (await (await shopper.get("/api/session")).json()).customerId as string;

  const admin = await browser.newPage();
  await logIn(admin, "admin@example.com", "admin-password");
  await admin.goto("/admin/sessions");
  await admin.getByLabel("Find a session by customer id or session key").fill(customerId);
  await admin.getByRole("button", { name: "Find" }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin/sessions/${customerId}$`));
  await expect(admin.getByTestId("session-json")).toContainText('"productId": "wool-throw"');

  await admin.getByRole("link", { name: "Delete this session…" }).click();
  await admin.getByRole("button", { name: `Yes, delete session ${customerId}` }).click();
  await expect(admin.getByRole("status").filter({ hasText: `Deleted session ${customerId}.` })).toBeVisible();
  expect((await (await shopper.get("/api/cart")).json()).itemCount).toBe(0);

  await admin.goto("/admin/sessions/clear?scope=guests");
  await expect(admin.getByTestId("clear-summary")).toContainText("guest sessions");
  await admin.close();
  await shopper.dispose();
});

test("an abandoned cart's restore link fills a fresh browser's cart once and only once", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  await shopper.post("/api/cart/items", { data: { productId: "copper-kettle", quantity: 2 } });
  const customerId = (await (await shopper.get("/api/session")).json()).customerId as string;

  const admin = await browser.newPage();
  await logIn(admin, "admin@example.com", "admin-password");
  await admin.goto("/admin/abandoned");
  await expect(admin.getByTestId(`abandoned-${customerId}`)).toContainText("$178.00");
  await admin.getByRole("button", { name: `Create link for ${customerId}` }).click();
  // Shown once, in the cart's own row, focused.
  const field = admin.getByTestId(`abandoned-${customerId}`).getByRole("textbox", { name: `Restore link for ${customerId}` });
  await expect(field).toBeFocused();
  const link = await field.inputValue();
  expect(link).toMatch(/^http\S+\/cart\/restore\/[A-Za-z0-9_-]+$/);
  const path = new URL(link).pathname;

  const csv = await admin.request.get("/admin/abandoned/csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const csvText = await csv.text();
  expect(csvText).toContain(customerId);
  // The cart's one link: the CSV hands out the link "Create link" showed, not a new one.
  expect(csvText.split("\n").find((row) => row.startsWith(`${customerId},`))).toContain(link);
  // Every abandoned cart is in it (no silent cap): one row per cart the page counts.
  const total = Number(/of ([\d,]+) abandoned/.exec((await admin.getByTestId("abandoned-total").textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  expect(csvText.trim().split("\n").length - 1).toBeGreaterThanOrEqual(total);

  // A fresh browser that already has something in its cart: the restore merges.
  const fresh = await browser.newContext();
  const page = await fresh.newPage();
  await page.goto("/products/linen-apron");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  // Opening it shows what it holds; the button restores.
  await page.goto(path);
  await expect(page.getByTestId("restore-line-copper-kettle")).toContainText("Quantity: 2");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  await page.getByRole("button", { name: "Restore these items to my cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("status").filter({ hasText: "we restored your cart" })).toBeVisible();
  await expect(page.getByRole("spinbutton", { name: "Quantity of Copper Kettle" })).toHaveValue("2");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Linen Apron" })).toHaveValue("1");

  // Used once: a second open changes nothing.
  expect((await page.goto(path))?.status()).toBe(404);
  await expect(page).toHaveURL(/\/cart\/restore-failed$/);
  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Copper Kettle" })).toHaveValue("2");
  const unknown = await fresh.newPage();
  await unknown.goto("/cart/restore/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(unknown.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await fresh.close();
  await admin.close();
  await shopper.dispose();
});

test("the admin API needs its bearer token", async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: String(testInfo.project.use.baseURL), storageState: { cookies: [], origins: [] } });
  const missing = await api.get("/api/admin/abandoned-carts");
  expect(missing.status()).toBe(401);
  expect((await missing.json()).error.code).toBe("unauthorized");
  expect((await api.get("/api/admin/abandoned-carts", { headers: { authorization: "Bearer wrong" } })).status()).toBe(401);
  const ok = await api.get("/api/admin/abandoned-carts", { headers: { authorization: "Bearer e2e-admin-api-token" } });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toBe("private, no-store");
  const body = await ok.json();
  expect(Array.isArray(body.carts)).toBe(true);
  for (const cart of body.carts) {
    expect(cart.restoreUrl).toMatch(/\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(cart.restoreExpiresAt)).toBeGreaterThan(Date.now());
  }
  // Paged with the true total, never silently cut.
  expect(body.total).toBeGreaterThanOrEqual(body.carts.length);
  expect(body.nextPage).toBe(body.total > body.perPage ? 2 : null);
  const one = await (await api.get("/api/admin/abandoned-carts?perPage=1", { headers: { authorization: "Bearer e2e-admin-api-token" } })).json();
  expect(one.carts).toHaveLength(Math.min(1, body.total));
  expect(one.total).toBe(body.total);
  expect(one.nextPage).toBe(body.total > 1 ? 2 : null);
  expect((await api.get("/api/admin/abandoned-carts?perPage=0", { headers: { authorization: "Bearer e2e-admin-api-token" } })).status()).toBe(400);
  await api.dispose();
});

/** The "of N" total of a list page (0 when nothing matches). */
async function listTotal(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? "";
  const match = / of ([\d,]+) /.exec(text);
  return match ? Number(match[1]!.replace(/,/g, "")) : 0;
}

test("the overview's figures come from one snapshot: they agree with each other and with the lists they link to", async ({ browser, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  for (let i = 0; i < 2; i++) {
    const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    expect((await shopper.post("/api/cart/items", { data: { productId: "enamel-mug", quantity: 1 + i } })).status()).toBe(200);
    await shopper.dispose();
  }
  const admin = await browser.newPage();
  await logIn(admin, "admin@example.com", "admin-password");
  await admin.goto("/admin");
  await admin.getByRole("button", { name: "Refresh now" }).click();
  await admin.waitForLoadState("networkidle");
  const asOf = await admin.getByTestId("figures-as-of").textContent();
  const active = await figure(admin, "admin-active");
  const openCarts = await figure(admin, "admin-open-carts");
  const abandoned = await figure(admin, "admin-abandoned");
  const rows = await figure(admin, "admin-rows");
  expect(openCarts).toBeGreaterThanOrEqual(2);
  // ABANDONED_CART_MINUTES=0 here: every open cart is abandoned, plus those whose cookie ended.
  expect(abandoned).toBeGreaterThanOrEqual(openCarts);
  expect(rows).toBeGreaterThanOrEqual(active);

  // Each figure opens its list, which counts the same rows (nothing changed meanwhile).
  await admin.getByTestId("admin-active").getByRole("link").click();
  await expect(admin).toHaveURL(/status=active/);
  expect(await listTotal(admin, "sessions-total")).toBe(active);
  await admin.goto("/admin");
  expect(await admin.getByTestId("figures-as-of").textContent()).toBe(asOf);
  await admin.getByTestId("admin-open-carts").getByRole("link").click();
  expect(await listTotal(admin, "sessions-total")).toBe(openCarts);
  await admin.goto("/admin");
  await admin.getByTestId("admin-abandoned").getByRole("link").click();
  expect(await listTotal(admin, "abandoned-total")).toBe(abandoned);
  await admin.goto("/admin");
  await admin.getByTestId("admin-rows").getByRole("link").click();
  expect(await listTotal(admin, "sessions-total")).toBe(rows);
  await admin.close();
});

test("an abandoned cart shows the shopper's email and the products by name; the CSV too; the link copies; the inspector reads it", async ({ browser }) => {
  // A shopper who got as far as typing an email at checkout.
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  await shopper.goto("/products/glass-carafe");
  await shopper.getByLabel("Quantity").fill("2");
  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.getByTestId("mini-cart-count")).toHaveText("2");
  await shopper.goto("/checkout");
  await shopper.getByLabel("Email").fill("marie@example.com");
  await shopper.getByRole("button", { name: "Continue to shipping" }).click();
  await expect(shopper.getByRole("alert").filter({ hasText: "Please correct the fields marked below." })).toBeVisible();
  const key = ((await (await shopper.request.get("/api/session")).json()) as { customerId: string }).customerId;

  const adminContext = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const admin = await adminContext.newPage();
  await logIn(admin, "admin@example.com", "admin-password");
  await admin.goto("/admin/abandoned?per=100");
  const row = admin.getByTestId(`abandoned-${key}`);
  await expect(row.getByTestId(`abandoned-email-${key}`)).toHaveText("marie@example.com");
  await expect(row.getByTestId(`abandoned-items-${key}`)).toContainText("2 × Glass Carafe");
  await expect(row).toContainText("$56.00");

  const csv = await admin.request.get("/admin/abandoned/csv");
  const text = await csv.text();
  // No cents column and no "glass-carafex2" (the restore links' random tokens are not looked at).
  expect(text.split("\n")[0]).not.toContain("value_cents");
  expect(text).not.toMatch(/(?:glass-carafe|enamel-mug|cotton-tote|copper-kettle|linen-apron|wool-throw)x\d/);
  const line = text.split("\n").find((r) => r.startsWith(`${key},`));
  expect(line).toContain(",marie@example.com,2,2 x Glass Carafe,56.00,USD,");

  // The restore link: a field to select without JavaScript, a button that copies with it.
  await row.getByRole("button", { name: `Create link for ${key}` }).click();
  const field = admin.getByRole("textbox", { name: `Restore link for ${key}` });
  await expect(field).toBeFocused();
  await admin.getByRole("button", { name: "Copy link for marie@example.com" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Copied to the clipboard." })).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(await field.inputValue());

  // The inspector: names, prices, times, the customer; the JSON folded away.
  await admin.goto(`/admin/sessions/${key}`);
  await expect(admin.getByTestId("session-customer")).toContainText("marie@example.com");
  await expect(admin.getByTestId("session-cart")).toContainText("Glass Carafe");
  await expect(admin.getByTestId("session-cart")).toContainText("$28.00");
  await expect(admin.getByTestId("session-subtotal")).toHaveText("$56.00");
  await expect(admin.getByTestId("session-created")).toContainText("UTC");
  await expect(admin.getByTestId("session-updated")).toContainText("UTC");
  await expect(admin.getByTestId("session-json")).toBeHidden();
  await admin.getByText("Stored data as JSON").click();
  await expect(admin.getByTestId("session-json")).toContainText('"productId": "glass-carafe"');

  // The admin logs out from the admin's own top bar.
  await admin.getByRole("banner").getByRole("button", { name: "Log out" }).click();
  await expect(admin).toHaveURL(/\/login$/);
  expect((await admin.goto("/admin"))?.status()).toBe(404);
  await adminContext.close();
  await shopperContext.close();
});

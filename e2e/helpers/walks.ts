import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";

/**
 * The two walks through the demo store, as a shopper and as a shop owner, shared by the
 * accessibility spec (axe on every state), the responsive spec (no overflow at 390 px, real
 * clicks) and the screenshot script. `visit` is called on every page and state the walk
 * reaches, once that state is on screen. Only real clicks and key presses: nothing forced.
 *
 * Plain Playwright calls only (no `expect`), so the screenshot script can run them too.
 */
export type Visit = (name: string, page: Page) => Promise<void>;

const TIMEOUT = 15_000;

async function notice(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("heading", { name, level: 1 }).waitFor({ timeout: TIMEOUT });
}

async function url(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForURL(pattern, { timeout: TIMEOUT });
}

/** Logs in through the form. */
export async function logInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await url(page, /\/account$/);
}

/** A shopper from the first visit to a placed order, a login, a logout and the 404s. */
export async function shopperWalk(page: Page, visit: Visit): Promise<void> {
  await page.goto("/");
  await heading(page, "Shop");
  await visit("shop", page);

  await page.getByLabel("Search products").fill("kettle");
  await page.getByRole("button", { name: "Show products" }).click();
  await url(page, /\/search\?q=kettle/);
  await heading(page, /^Search: /);
  await visit("search", page);

  await page.getByRole("link", { name: "Copper Kettle" }).first().click();
  await heading(page, "Copper Kettle");
  await visit("product", page);

  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await notice(page, "Added 2 ×");
  await visit("product-added", page);

  await page.getByRole("link", { name: "Shop", exact: true }).first().click();
  await heading(page, "Shop");
  await page.getByRole("button", { name: "Add to cart: Linen Apron" }).click();
  await notice(page, "Linen Apron");
  await visit("shop-added", page);

  await page.getByRole("link", { name: "View cart" }).click();
  await heading(page, "Your cart");
  await visit("cart", page);

  await page.getByRole("spinbutton", { name: "Quantity of Linen Apron" }).fill("3");
  await page.getByRole("button", { name: "Update quantity of Linen Apron" }).click();
  await notice(page, "Updated “Linen Apron” to 3.");
  await visit("cart-updated", page);

  await page.getByRole("link", { name: "Proceed to checkout" }).click();
  await heading(page, "Checkout");
  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await page.getByRole("alert").filter({ hasText: "Please correct the fields marked below." }).waitFor({ timeout: TIMEOUT });
  await visit("checkout-errors", page);

  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 St James's Square");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("Postcode").fill("SW1Y 4JH");
  await page.getByLabel("Country").selectOption("GB");
  await visit("checkout-contact", page);

  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await url(page, /\/checkout\/shipping$/);
  await visit("checkout-shipping", page);

  await page.getByLabel(/Standard/).check();
  await page.getByRole("button", { name: "Review order" }).click();
  await url(page, /\/checkout\/review$/);
  await visit("checkout-review", page);

  await page.getByRole("button", { name: "Place order" }).click();
  await url(page, /\/checkout\/confirmation$/);
  await heading(page, "Order placed");
  await visit("order-placed", page);

  await page.goto("/cart");
  await page.getByTestId("cart-empty").waitFor({ timeout: TIMEOUT });
  await visit("cart-empty", page);

  await page.goto("/checkout");
  await heading(page, "Checkout");
  await visit("checkout-empty", page);

  await page.goto("/login");
  await heading(page, "Log in");
  await visit("login", page);

  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: "The email or password is not right." }).waitFor({ timeout: TIMEOUT });
  await visit("login-error", page);

  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await url(page, /\/account$/);
  await visit("account", page);

  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await url(page, /\/login$/);
  await notice(page, "You are logged out");
  await visit("logged-out", page);

  await page.getByRole("link", { name: "Your session (developer view)" }).click();
  await heading(page, "Your session");
  await visit("session", page);

  await page.goto("/no-such-page");
  await heading(page, "Page not found");
  await visit("not-found", page);

  await page.goto("/products/no-such-thing");
  await heading(page, "Product not found");
  await visit("product-not-found", page);

  await page.goto("/cart/restore-failed");
  await heading(page, "This link no longer works");
  await visit("restore-failed", page);
}

/** Guest carts for the admin's lists: `count` shoppers, each adding through the HTTP API. */
export async function createShopperCarts(newRequest: () => Promise<APIRequestContext>, count: number): Promise<void> {
  const products = ["cotton-tote", "wool-throw", "enamel-mug", "field-notebook", "merino-socks", "glass-carafe"];
  for (let i = 0; i < count; i++) {
    const shopper = await newRequest();
    const response = await shopper.post("/api/cart/items", { data: { productId: products[i % products.length], quantity: 1 + (i % 3) } });
    if (response.status() !== 200) throw new Error(`adding to a cart answered ${response.status()}`);
    await shopper.dispose();
  }
}

/** A shop owner: overview, sessions (filtered, one opened), abandoned carts with a restore link, cleanup; then that link opened and restored. */
export async function adminWalk(page: Page, visit: Visit): Promise<void> {
  await logInAs(page, "admin@example.com", "admin-password");
  await page.getByRole("link", { name: "Open the store admin" }).click();
  await heading(page, "Overview");
  await visit("admin-overview", page);

  const adminNav = page.getByRole("navigation", { name: "Admin" });
  await adminNav.getByRole("link", { name: "Sessions" }).click();
  await heading(page, "Sessions");
  await visit("admin-sessions", page);

  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Cart", { exact: true }).selectOption("open");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await url(page, /status=active/);
  await page.getByTestId("sessions-total").filter({ hasText: /matching the filters|No session matches/ }).waitFor({ timeout: TIMEOUT });
  await visit("admin-sessions-filtered", page);

  await page.locator("tbody").getByRole("link").first().click();
  await page.getByTestId("session-facts").waitFor({ timeout: TIMEOUT });
  await visit("admin-session", page);

  await page.getByRole("link", { name: "Delete this session…" }).click();
  await page.getByRole("button", { name: /^Yes, delete session/ }).waitFor({ timeout: TIMEOUT });
  await visit("admin-session-delete", page);

  await adminNav.getByRole("link", { name: "Abandoned carts" }).click();
  await heading(page, "Abandoned carts");
  await visit("admin-abandoned", page);

  // The last row on the page: its link must appear in its row, not off-screen at the top.
  await page.getByRole("button", { name: /^Create link for / }).last().click();
  const linkField = page.getByRole("textbox", { name: /^Restore link for / });
  await linkField.waitFor({ timeout: TIMEOUT });
  await visit("admin-abandoned-link", page);
  const restoreLink = new URL(await linkField.inputValue()).pathname;

  await adminNav.getByRole("link", { name: "Cleanup" }).click();
  await heading(page, "Cleanup");
  await visit("admin-cleanup", page);

  await page.getByRole("button", { name: "Run cleanup now" }).click();
  await notice(page, "Cleanup deleted");
  await visit("admin-cleanup-done", page);

  await page.getByRole("link", { name: "Clear all guest sessions…" }).click();
  await heading(page, "Clear all guest sessions");
  await visit("admin-clear", page);

  // The link as its shopper sees it (here in the admin's own browser), then restored.
  await page.goto(restoreLink);
  await heading(page, "Restore your cart");
  await visit("restore-link", page);

  await page.getByRole("button", { name: "Restore these items to my cart" }).click();
  await url(page, /\/cart$/);
  await notice(page, "we restored your cart");
  await visit("restore-done", page);
}

/** A fresh browser context at a viewport, with or without JavaScript. */
export async function newContext(browser: Browser, viewport: { width: number; height: number }, baseURL: string, javaScriptEnabled = true): Promise<BrowserContext> {
  return browser.newContext({ viewport, baseURL, javaScriptEnabled });
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

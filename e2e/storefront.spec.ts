import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

/** The cart cookies (lib/session/README.md, "Cookies") as the browser holds them. */
async function cartCookies(context: BrowserContext) {
  const cookies = await context.cookies();
  return { hash: cookies.find((c) => c.name === "cart_hash"), items: cookies.find((c) => c.name === "items_in_cart") };
}

async function addFromList(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: `Add to cart: ${name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” to your cart` })).toBeVisible();
}

async function addFromProductPage(page: Page, id: string, quantity: number) {
  await page.goto(`/products/${id}`);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText(`Added ${quantity} ×`);
}

const miniCart = (page: Page) => page.getByTestId("mini-cart-count");

test("a shopper adds, changes, removes and empties, and the cart cookies follow", async ({ page, context }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Shop" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Linen Apron" }) })).toContainText("$38.00");
  await expect(miniCart(page)).toHaveText("0");
  expect(await cartCookies(context)).toEqual({ hash: undefined, items: undefined });

  await addFromList(page, "Linen Apron");
  await expect(miniCart(page)).toHaveText("1");
  const first = await cartCookies(context);
  expect(first.hash?.value).toMatch(/^[0-9a-f]{32}$/);
  expect(first.items?.value).toBe("1");
  for (const cookie of [first.hash!, first.items!]) {
    expect(cookie.httpOnly).toBe(false); // readable by scripts, like WooCommerce's
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
  }

  await addFromProductPage(page, "enamel-mug", 3);
  await expect(miniCart(page)).toHaveText("4");
  const second = await cartCookies(context);
  expect(second.hash?.value).not.toBe(first.hash?.value);

  // The same product again adds to its line.
  await addFromList(page, "Linen Apron");
  await page.getByRole("link", { name: /^Cart, 5 items/ }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId("cart-line-linen-apron").getByRole("spinbutton", { name: "Quantity of Linen Apron" })).toHaveValue("2");
  await expect(page.getByTestId("cart-subtotal")).toHaveText("$124.00");

  await page.getByRole("spinbutton", { name: "Quantity of Enamel Mug" }).fill("5");
  await page.getByRole("button", { name: "Update quantity of Enamel Mug" }).click();
  await expect(page.getByRole("status")).toHaveText("Updated “Enamel Mug” to 5.");
  await expect(page.getByTestId("cart-line-enamel-mug").getByTestId("line-total")).toHaveText("$80.00");
  await expect(miniCart(page)).toHaveText("7");
  const third = await cartCookies(context);
  expect(third.hash?.value).not.toBe(second.hash?.value);

  const screenshot = await page.screenshot({ path: testInfo.outputPath("cart-page.png"), fullPage: true });
  await testInfo.attach("cart page", { body: screenshot, contentType: "image/png" });

  await page.getByRole("button", { name: "Remove Linen Apron" }).click();
  await expect(page.getByRole("status")).toHaveText("Removed “Linen Apron”.");
  await expect(page.getByTestId("cart-line-linen-apron")).toHaveCount(0);
  await expect(page.getByTestId("cart-subtotal")).toHaveText("$80.00");

  // A quantity of 0 removes the line too; the cart is then empty and its cookies go.
  await page.getByRole("spinbutton", { name: "Quantity of Enamel Mug" }).fill("0");
  await page.getByRole("button", { name: "Update quantity of Enamel Mug" }).click();
  await expect(page.getByTestId("cart-empty")).toBeVisible();
  await expect(miniCart(page)).toHaveText("0");
  expect(await cartCookies(context)).toEqual({ hash: undefined, items: undefined });

  await addFromList(page, "Field Notebook");
  expect((await cartCookies(context)).items?.value).toBe("1");
  await page.goto("/cart");
  await page.getByRole("button", { name: "Empty cart" }).click();
  await expect(page.getByRole("status")).toHaveText("Your cart is now empty.");
  await expect(page.getByTestId("cart-empty")).toBeVisible();
  expect(await cartCookies(context)).toEqual({ hash: undefined, items: undefined });
});

test("a notice is shown once and gone on the next page view", async ({ page }) => {
  await addFromList(page, "Wool Throw");
  await page.reload();
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("the cart survives a reload and a new tab, and another browser never sees it", async ({ page, context, browser }) => {
  await addFromProductPage(page, "copper-kettle", 2);
  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Copper Kettle" })).toHaveValue("2");

  await page.reload();
  await expect(page.getByRole("spinbutton", { name: "Quantity of Copper Kettle" })).toHaveValue("2");

  const tab = await context.newPage();
  await tab.goto("/cart");
  await expect(tab.getByRole("spinbutton", { name: "Quantity of Copper Kettle" })).toHaveValue("2");
  await expect(miniCart(tab)).toHaveText("2");

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/cart");
  await expect(strangerPage.getByTestId("cart-empty")).toBeVisible();
  await expect(miniCart(strangerPage)).toHaveText("0");
  expect(await cartCookies(stranger)).toEqual({ hash: undefined, items: undefined });
  await stranger.close();
});

test("deleted cart cookies come back with the next response that loads the cart, while it is non-empty", async ({ page, context }) => {
  await addFromList(page, "Glass Carafe");
  const before = await cartCookies(context);
  await context.clearCookies({ name: "items_in_cart" });
  await context.clearCookies({ name: "cart_hash" });
  expect(await cartCookies(context)).toEqual({ hash: undefined, items: undefined });

  // The proxy never queries, so a page view cannot know the cart; a cart read does.
  await page.request.get("/api/cart");
  const after = await cartCookies(context);
  expect(after.items?.value).toBe("1");
  expect(after.hash?.value).toBe(before.hash?.value);
});

test("checkout keeps its fields between steps and reloads, and explains what is wrong", async ({ page }) => {
  await addFromProductPage(page, "beeswax-candle", 2);
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();

  await page.getByLabel("Email").fill("ada@");
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 St James's Square");
  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the fields marked below." })).toBeVisible();
  await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(page.getByText("Enter your city.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  // What was typed is kept, even across a reload; the messages were shown once.
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await expect(page.getByLabel("Email")).toHaveValue("ada@");
  await expect(page.getByText("Please correct the fields marked below.")).toHaveCount(0);

  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("Postcode").fill("SW1Y 4JH");
  await page.getByLabel("Country").selectOption("GB");
  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await expect(page).toHaveURL(/\/checkout\/shipping$/);

  await page.getByRole("button", { name: "Review order" }).click();
  await expect(page.getByText("Choose a shipping method.")).toBeVisible();

  await page.getByLabel(/Express/).check();
  await page.getByLabel("Delivery notes (optional)").fill("Leave with the porter");
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByLabel("Email")).toHaveValue("ada@example.com");
  await expect(page.getByLabel("Country")).toHaveValue("GB");

  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await expect(page).toHaveURL(/\/checkout\/shipping$/);
  await page.reload();
  await expect(page.getByLabel(/Express/)).toBeChecked();
  await expect(page.getByLabel("Delivery notes (optional)")).toHaveValue("Leave with the porter");

  await page.getByRole("button", { name: "Review order" }).click();
  await expect(page).toHaveURL(/\/checkout\/review$/);
  await expect(page.getByTestId("review-contact")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("review-contact")).toContainText("United Kingdom");
  await expect(page.getByTestId("review-shipping")).toHaveText("Express (next day)");
  await expect(page.getByTestId("review-notes")).toHaveText("Notes: Leave with the porter");
  await expect(page.getByTestId("review-total")).toHaveText("$59.00"); // 2 × $22 + $15 express

  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/checkout\/confirmation$/);
  await expect(page.getByTestId("order-reference")).toHaveText(/^CS-[0-9A-F]{8}$/);
  await expect(page.getByTestId("order-lines").locator("tbody tr").first()).toContainText(/^\d+ × /);
  await expect(page.getByRole("status")).toHaveText("Thank you: your order has been placed.");
  await expect(miniCart(page)).toHaveText("0");

  // The order used the fields up: a new checkout starts empty.
  await addFromList(page, "Cotton Tote");
  await page.goto("/checkout");
  await expect(page.getByLabel("Email")).toHaveValue("");
});

test("skipping ahead in checkout lands on the first unfinished step", async ({ page }) => {
  await page.goto("/checkout/review");
  await expect(page.getByText("Your cart is empty, so there is nothing to check out yet.")).toBeVisible();
  await addFromList(page, "Olive Oil Soap");
  await page.goto("/checkout/review");
  await expect(page).toHaveURL(/\/checkout$/);
});

test("an unknown product page is a 404", async ({ page }) => {
  const response = await page.goto("/products/no-such-thing");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
});

test("a fresh `npm run demo` shows the catalog on the first load: the build prerendered the demo products", async ({ page }) => {
  // What the first visitor gets for the first five minutes (revalidate = 300) is this file,
  // made by `next build` as `npm run demo` runs it (playwright.config.ts starts the suite so).
  const prerendered = readFileSync(path.join(process.env.NEXT_DIST_DIR || ".next", "server/app/index.html"), "utf8");
  expect(prerendered).toContain('data-testid="product-linen-apron"');
  expect(prerendered).not.toContain('data-testid="catalog-empty"');
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(12);
});

test("a form button shows its pending state, and a double click on Add to cart adds one unit", async ({ page }) => {
  await page.goto("/products/field-notebook");
  // A slow server: the action's answer is held back for a moment.
  await page.route("**/products/field-notebook", async (route) => {
    if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  const button = page.getByRole("button", { name: "Add to cart" });
  // Two clicks in the same instant, before React can re-render the button as disabled.
  await button.evaluate((b: HTMLButtonElement) => {
    b.click();
    b.click();
  });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status")).toContainText("Added 1 × “Field Notebook”");
  await expect(button).toBeEnabled();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  // And a real double click, once the button is back.
  await page.unroute("**/products/field-notebook");
  await page.goto("/products/cotton-tote");
  await page.getByRole("button", { name: "Add to cart" }).dblclick();
  await expect(page.getByRole("status")).toContainText("Added 1 × “Cotton Tote”");
  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Field Notebook" })).toHaveValue("1");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Cotton Tote" })).toHaveValue("1");

  // The steppers, with JavaScript.
  await page.getByRole("button", { name: "Increase quantity of Cotton Tote" }).click();
  await expect(page.getByRole("status")).toHaveText("Updated “Cotton Tote” to 2.");
  await expect(page.getByRole("spinbutton", { name: "Quantity of Cotton Tote" })).toHaveValue("2");
  // Enter in the field updates (the field's form is the Update form, not a stepper's).
  await page.getByRole("spinbutton", { name: "Quantity of Cotton Tote" }).fill("4");
  await page.getByRole("spinbutton", { name: "Quantity of Cotton Tote" }).press("Enter");
  await expect(page.getByRole("status")).toHaveText("Updated “Cotton Tote” to 4.");
  await page.getByRole("button", { name: "Empty cart" }).click();
  await expect(page.getByTestId("cart-empty")).toBeVisible();
});

test("static pages (the 404, a used restore link) show the visitor's cart count and account state", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("0");
  await addFromProductPage(page, "enamel-mug", 3);
  await page.goto("/no-such-page");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("3");
  await page.goto("/cart/restore-failed");
  await expect(page.getByRole("link", { name: /^Cart, 3 items/ })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/no-such-page");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toHaveCount(0);
  await page.goto("/cart");
  await page.getByRole("button", { name: "Empty cart" }).click();
  await page.goto("/account");
  await page.getByRole("button", { name: "Log out", exact: true }).click();
});

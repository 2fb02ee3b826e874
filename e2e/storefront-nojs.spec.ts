import { expect, test } from "@playwright/test";

// Every form posts to a server action, so the store works with JavaScript turned off.
test.use({ javaScriptEnabled: false });

test("the whole shopping flow works without JavaScript", async ({ page, context }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Add to cart: Merino Socks" }).click();
  await expect(page.getByRole("status")).toHaveText("Added 1 × “Merino Socks” to your cart.");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");

  await page.goto("/products/walnut-board");
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("3");
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "items_in_cart")?.value).toBe("1");
  expect(cookies.find((c) => c.name === "cart_hash")?.value).toMatch(/^[0-9a-f]{32}$/);

  await page.goto("/cart");
  await page.getByRole("spinbutton", { name: "Quantity of Merino Socks" }).fill("4");
  await page.getByRole("button", { name: "Update quantity of Merino Socks" }).click();
  await expect(page.getByRole("spinbutton", { name: "Quantity of Merino Socks" })).toHaveValue("4");
  await expect(page.getByTestId("cart-subtotal")).toHaveText("$232.00"); // 4 × $24 + 2 × $68
  await page.getByRole("button", { name: "Remove Walnut Cutting Board" }).click();
  await expect(page.getByTestId("cart-line-walnut-board")).toHaveCount(0);
  await expect(page.getByTestId("mini-cart-count")).toHaveText("4");

  await page.getByRole("link", { name: "Proceed to checkout" }).click();
  await page.getByLabel("Email").fill("grace@example.com");
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Street address").fill("1 Navy Way");
  await page.getByLabel("City").fill("Arlington");
  await page.getByLabel("Postcode").fill("22202");
  await page.getByLabel("Country").selectOption("US");
  await page.getByRole("button", { name: "Continue to shipping" }).click();
  await expect(page).toHaveURL(/\/checkout\/shipping$/);
  await page.getByLabel(/Pick up in store/).check();
  await page.getByRole("button", { name: "Review order" }).click();
  await expect(page).toHaveURL(/\/checkout\/review$/);
  await expect(page.getByTestId("review-total")).toHaveText("$96.00");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("order-reference")).toBeVisible();
  // The confirmation lists what was ordered.
  await expect(page.getByTestId("order-lines")).toContainText("4 × Merino Socks");
  await expect(page.getByTestId("order-lines")).toContainText("Pick up in store");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("0");

  await page.goto("/cart");
  await page.getByRole("link", { name: "Browse the shop" }).click();
  await page.getByRole("button", { name: "Add to cart: Enamel Mug" }).click();
  await page.goto("/cart");
  await page.getByRole("button", { name: "Empty cart" }).click();
  await expect(page.getByTestId("cart-empty")).toBeVisible();
  const after = await context.cookies();
  expect(after.some((c) => c.name === "items_in_cart" || c.name === "cart_hash")).toBe(false);
});

test("a missing product and an unknown address are styled 404 pages with a way back", async ({ page, context }) => {
  const product = await page.goto("/products/no-such-thing");
  expect(product?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the shop" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  const unknown = await page.goto("/no-such-page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the shop" }).click();
  await expect(page.getByRole("heading", { name: "Shop" })).toBeVisible();

  // With something in the cart it is a 404 too, with the same message (issue 27: the
  // personal variant answered 200). It is the shared page, so its header holds nothing
  // personal: Next.js cannot answer 404 from the per-request variant (vercel/next.js#62228).
  await page.getByRole("button", { name: "Add to cart: Cotton Tote" }).click();
  const withCart = await page.goto("/products/no-such-thing");
  expect(withCart?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  await page.goto("/cart");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");

  // A real favicon, not a 404 on every page.
  for (const icon of ["/favicon.ico", "/icon.svg"]) {
    const response = await context.request.get(icon);
    expect(response.status(), icon).toBe(200);
  }
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon|favicon/);
});


test("the cart's − and + steppers and the catalog's search and sorting work without JavaScript", async ({ page }) => {
  await page.goto("/products/olive-oil-soap");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.goto("/cart");
  const quantity = page.getByRole("spinbutton", { name: "Quantity of Olive Oil Soap" });
  await page.getByRole("button", { name: "Increase quantity of Olive Oil Soap" }).click();
  await expect(page.getByRole("status")).toHaveText("Updated “Olive Oil Soap” to 2.");
  await expect(quantity).toHaveValue("2");
  await page.getByRole("button", { name: "Decrease quantity of Olive Oil Soap" }).click();
  await expect(quantity).toHaveValue("1");
  await page.getByRole("button", { name: "Decrease quantity of Olive Oil Soap" }).click();
  await expect(page.getByRole("status")).toHaveText("Removed “Olive Oil Soap”.");
  await expect(page.getByTestId("cart-empty")).toBeVisible();

  // Search and sort: a GET form, the query in the address.
  await page.goto("/");
  await page.getByLabel("Search products").fill("kettle");
  await page.getByRole("button", { name: "Show products" }).click();
  await expect(page).toHaveURL(/\/search\?q=kettle/);
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("product-copper-kettle")).toBeVisible();
  // Adding from the results returns to them.
  await page.getByRole("button", { name: "Add to cart: Copper Kettle" }).click();
  await expect(page).toHaveURL(/\/search\?q=kettle/);
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");

  await page.goto("/search?sort=price-asc");
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toContainText("Olive Oil Soap");
  await expect(page.getByLabel("Sort by")).toHaveValue("price-asc");
  await page.goto("/search?q=no-such-product");
  await expect(page.getByTestId("search-summary")).toContainText("No product matches");
  await page.goto("/cart");
  await page.getByRole("button", { name: "Empty cart" }).click();
});

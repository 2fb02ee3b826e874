import { expect, test, type Locator, type Page } from "@playwright/test";
import { restoreLinkFor } from "./helpers/restore-links";
import { createShopperCarts, logInAs } from "./helpers/walks";

/**
 * Keyboard only: Tab, typing and Enter, never a click. After adding to the cart or changing
 * a quantity, focus lands on the message that says what happened (not the top of the
 * page), with and without JavaScript; the next Tab carries on from there. The focus ring
 * stands out 3:1 or more from the page.
 */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

async function replaceValue(page: Page, value: string): Promise<void> {
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(value);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("after 'Add to cart' and a quantity change, focus is on the notice", async ({ page }) => {
      await page.goto("/");
      await tabTo(page, page.getByRole("button", { name: "Add to cart: Wool Throw" }));
      await page.keyboard.press("Enter");
      const added = page.getByRole("status").filter({ hasText: "Added 1 × “Wool Throw” to your cart." });
      await expect(added).toBeFocused();
      // The next Tab goes on to what the notice offers, not back to the top of the page.
      await page.keyboard.press("Tab");
      expect(await focusedText(page)).toBe("View cart");

      await page.goto("/products/enamel-mug");
      await tabTo(page, page.getByLabel("Quantity"));
      await replaceValue(page, "3");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("status").filter({ hasText: "Added 3 × “Enamel Mug” to your cart." })).toBeFocused();

      await page.goto("/cart");
      await tabTo(page, page.getByRole("spinbutton", { name: "Quantity of Wool Throw" }));
      await replaceValue(page, "4");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("status").filter({ hasText: "Updated “Wool Throw” to 4." })).toBeFocused();
      await expect(page.getByRole("spinbutton", { name: "Quantity of Wool Throw" })).toHaveValue("4");

      // Removing with the keyboard lands on the notice too.
      await tabTo(page, page.getByRole("button", { name: "Remove Enamel Mug" }));
      await page.keyboard.press("Enter");
      await expect(page.getByRole("status").filter({ hasText: "Removed “Enamel Mug”." })).toBeFocused();
    });

    test("a restore link's page: Tab to its button, Enter, and focus is on the notice in the cart", async ({ page, playwright }, testInfo) => {
      const baseURL = String(testInfo.project.use.baseURL);
      const link = await restoreLinkFor(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), [{ productId: "enamel-mug", quantity: 2 }]);
      await page.goto(link.path);
      await tabTo(page, page.getByRole("button", { name: "Restore these items to my cart" }));
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByRole("status").filter({ hasText: "Welcome back: we restored your cart." })).toBeFocused();
      await expect(page.getByRole("spinbutton", { name: "Quantity of Enamel Mug" })).toHaveValue("2");
    });

    test("a checkout step that does not validate puts focus on the list of fields to fix", async ({ page }) => {
      await page.goto("/products/field-notebook");
      await tabTo(page, page.getByRole("button", { name: "Add to cart" }));
      await page.keyboard.press("Enter");
      await expect(page.getByRole("status")).toBeFocused();
      await page.goto("/checkout");
      await tabTo(page, page.getByRole("button", { name: "Continue to shipping" }));
      await page.keyboard.press("Enter");
      const summary = page.getByRole("alert").filter({ hasText: "Please correct the fields marked below." });
      await expect(summary).toBeFocused();
      await page.keyboard.press("Tab");
      expect(await focusedText(page)).toBe("Email");
    });
  });
}

test("the admin's new restore link takes focus in its row, however far down", async ({ page, playwright }, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  await createShopperCarts(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), 30);
  await logInAs(page, "admin@example.com", "admin-password");
  await page.goto("/admin/abandoned");
  const buttons = page.getByRole("button", { name: /^Create link for / });
  const last = buttons.last();
  const key = (await last.getAttribute("aria-label"))!.replace("Create link for ", "");
  await tabTo(page, last, 200);
  await page.keyboard.press("Enter");
  const field = page.getByRole("textbox", { name: `Restore link for ${key}` });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(/\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
  await expect(field).toBeInViewport();
  // Its "Copy link" button is on screen too, next in the tab order.
  const copy = page.getByRole("button", { name: /^Copy link for / });
  await expect(copy).toBeInViewport();
  await page.keyboard.press("Tab");
  await expect(copy).toBeFocused();
});

test("the focus ring contrasts 3:1 or more with the page around it", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, page.getByRole("button", { name: "Add to cart: Linen Apron" }));
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    // The ring sits outside the button (outline-offset), on the card's background.
    let bg = "rgba(0, 0, 0, 0)";
    for (let node: HTMLElement | null = el.parentElement; node && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); node = node.parentElement) bg = getComputedStyle(node).backgroundColor;
    return { color: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle, offset: parseFloat(style.outlineOffset), bg };
  });
  const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const luminance = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(ring.color), luminance(ring.bg)].sort((a, b) => b - a);
  const contrast = (hi! + 0.05) / (lo! + 0.05);
  expect(ring.style).toBe("solid");
  expect(ring.width).toBeGreaterThanOrEqual(2);
  expect(ring.offset).toBeGreaterThan(0);
  expect(contrast, `${ring.color} on ${ring.bg}`).toBeGreaterThanOrEqual(3);
});

import { expect, test, type Page } from "@playwright/test";
import { adminWalk, createShopperCarts, logInAs, PHONE, shopperWalk } from "./helpers/walks";

/**
 * At 390 px (a phone) every page and state both walks reach fits the screen: nothing is
 * wider than the viewport, and no control sticks out of it. The walks click every button
 * they use with real clicks (Playwright checks each is visible, enabled, not covered and
 * inside the page first; nothing is forced), so each of those buttons is clickable here.
 */
async function fits(page: Page, state: string, seen: string[]): Promise<void> {
  const layout = await page.evaluate(() => {
    const width = window.innerWidth;
    const outside: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("a, button, input, select, textarea, img, svg, table, pre"))) {
      const rect = el.getBoundingClientRect();
      // Visually hidden helpers (1 px, clipped) and hidden elements take no room.
      if (rect.width <= 1 || rect.height <= 1 || el.closest("[hidden], .visually-hidden")) continue;
      if (rect.left < -0.5 || rect.right > width + 0.5) outside.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}" ${Math.round(rect.left)}–${Math.round(rect.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, outside };
  });
  expect(layout.scrollWidth, `${state}: page width at ${page.url()}`).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.outside, `${state}: controls outside the screen at ${page.url()}`).toEqual([]);
  seen.push(state);
}

test.describe("phone width (390×844)", () => {
  test.use({ viewport: PHONE });

  test("every shopper page fits and every button the walk uses is clicked for real", async ({ page }) => {
    const seen: string[] = [];
    await shopperWalk(page, (state, p) => fits(p, state, seen));
    expect(seen).toContain("checkout-review");
    expect(seen.length).toBeGreaterThanOrEqual(20);
  });

  test("every admin page fits and every button the walk uses is clicked for real", async ({ page, playwright }, testInfo) => {
    const baseURL = String(testInfo.project.use.baseURL);
    await createShopperCarts(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), 30);
    const seen: string[] = [];
    await adminWalk(page, (state, p) => fits(p, state, seen));
    expect(seen).toEqual(expect.arrayContaining(["admin-abandoned-link", "restore-link", "restore-done"]));
  });

  test("the header stays on one line: 'Log in' unbroken, the cart badge on screen", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    const logIn = await nav.getByRole("link", { name: "Log in" }).boundingBox();
    const shop = await nav.getByRole("link", { name: "Shop" }).boundingBox();
    const badge = await page.getByTestId("mini-cart-count").boundingBox();
    const brand = await page.getByRole("link", { name: "cartsession" }).boundingBox();
    expect(logIn && shop && badge && brand).toBeTruthy();
    // One text line high, every item on the brand's row, and the badge inside the screen.
    expect(logIn!.height).toBeLessThan(50);
    for (const box of [logIn!, shop!, badge!]) expect(Math.abs(box.y + box.height / 2 - (brand!.y + brand!.height / 2))).toBeLessThan(8);
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(PHONE.width);
  });

  test("the product grid shows two products per row", async ({ page }) => {
    await page.goto("/");
    const first = await page.getByTestId("product-linen-apron").boundingBox();
    const second = await page.getByTestId("product-enamel-mug").boundingBox();
    expect(first!.y).toBe(second!.y);
    expect(second!.x).toBeGreaterThan(first!.x + first!.width);
  });
});

test.describe("the store admin on a phone", () => {
  test.use({ viewport: PHONE });

  test("figures on one line in full rows of cards, filter choices uncut, list rows compact", async ({ page, playwright }, testInfo) => {
    const baseURL = String(testInfo.project.use.baseURL);
    await createShopperCarts(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), 26);
    await logInAs(page, "admin@example.com", "admin-password");
    await page.goto("/admin");
    const grid = await page.locator(".stat-grid").evaluate((dl) => {
      const cards = Array.from(dl.children) as HTMLElement[];
      const columns = new Set(cards.map((c) => Math.round(c.getBoundingClientRect().left))).size;
      const figures = Array.from(dl.querySelectorAll<HTMLElement>(".figure")).map((f) => ({
        text: f.textContent ?? "",
        lines: Math.round(f.getBoundingClientRect().height / parseFloat(getComputedStyle(f).lineHeight)),
        fits: f.scrollWidth <= f.clientWidth + 1,
      }));
      return { cards: cards.length, columns, figures };
    });
    // No half-empty row, and no figure broken over two lines or cut ("$193,917.0 / 0").
    expect(grid.cards % grid.columns).toBe(0);
    for (const f of grid.figures) expect(f, f.text).toMatchObject({ lines: 1, fits: true });

    for (const list of ["/admin/abandoned", "/admin/sessions"]) {
      await page.goto(list);
      // Every filter shows its whole choice ("Guests and customers", not "Guests and custo…").
      const cut = await page.locator(".filters select").evaluateAll((selects) =>
        (selects as HTMLSelectElement[]).flatMap((select) => {
          const probe = document.createElement("span");
          probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${getComputedStyle(select).font}`;
          probe.textContent = select.selectedOptions[0]?.textContent ?? "";
          document.body.append(probe);
          const text = probe.getBoundingClientRect().width;
          probe.remove();
          const style = getComputedStyle(select);
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
          return text > room ? [`${select.name}: "${probe.textContent}" needs ${Math.round(text)} px, has ${Math.round(room)}`] : [];
        }),
      );
      expect(cut, list).toEqual([]);
      // 25 rows as compact cards: well under the 290 px a row took as a label-per-line card.
      const rows = page.locator(".admin-table tbody tr");
      expect(await rows.count()).toBe(25);
      const height = (await page.locator(".admin-table tbody").boundingBox())!.height;
      expect(height / 25, `${list}: px per row`).toBeLessThan(140);
      await expect(page.getByRole("navigation", { name: /pages/ })).toBeVisible();
    }
  });

  test("nothing overflows at 320 px either", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 700 });
    const seen: string[] = [];
    for (const path of ["/", "/search?q=mug", "/products/copper-kettle", "/cart", "/no-such-page", "/cart/restore-failed"]) {
      await page.goto(path);
      await fits(page, path, seen);
    }
    await logInAs(page, "admin@example.com", "admin-password");
    for (const path of ["/admin", "/admin/sessions", "/admin/abandoned", "/admin/cleanup"]) {
      await page.goto(path);
      await fits(page, path, seen);
    }
  });
});

test.describe("phone width without JavaScript", () => {
  test.use({ viewport: PHONE, javaScriptEnabled: false });

  test("every shopper page fits and its buttons work", async ({ page }) => {
    const seen: string[] = [];
    await shopperWalk(page, (state, p) => fits(p, state, seen));
    expect(seen.length).toBeGreaterThanOrEqual(20);
  });
});

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminWalk, createShopperCarts, DESKTOP, PHONE, shopperWalk } from "./helpers/walks";

/**
 * axe-core on every page and state the shopper and admin walks reach, at desktop and phone
 * width: no moderate, serious or critical violation (minor ones are advice, and reported). (axe itself needs JavaScript in the page; the
 * pages' HTML is the same with it off, which e2e/responsive.spec.ts walks too.)
 * The WCAG 2.0–2.2 A/AA rules and axe's best practices run, plus the experimental
 * "label-content-name-mismatch" (WCAG 2.5.3: a control's name starts with its visible words).
 */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

async function audit(page: Page, state: string, seen: string[]): Promise<void> {
  // After a client-side navigation Next.js streams the new <title> in a moment later.
  await page.waitForFunction(() => document.title.trim().length > 0, null, { timeout: 5_000 });
  const results = await new AxeBuilder({ page }).withTags(TAGS).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "moderate" || v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect(serious, `${state} at ${page.url()}`).toEqual([]);
  seen.push(state);
}

for (const [label, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  test.describe(`axe at ${label} width (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport });

    test("the shopper walk has no moderate, serious or critical violation", async ({ page }) => {
      const seen: string[] = [];
      await shopperWalk(page, (state, p) => audit(p, state, seen));
      expect(seen.length).toBeGreaterThanOrEqual(20);
    });

    test("the admin walk has no moderate, serious or critical violation", async ({ page, playwright }, testInfo) => {
      const baseURL = String(testInfo.project.use.baseURL);
      // Enough carts that the lists page and the abandoned-cart list has rows.
      await createShopperCarts(() => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }), 30);
      const seen: string[] = [];
      await adminWalk(page, (state, p) => audit(p, state, seen));
      expect(seen.length).toBeGreaterThanOrEqual(10);
      // A restore link as its shopper opens it, and the cart it lands on.
      expect(seen).toEqual(expect.arrayContaining(["restore-link", "restore-done"]));
    });
  });
}

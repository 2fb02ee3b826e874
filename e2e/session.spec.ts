import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const COOKIE_NAME = `session_${createHash("md5").update(`http://localhost:${PORT}`).digest("hex")}`;

test("a first visit gets the session cookie with its flags, and keeps the same customer id on reload", async ({ page, context }) => {
  const response = await page.goto("/session");
  expect(response?.status()).toBe(200);

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === COOKIE_NAME);
  expect(session, `cookie ${COOKIE_NAME} issued`).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.path).toBe("/");
  expect(session!.secure).toBe(false); // SITE_URL is http here; https sets Secure
  const lifetime = session!.expires - Date.now() / 1000;
  expect(lifetime).toBeGreaterThan(172_800 - 120);
  expect(lifetime).toBeLessThanOrEqual(172_800 + 5);

  // The page rendered with the same identity the Set-Cookie carries.
  const customerId = await page.getByTestId("customer-id").textContent();
  expect(customerId).toMatch(/^t_[0-9a-f]{30}$/);
  const api = await page.request.get("/api/session");
  expect((await api.json()).customerId).toBe(customerId);

  await page.reload();
  await expect(page.getByTestId("customer-id")).toHaveText(customerId!);
  expect(cookies.some((c) => c.name === "items_in_cart")).toBe(false);
});

test("a forged session cookie silently becomes a fresh guest", async ({ page, context }) => {
  await context.addCookies([{ name: COOKIE_NAME, value: "Fe26.2*forged*cookie", url: `http://localhost:${PORT}` }]);
  const response = await page.goto("/session");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("customer-id")).toHaveText(/^t_[0-9a-f]{30}$/);
  const session = (await context.cookies()).find((c) => c.name === COOKIE_NAME);
  expect(session?.value).toMatch(/^Fe26\.2\*\d+\*/);
});

test("a write in a server action is read on the next request, with and without JavaScript", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/session");
    const customerId = await page.getByTestId("customer-id").textContent();
    await expect(page.getByTestId("has-session")).toHaveText(/not yet/);
    await page.getByLabel("Keep a note in your session").fill(`gift wrap ${javaScriptEnabled}`);
    await page.getByRole("button", { name: "Save note" }).click();
    await expect(page.getByTestId("note")).toHaveText(`gift wrap ${javaScriptEnabled}`);
    await page.goto("/session");
    await expect(page.getByTestId("note")).toHaveText(`gift wrap ${javaScriptEnabled}`);
    await expect(page.getByTestId("has-session")).toHaveText("yes");
    await expect(page.getByTestId("customer-id")).toHaveText(customerId!);
    await context.close();
  }
});

import { logIn } from "./helpers/accounts";
import { expect, test, type Browser, type Page } from "@playwright/test";

const miniCart = (page: Page) => page.getByTestId("mini-cart-count");

async function add(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: `Add to cart: ${name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” to your cart` })).toBeVisible();
}


async function logOut(page: Page) {
  await page.goto("/account");
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  // A personal page that shows the notice (the shared "/" shows none).
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toHaveText("You are logged out. Your cart is saved for your next login.");
}

async function newDevice(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("a guest's cart survives login, and logout leaves an empty cart", async ({ browser }) => {
  const { context, page } = await newDevice(browser);
  await add(page, "Linen Apron");
  await add(page, "Enamel Mug");
  const guestId = (await (await page.request.get("/api/session")).json()).customerId as string;
  const guestCookie = (await context.cookies()).find((c) => c.name.startsWith("session_"))!;

  await logIn(page, "demo@example.com", "demo-password");
  await expect(page.getByTestId("customer-id")).toHaveText("1");
  await expect(miniCart(page)).toHaveText("2");
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name.startsWith("session_"))!.value).not.toBe(guestCookie.value);
  expect(cookies.some((c) => c.name.startsWith("logged_in_"))).toBe(true);

  await page.goto("/cart");
  await expect(page.getByTestId("cart-line-linen-apron")).toBeVisible();
  await expect(page.getByTestId("cart-line-enamel-mug")).toBeVisible();

  // The old guest cookie, replayed elsewhere, reaches nothing (no session fixation).
  const attacker = await browser.newContext();
  await attacker.addCookies([guestCookie]);
  const replayed = await (await attacker.request.get("/api/cart")).json();
  expect(replayed.itemCount).toBe(0);
  const replayedId = (await (await attacker.request.get("/api/session")).json()).customerId;
  expect(replayedId).toBe(guestId);
  await attacker.close();

  await logOut(page);
  await expect(miniCart(page)).toHaveText("0");
  const after = await context.cookies();
  expect(after.some((c) => c.name === "items_in_cart" || c.name === "cart_hash")).toBe(false);
  expect(after.some((c) => c.name.startsWith("logged_in_"))).toBe(false);
  const session = await (await page.request.get("/api/session")).json();
  expect(session.isGuest).toBe(true);
  expect(session.customerId).not.toBe(guestId);
  await context.close();
});

test("logging in on a second device merges with the cart left on the first", async ({ browser }) => {
  const laptop = await newDevice(browser);
  await add(laptop.page, "Beeswax Candle");
  await logIn(laptop.page, "demo@example.com", "demo-password");

  const phone = await newDevice(browser);
  await add(phone.page, "Beeswax Candle");
  await add(phone.page, "Wool Throw");
  await logIn(phone.page, "demo@example.com", "demo-password");
  await phone.page.goto("/cart");
  await expect(phone.page.getByRole("spinbutton", { name: "Quantity of Beeswax Candle" })).toHaveValue("2");
  await expect(phone.page.getByTestId("cart-line-wool-throw")).toBeVisible();

  // The laptop sees the merged cart too: one customer, one session.
  await laptop.page.goto("/cart");
  await expect(laptop.page.getByRole("spinbutton", { name: "Quantity of Beeswax Candle" })).toHaveValue("2");

  await logOut(phone.page);
  // Logout ends this device's login only; the laptop stays logged in with the cart.
  expect((await (await laptop.page.request.get("/api/session")).json()).isGuest).toBe(false);
  expect((await (await phone.page.request.get("/api/session")).json()).isGuest).toBe(true);
  // "Log out everywhere" from the laptop ends every login, and the cart waits for the next one.
  await laptop.page.goto("/account");
  await laptop.page.getByRole("button", { name: "Log out on every device" }).click();
  await expect(laptop.page).toHaveURL(/\/login$/);
  await expect(laptop.page.getByRole("status")).toHaveText("You are logged out on every device. Your cart is saved for your next login.");
  expect((await (await laptop.page.request.get("/api/session")).json()).isGuest).toBe(true);
  await logIn(phone.page, "demo@example.com", "demo-password");
  await phone.page.goto("/cart");
  await expect(phone.page.getByRole("spinbutton", { name: "Quantity of Beeswax Candle" })).toHaveValue("2");
  await laptop.context.close();
  await phone.context.close();
});

test("a cookie and a Cart-Token copied before logout stay guests for good, also after the customer logs in again (admin included)", async ({ browser }) => {
  const { context, page } = await newDevice(browser);
  await logIn(page, "admin@example.com", "admin-password");
  expect((await page.request.get("/admin")).status()).toBe(200);
  const stolenCookies = await context.cookies();
  const token = (await page.request.get("/api/cart")).headers()["cart-token"]!;
  expect(token).toMatch(/^Fe26\.2\*/);

  await logOut(page);
  const thief = await browser.newContext();
  await thief.addCookies(stolenCookies);
  expect((await thief.request.get("/admin")).status()).toBe(404);

  // The customer logs in again, on another device.
  const other = await newDevice(browser);
  await logIn(other.page, "admin@example.com", "admin-password");
  expect((await other.page.request.get("/admin")).status()).toBe(200);

  // The copies reach nothing: not the admin, not the session.
  expect((await thief.request.get("/admin")).status()).toBe(404);
  expect((await (await thief.request.get("/api/session")).json()).isGuest).toBe(true);
  const headless = await browser.newContext();
  const viaToken = await (await headless.request.get("/api/session", { headers: { "Cart-Token": token } })).json();
  expect(viaToken.isGuest).toBe(true);
  await Promise.all([thief.close(), headless.close(), other.context.close(), context.close()]);
});

test("a wrong password is refused with a message and changes nothing", async ({ page }) => {
  await add(page, "Cotton Tote");
  await page.goto("/login");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The email or password is not right." })).toBeVisible();
  const session = await (await page.request.get("/api/session")).json();
  expect(session.isGuest).toBe(true);
  await expect(miniCart(page)).toHaveText("1");
});

test("the login API moves a headless guest's cart with its Cart-Token", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const added = await api.post("/api/cart/items", { data: { productId: "field-notebook", quantity: 2 } });
  const token = added.headers()["cart-token"]!;
  const bad = await api.post("/api/auth/login", { data: { email: "demo@example.com", password: "nope" }, headers: { "cart-token": token } });
  expect(bad.status()).toBe(401);
  expect((await bad.json()).error.code).toBe("invalid_credentials");
  const malformed = await api.post("/api/auth/login", { data: { email: 5 }, headers: { "cart-token": token } });
  expect(malformed.status()).toBe(400);
  const login = await api.post("/api/auth/login", {
    data: { email: "demo@example.com", password: "demo-password" },
    headers: { "cart-token": token },
  });
  expect(login.status()).toBe(200);
  expect(await login.json()).toEqual({ customerId: "1" });
  await api.post("/api/auth/logout");
  await api.dispose();
});

import { expect, test, type Page } from "@playwright/test";

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

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
  await expect(admin.getByRole("heading", { name: "Sessions", exact: true })).toBeVisible();
  const before = await figure(admin, "admin-rows");

  const baseURL = String(testInfo.project.use.baseURL);
  for (let i = 0; i < 3; i++) {
    const shopper = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    expect((await shopper.post("/api/cart/items", { data: { productId: "cotton-tote", quantity: 1 } })).status()).toBe(200);
    await shopper.dispose();
  }
  await admin.reload();
  expect(await figure(admin, "admin-rows")).toBe(before + 3);
  expect(await figure(admin, "admin-active")).toBeGreaterThanOrEqual(3);

  await admin.getByRole("button", { name: "Run cleanup now" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Cleanup deleted" })).toBeVisible();
  await expect(admin.getByTestId("cleanup-runs").getByRole("row").first()).toContainText("admin");
  await admin.screenshot({ path: testInfo.outputPath("admin-overview.png"), fullPage: true });
  await admin.close();
});

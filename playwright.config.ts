import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { UNTHROTTLED } from "./e2e/helpers/next-server";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Both overridable so two runs (e.g. two engineers) never share a data folder or port.
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";

// CI and this project's dev machines use Debian's Chromium; a laptop without it uses
// Playwright's own browser (`npx playwright install chromium`).
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: "reports/playwright.json" }]]
    : [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        },
      },
    },
  ],
  webServer: {
    // Exactly what a newcomer runs (`npm run demo`: the engine built, then `next build` and
    // `next start` of a demo store), on its own SQLite file, started fresh for every run. So
    // an empty shop on the first load of a fresh clone fails e2e/storefront.spec.ts.
    command: `rm -rf ${E2E_DATA_DIR} && npm run demo -- -p ${PORT}`,
    url: `http://localhost:${PORT}/api/session`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: {
      CARTSESSION_DATA_DIR: E2E_DATA_DIR,
      SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      SITE_URL: `http://localhost:${PORT}`,
      NEXT_TELEMETRY_DISABLED: "1",
      // Every non-empty cart counts as abandoned at once, so the admin tests need not wait.
      ABANDONED_CART_MINUTES: "0",
      ADMIN_API_TOKEN: "e2e-admin-api-token",
      // The cleanup cron route (e2e/restore-links.spec.ts calls it).
      CRON_SECRET: "e2e-cron-secret-0123456789",
      // No DEMO_STORE here: `npm run demo` sets it itself, for the build and the start.
      // Every request here comes from 127.0.0.1: the limits are tested on servers of their
      // own (e2e/hardening.spec.ts), so the rest of the suite is not throttled.
      ...UNTHROTTLED,
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});

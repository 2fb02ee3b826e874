/**
 * Screenshots of every page and state of the demo store and the store admin, at desktop
 * (1280×800) and phone (390×844) width, into docs/screenshots/ (shown in docs/demo.md):
 *
 *   npm run screenshots                # production build into .next-screenshots, then shoot
 *   npm run screenshots -- --no-build  # reuse that build
 *
 * It runs its own server on its own port (SCREENSHOT_PORT, default 3320) and data folder
 * (.data/screenshots, recreated each run, with generated sessions so the admin has
 * figures), walks the store with the same walks the accessibility and responsive specs
 * use, and changes no tracked file except the PNGs (next build's rewrite of tsconfig.json
 * for the extra build folder is undone).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { chromium, request, type Browser, type Page } from "@playwright/test";
import { adminWalk, createShopperCarts, DESKTOP, PHONE, shopperWalk } from "../e2e/helpers/walks";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.SCREENSHOT_PORT ?? 3320);
const BASE = `http://localhost:${PORT}`;
const DIST = process.env.SCREENSHOT_DIST ?? ".next-screenshots";
const DATA_DIR = ".data/screenshots";
const OUT = path.join(root, "docs/screenshots");
/** States about where the page is after an action: the screen as the shop owner sees it. */
const VIEWPORT_ONLY = new Set(["admin-abandoned-link"]);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_DIST_DIR: DIST,
  CARTSESSION_DATA_DIR: DATA_DIR,
  SESSION_SECRET: "screenshots-secret-screenshots-secret-0001",
  SITE_URL: BASE,
  NEXT_TELEMETRY_DISABLED: "1",
  // Idle carts older than 30 minutes are "abandoned"; the generated sessions supply them.
  ABANDONED_CART_MINUTES: "30",
  // A production build of the demo: seeded like `npm run demo` (DEMO_STORE=1 for the build
  // and the start, as package.json's "demo" sets it), and not throttled (every
  // request of the walk comes from 127.0.0.1).
  DEMO_STORE: "1",
  SESSION_NEW_PER_ADDRESS: "off",
  LOGIN_LIMIT_PER_ADDRESS: "1000000/900",
  LOGIN_LIMIT_PER_ACCOUNT: "1000000/900",
};

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

function build(): void {
  // `next build` with another dist folder adds it to tsconfig.json's includes: put it back.
  const tsconfig = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  try {
    run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
  } finally {
    if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  }
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).status > 0) return server;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  server.kill();
  throw new Error(`the server on port ${PORT} did not come up`);
}

async function shoot(name: string, page: Page, suffix: string): Promise<void> {
  // Lazy images below the fold load before the picture is taken.
  await page.evaluate(async () => {
    for (const img of Array.from(document.images)) img.loading = "eager";
    await Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => img.addEventListener("load", r, { once: true })))));
  });
  const file = path.join(OUT, `${name}-${suffix}.png`);
  if (VIEWPORT_ONLY.has(name)) await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
  // Every other state full length, pager and footer included: the page as long as it really is.
  else await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
  console.log(`  ${path.relative(root, file)}`);
}

/**
 * Two shoppers who typed their email at checkout and left, 45 minutes ago (their rows'
 * last activity moved back), so the abandoned-cart list shows whom to write to.
 */
async function shoppersWhoLeft(browser: Browser): Promise<void> {
  const keys: string[] = [];
  for (const [email, name, products] of [
    ["marie@example.com", "Marie Curie", ["glass-carafe", "beeswax-candle"]],
    ["ravi@example.com", "Ravi Shankar", ["wool-throw"]],
  ] as const) {
    const context = await browser.newContext({ baseURL: BASE });
    const page = await context.newPage();
    for (const id of products) {
      await page.goto(`/products/${id}`);
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.getByRole("status").first().waitFor();
    }
    await page.goto("/checkout");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Full name").fill(name);
    await page.getByRole("button", { name: "Continue to shipping" }).click();
    await page.getByRole("alert").first().waitFor();
    keys.push(((await (await page.request.get("/api/session")).json()) as { customerId: string }).customerId);
    await context.close();
  }
  const db = new Database(path.join(root, DATA_DIR, "sessions.db"));
  try {
    const update = db.prepare("UPDATE sessions SET session_updated = session_updated - 2700 WHERE session_key = ?");
    for (const key of keys) update.run(key);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes("--no-build") || !existsSync(path.join(root, DIST))) build();
  rmSync(path.join(root, DATA_DIR), { recursive: true, force: true });
  // Realistic admin figures: active guest sessions over the last two days, and some expired rows.
  run(process.execPath, ["--import", "tsx", "scripts/sessions.ts", "generate", "1200"]);
  run(process.execPath, ["--import", "tsx", "scripts/sessions.ts", "generate", "150", "--expired"]);
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  const browser = await chromium.launch({ executablePath: systemChromium, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    await createShopperCarts(() => request.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } }), 6);
    await shoppersWhoLeft(browser);
    for (const [suffix, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      console.log(`${suffix} (${viewport.width}×${viewport.height}):`);
      for (const walk of [shopperWalk, adminWalk]) {
        const context = await browser.newContext({ viewport, baseURL: BASE, reducedMotion: "reduce" });
        const page = await context.newPage();
        await walk(page, (name, p) => shoot(name, p, suffix));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

await main();

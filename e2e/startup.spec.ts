import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { stopServer, waitForHttp } from "./helpers/next-server";

/* Issue 20: a bad configuration stops the start, with one line naming the variable and its limit. */
const PORT = Number(process.env.E2E_PORT ?? 3210) + 60;

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SESSION_SECRET: "startup-secret-startup-secret-startup-00", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => server.kill("SIGKILL"), 20_000);
    server.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test.describe("a bad configuration", () => {
  for (const [env, message] of [
    [{ SESSION_EXPIRING: "30" }, /SESSION_EXPIRING must be between 60 and \d+ seconds, got 30/],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET password 1 is 5 characters; each needs at least 32/],
    [{ CRON_SECRET: "abc" }, /CRON_SECRET is 3 characters; use at least 16/],
    [{ DATABASE_URL: "mysql://nope" }, /DATABASE_URL must start with postgres:\/\//],
  ] as const) {
    test(`stops the start with one clear line: ${Object.keys(env)[0]}`, async () => {
      const { code, stderr } = await start(env);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/^\[cartsession\] cannot start: Invalid cartsession configuration: /m);
    });
  }

  test("a production start without SESSION_SECRET is refused instead of inventing a per-instance secret", async () => {
    const { code, stderr } = await start({ SESSION_SECRET: "", DEMO_STORE: "" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SESSION_SECRET is not set/);
  });
});

test("the demo's generated-secret warning is printed once per start, not once per bundle", async () => {
  const port = PORT + 1;
  const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DEMO_STORE: "1", SESSION_SECRET: "", CARTSESSION_DATA_DIR: "test-results/startup-secret" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/api/session`);
    // Pages (the proxy and their bundles), the API, a static page: every bundle loads.
    for (const page of ["/", "/cart", "/api/session", "/api/cart", "/no-such-page", "/login", "/products/enamel-mug"]) await fetch(`http://127.0.0.1:${port}${page}`);
  } finally {
    await stopServer(server);
  }
  expect(stderr.match(/SESSION_SECRET is not set; using the generated secret/g)).toHaveLength(1);
});

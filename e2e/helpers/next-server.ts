import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Resolves once `url` answers at all (any status), or throws after ~`seconds`. */
export async function waitForHttp(url: string, seconds = 20): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up within ${seconds} s`);
}

/** The limits switched off in practice; e2e/hardening.spec.ts tests them on servers of its own. */
export const UNTHROTTLED = {
  SESSION_NEW_PER_ADDRESS: "1000000/3600",
  LOGIN_LIMIT_PER_ADDRESS: "1000000/900",
  LOGIN_LIMIT_PER_ACCOUNT: "1000000/900",
};

/**
 * Another `next start` on the production build Playwright's webServer made (the same dist
 * folder), with its own environment, for tests that need a differently configured server;
 * or, with `cwd`, on another app's build (the consumer app).
 */
export async function startNextServer(port: number, env: Record<string, string>, cwd = process.cwd(), readyPath = "/api/session"): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.join(cwd, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd,
    // Seeded like the main test server (a production build that is a demo: DEMO_STORE=1),
    // and, like it, not throttled unless the test says so (every request is 127.0.0.1).
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DEMO_STORE: "1", ...UNTHROTTLED, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}${readyPath}`);
  return server;
}

/**
 * Stops a child process (a server, nginx) and resolves once it has exited, so whatever it
 * writes to is no longer written to: SIGTERM, then SIGKILL after 10 s.
 */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  const kill = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(kill);
}

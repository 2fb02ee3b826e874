import { loadConfig, type SessionConfig } from "../../lib/session/config";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0001";

/** A validated configuration for tests, never touching `.data/`. */
export function testConfig(env: Record<string, string | undefined> = {}): SessionConfig {
  return loadConfig({ SESSION_SECRET: TEST_SECRET, SITE_URL: "http://localhost:3000", ...env }, () => {});
}

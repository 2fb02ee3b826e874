import { expect, test } from "@playwright/test";
import { runCartLoad } from "../test/load/cart-load";

/*
 * Issue 7's load proof on the embedded SQLite store, against the production build that
 * Playwright started. The Postgres run is in e2e/multi-instance.spec.ts's servers.
 * Full counts also run standalone: `npm run load-test -- --base-url http://localhost:3000`.
 */
const baseURL = () => String(test.info().project.use.baseURL);

test("200 concurrent add-to-cart requests on one session leave exactly 200 units, with no 5xx", async () => {
  const result = await runCartLoad({ sessions: 1, requestsPerSession: 200, productId: "field-notebook", baseUrls: [baseURL()] });
  console.log("one session x 200:", JSON.stringify(result));
  expect(result.statuses).toEqual({ "200": 200 });
  expect(result.mismatches).toEqual([]);
});

test("50 sessions x 20 concurrent requests each: every cart exact, no 5xx", async () => {
  test.setTimeout(180_000);
  const result = await runCartLoad({ sessions: 50, requestsPerSession: 20, productId: "enamel-mug", baseUrls: [baseURL()] });
  console.log("50 sessions x 20:", JSON.stringify(result));
  expect(result.statuses).toEqual({ "200": 1000 });
  expect(result.mismatches).toEqual([]);
});

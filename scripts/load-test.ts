/**
 * npm run load-test -- --base-url http://localhost:3000 [--base-url http://localhost:3001]
 *                       [--sessions 50] [--requests 20] [--product field-notebook]
 * Fires concurrent add-to-cart requests at running servers (loopback only) and checks every
 * cart holds exactly what was sent. Exit code 1 on any 5xx, network error or wrong count.
 */
import { parseArgs } from "node:util";
import { runCartLoad } from "../test/load/cart-load";

const { values } = parseArgs({
  options: {
    "base-url": { type: "string", multiple: true, default: ["http://localhost:3000"] },
    sessions: { type: "string", default: "1" },
    requests: { type: "string", default: "200" },
    product: { type: "string", default: "field-notebook" },
  },
});
const baseUrls = values["base-url"] ?? [];
for (const url of baseUrls) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "[::1]"].includes(host)) throw new Error(`refusing to load ${url}: loopback only`);
}
const result = await runCartLoad({
  sessions: Number(values.sessions),
  requestsPerSession: Number(values.requests),
  productId: String(values.product),
  baseUrls,
});
console.log(JSON.stringify(result, null, 2));
const bad = Object.keys(result.statuses).some((s) => s !== "200") || result.mismatches.length > 0;
process.exit(bad ? 1 : 0);

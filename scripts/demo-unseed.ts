/**
 * `npm run demo:unseed`: removes the demo accounts (admin@example.com, demo@example.com)
 * and the demo products from the database the app uses. Run it before using this database
 * for anything real, or never let the demo seed it (NODE_ENV=production without DEMO_STORE=1).
 */
import { demoDatabase, unseedDemoDatabase } from "../db";

process.env.DEMO_STORE = "";
const removed = await unseedDemoDatabase();
await (await demoDatabase()).close();
console.log(`Removed ${removed.users} demo accounts and ${removed.products} demo products.`);

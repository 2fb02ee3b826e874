import { ironCookiePush } from "@/bench/next/peers";

export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the cart push with the cart in an iron-session cookie. */
export const POST = ironCookiePush;

import { ironCookiePush } from "@/lib/bench/peers";

export const dynamic = "force-dynamic";

/** Benchmark peer: the cart push with the cart in an iron-session cookie (404 unless CARTSESSION_BENCH=1). */
export const POST = ironCookiePush;

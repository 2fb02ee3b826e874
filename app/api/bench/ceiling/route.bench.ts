import { ceilingPush } from "@/bench/next/peers";

export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the cart push's ceiling, validating and answering the same JSON with nothing stored. */
export const POST = ceilingPush;

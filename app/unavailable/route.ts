export const dynamic = "force-dynamic";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Back in a moment · cartsession demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; min-height: 100vh; place-items: center; background: #faf7f2; color: #222; }
  main { max-width: 32rem; padding: 2rem 1.5rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  a { color: #7a3e12; }
</style>
</head>
<body>
<main>
  <h1>Back in a moment</h1>
  <p>The shop cannot reach its database right now. Your cart is safe: nothing you saved is lost.</p>
  <p>Please try again in a few seconds: <a href="/cart">your cart</a> · <a href="/">the shop</a></p>
</main>
</body>
</html>`;

/**
 * Where pages and forms land while the database is down (lib/sessions.ts): a real 503
 * with Retry-After, which Server Components and Server Actions cannot answer themselves.
 */
export function GET(): Response {
  return new Response(PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "private, no-store" } });
}

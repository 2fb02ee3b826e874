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
export function GET(request: Request): Response {
  const search = new URL(request.url).searchParams;
  if (search.get("reason") === "rate-limited") {
    const retry = /^\d{1,5}$/.test(search.get("retry") ?? "") ? Number(search.get("retry")) : 60;
    const minutes = Math.max(1, Math.ceil(retry / 60));
    const page = PAGE.replace("Back in a moment ·", "Too many new carts ·")
      .replace("<h1>Back in a moment</h1>", "<h1>Too many new carts</h1>")
      .replace(
        /<p>The shop cannot reach[^<]*<\/p>/,
        `<p>Too many new carts were started from your network. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.</p>`,
      );
    return new Response(page, { status: 429, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(retry), "Cache-Control": "private, no-store" } });
  }
  return new Response(PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "private, no-store" } });
}

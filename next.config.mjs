const isDev = process.env.NODE_ENV !== "production";
/**
 * `npm run bench` builds the app with CARTSESSION_BENCH_BUILD=1 into its own dist dir
 * (bench/http.ts): only then are the benchmark routes (`route.bench.ts`) compiled, and the
 * proxy's empty-proxy path kept. The demo's own build has neither.
 */
const benchBuild = process.env.CARTSESSION_BENCH_BUILD === "1";

/** Security headers on every page and API response (see SECURITY.md). */
const securityHeaders = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      // Next.js inlines its bootstrap scripts; dev mode also needs eval for fast refresh.
      `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join("; "),
  },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Strict-Transport-Security is set at run time by proxy.ts from SITE_URL (this file's
  // headers are fixed at build time, when SITE_URL may not be known).
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  pageExtensions: benchBuild ? ["bench.ts", "tsx", "ts"] : ["tsx", "ts"],
  // Inlined at build time: "" in every build but the bench's, so its code is compiled out.
  env: { CARTSESSION_BENCH_BUILD: benchBuild ? "1" : "" },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
    ];
  },
  // Catalog pages are regenerated every 5 minutes (revalidate = 300) and may be served
  // stale for up to an hour while a cache refreshes them.
  expireTime: 3600,
  reactStrictMode: true,
  experimental: {
    // The demo's forms are small: refuse big bodies instead of buffering them (SECURITY.md).
    serverActions: { bodySizeLimit: "64kb" },
    proxyClientMaxBodySize: "64kb",
  },
  poweredByHeader: false,
  // Lets tests build into their own folder while another build runs (default .next).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native driver: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3"],
  // The migrations are read from disk at start; ship them with every server function.
  outputFileTracingIncludes: {
    "/**": ["./db/migrations/**/*"],
  },
};

export default nextConfig;

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
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

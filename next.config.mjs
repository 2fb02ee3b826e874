/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native driver: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3"],
  // The migrations are read from disk at start; ship them with every server function.
  outputFileTracingIncludes: {
    "/**": ["./db/migrations/**/*"],
  },
};

export default nextConfig;

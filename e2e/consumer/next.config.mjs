/** @type {import('next').NextConfig} */
const nextConfig = {
  // The next major's defaults: every page is dynamic unless cached on purpose.
  cacheComponents: true,
  partialPrefetching: true,
  serverExternalPackages: ["better-sqlite3"],
};

export default nextConfig;

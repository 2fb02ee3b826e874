/** @type {import('next').NextConfig} */
export default {
  // The next major's default: every page is dynamic unless cached on purpose.
  cacheComponents: true,
  partialPrefetching: true,
  serverExternalPackages: ["better-sqlite3"],
};

// Next.js configuration. Database drivers and the logger stay outside the bundle: PGlite loads its
// WebAssembly and data files from node_modules at run time, and pg/pino use Node-only modules.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pino", "file-type", "sharp", "@ffmpeg-installer/ffmpeg", "pg-boss"],
  // Migrations are read from disk at start-up; make sure they ship with the server output.
  outputFileTracingIncludes: {
    "/**": ["./lib/server/db/migrations/**/*"],
  },
};

export default nextConfig;

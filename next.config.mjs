// Next.js configuration. Database drivers and the logger stay outside the bundle: PGlite loads its
// WebAssembly and data files from node_modules at run time, and pg/pino use Node-only modules.
import { assertPublicEnvSafe } from "./lib/build/public-env.mjs";

// Before anything else: no server secret may sit in a public variable (lib/build/public-env.mjs).
assertPublicEnvSafe();

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pino", "file-type", "sharp", "@ffmpeg-installer/ffmpeg", "pg-boss"],
  // Migrations are read from disk at start-up; make sure they ship with the server output.
  outputFileTracingIncludes: {
    "/**": ["./lib/server/db/migrations/**/*"],
  },
  // On every page and API answer; the Content-Security-Policy (with its per-request nonce) is set
  // on pages by proxy.ts.
  async headers() {
    return [
      {
        // Not on Next.js's hashed static files: they are served with their right type, and these
        // headers would only add bytes to every chunk.
        source: "/((?!_next/static/).*)",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;

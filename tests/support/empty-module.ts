// Stands in for the `server-only` marker package under Vitest, which runs outside Next's
// react-server environment. `next build` still enforces the marker for client components.
export {};

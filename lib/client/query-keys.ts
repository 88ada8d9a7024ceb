// Every react-query key in one place, so invalidation always hits what it means to.
export const queryKeys = {
  tasks: {
    all: ["tasks"] as const,
    list: (filters: string, cursor: string | null) => ["tasks", "list", filters, cursor] as const,
    mineInFlight: ["tasks", "mine-in-flight"] as const,
    recentMine: ["tasks", "recent-mine"] as const,
    detail: (id: string) => ["tasks", "detail", id] as const,
  },
  quote: (signature: string) => ["quote", signature] as const,
  recentPrompts: ["tasks", "recent-prompts"] as const,
  presets: ["presets"] as const,
  models: ["models"] as const,
  providerStatus: ["provider-status"] as const,
  team: ["team"] as const,
  gallery: (filters: string) => ["gallery", filters] as const,
  galleryAll: ["gallery"] as const,
  usage: (filters: string) => ["usage", filters] as const,
  admin: {
    providers: ["admin", "providers"] as const,
    webhooks: ["admin", "webhooks"] as const,
    audit: (filters: string) => ["admin", "audit", filters] as const,
    budgets: ["admin", "budgets"] as const,
    access: ["admin", "access"] as const,
    approvals: ["admin", "approvals"] as const,
    alerts: ["admin", "alerts"] as const,
  },
  users: { all: ["users"] as const, invites: ["users", "invites"] as const },
};

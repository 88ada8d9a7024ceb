import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  type AnyPgColumn,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// One schema for PGlite and Postgres. Timestamps are timestamptz; ids are random UUID strings made
// by the app so a row's id is known before it is written.

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

// Millisecond precision, like JavaScript dates: keyset cursors carry these values through the browser.
const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" })
    .notNull()
    .default(sql`date_trunc('milliseconds', now())`);
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    disabledAt: at("disabled_at"),
    // Bumped when a password is reset or a user is disabled, so older sessions stop working.
    sessionVersion: integer("session_version").notNull().default(1),
    // A deleted member stays as a row so their tasks, uploads and audit entries keep an owner: the
    // email is freed (replaced by a placeholder), the password made unusable, the name kept for
    // history and shown as "former member".
    deletedAt: at("deleted_at"),
    // Who this person is at the company's identity provider ("<issuer> <sub>"), once they have
    // signed in with it: later sign-ins match on it, whatever their email has become.
    oidcSubject: text("oidc_subject"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_oidc_subject_key").on(t.oidcSubject),
    check("users_role_check", sql`${t.role} in ('admin', 'member')`),
  ],
);

export const uploads = pgTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    mime: text("mime", { enum: ["image/png", "image/jpeg", "image/webp"] }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    sha256: text("sha256").notNull(),
    // Path relative to DATA_DIR; the file name is random and never derived from user input.
    storagePath: text("storage_path").notNull(),
    originalName: text("original_name"),
    createdAt: createdAt(),
  },
  (t) => [index("uploads_owner_idx").on(t.ownerId, t.createdAt)],
);

export const TASK_STATES = ["awaiting_approval", "pending", "queued", "running", "succeeded", "failed", "canceled", "expired"] as const;

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    sandbox: boolean("sandbox").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    // Uploads the input uses (any image field), so a teammate may re-run it with the same images.
    inputUploadIds: text("input_upload_ids")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    promptText: text("prompt_text").notNull(),
    state: text("state", { enum: TASK_STATES }).notNull(),
    providerStatus: text("provider_status"),
    idempotencyKey: text("idempotency_key").notNull(),
    // Hash of owner, model and input while the task is in flight: an identical request from the same
    // person cannot start a second paid task (a double click, a resubmit) unless they insist.
    requestHash: text("request_hash"),
    // Variants made together from one request (1 to 4, the same settings): shown as one group.
    batchId: text("batch_id"),
    providerTaskId: text("provider_task_id"),
    submitAttempts: integer("submit_attempts").notNull().default(0),
    lastSubmitAt: at("last_submit_at"),
    // Creates that reached the provider and got no clear answer (a 5xx, a lost or unreadable
    // answer): each may have made the task. Bounded per provider (capabilities.createResends).
    submitErrors: integer("submit_errors").notNull().default(0),
    // The next resend after such an answer waits until then: spaced minutes apart, across restarts.
    submitRetryAt: at("submit_retry_at"),
    creditsQuoted: integer("credits_quoted"),
    creditsCharged: integer("credits_charged"),
    creditsRefunded: integer("credits_refunded"),
    // What the task was expected to cost when it was created (lib/server/budgets/expected-cost.ts):
    // the credits held against budgets until the provider says what it charged.
    holdCredits: integer("hold_credits"),
    holdBasis: text("hold_basis", { enum: ["quote", "estimate", "model-max", "provider-default"] }),
    // Hash of the settings that decide the price (the input without prompts and images), so an
    // estimate from "the same settings" is one index lookup.
    priceKey: text("price_key"),
    // Approval before anything is sent (tasks whose expected cost is above the threshold): until
    // when it may wait, and who decided, when, with what note.
    approvalExpiresAt: at("approval_expires_at"),
    approvalDecision: text("approval_decision", { enum: ["approved", "rejected", "expired"] }),
    approvalDecidedBy: text("approval_decided_by"),
    approvalDecidedAt: at("approval_decided_at"),
    approvalNote: text("approval_note"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    errorFields: jsonb("error_fields").$type<Record<string, string>>(),
    outputUrl: text("output_url"),
    outputKind: text("output_kind", { enum: ["video", "image"] }),
    mediaPath: text("media_path"),
    mediaMime: text("media_mime"),
    mediaBytes: bigint("media_bytes", { mode: "number" }),
    mediaSha256: text("media_sha256"),
    // A still from the output (JPEG), for lists and the gallery, so no video bytes load until played.
    posterPath: text("poster_path"),
    mediaWidth: integer("media_width"),
    mediaHeight: integer("media_height"),
    archiveAttempts: integer("archive_attempts").notNull().default(0),
    // Archive and poster tries back off (archiveRetryAt) and stop at a cap, so a broken output is
    // not fetched or probed again every cycle forever.
    archiveRetryAt: at("archive_retry_at"),
    posterAttempts: integer("poster_attempts").notNull().default(0),
    createdAt: createdAt(),
    queuedAt: at("queued_at"),
    startedAt: at("started_at"),
    finishedAt: at("finished_at"),
    // After this, the watchdog asks the provider one last time and then marks the task expired.
    deadlineAt: at("deadline_at"),
    // Consecutive reconcile cycles in which the provider did not know this task; failed after three.
    providerMissingCount: integer("provider_missing_count").notNull().default(0),
    // When the provider last said it does not know this task: strikes count only minutes apart.
    providerMissingAt: at("provider_missing_at"),
    // How far along the provider says the task is (0-100), for providers that report it (APIDot).
    progress: integer("progress"),
    // The team's star rating of the output (1-5), set by its owner or an admin; null until rated.
    rating: smallint("rating"),
    // The project the task belongs to, if any (chosen on Generate, changeable later); deleting a
    // project leaves its tasks in none.
    projectId: text("project_id").references((): AnyPgColumn => projects.id, { onDelete: "set null" }),
    // Deleted by its owner or an admin: gone from every
    // view at once; its files stay for the grace period (an admin may restore it until then), then
    // go, and filesPurgedAt says when. The row itself stays, for the ledger and the audit log.
    deletedAt: at("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id),
    // Deleted by the team's retention rule (unfavourited outputs older than N days), not a person.
    deletedByRetention: boolean("deleted_by_retention").notNull().default(false),
    // When an admin last restored it: the retention rule never deletes a restored output again.
    restoredAt: at("restored_at"),
    filesPurgedAt: at("files_purged_at"),
    // The team's review of the output: null (not reviewed), approved or changes requested, with who
    // (a teammate, or the name a share-link viewer gave), when and a note. Each review is also a
    // step in the task's timeline, so the history stays.
    reviewState: text("review_state", { enum: ["approved", "changes_requested"] }),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewerName: text("reviewer_name"),
    reviewedExternally: boolean("reviewed_externally").notNull().default(false),
    reviewedAt: at("reviewed_at"),
    // When the reconciler last asked the provider about this task (long tasks with a callback are
    // asked less often).
    lastCheckedAt: at("last_checked_at"),
    updatedAt: updatedAt(),
    // Derived columns for sorting and searching the task table with indexes.
    durationMs: bigint("duration_ms", { mode: "number" }).generatedAlwaysAs(
      sql`(extract(epoch from (finished_at - created_at)) * 1000)::bigint`,
    ),
    promptSearch: tsvector("prompt_search").generatedAlwaysAs(sql`to_tsvector('simple', prompt_text)`),
    // What the task counts against budgets, derived in the row so no code path can forget to settle
    // it: while in flight, the provider's charge once known, else the hold; when it succeeded, the
    // charge less refunds (the hold when the provider never said); when it failed or was cancelled,
    // only what the provider reports it kept (a charge with a known, smaller refund: failures and
    // cancels are refunded); when Cutroom stopped waiting (expired), the charge unless refunded, since
    // the provider may still be running it.
    spendCredits: integer("spend_credits")
      .notNull()
      .generatedAlwaysAs(
        sql`case
          when state in ('failed', 'canceled') then
            case when credits_charged is not null and credits_refunded is not null then greatest(credits_charged - credits_refunded, 0) else 0 end
          when state = 'expired' then greatest(coalesce(credits_charged, 0) - coalesce(credits_refunded, 0), 0)
          when credits_charged is null then coalesce(hold_credits, 0)
          else greatest(credits_charged - coalesce(credits_refunded, 0), 0)
        end`,
      ),
  },
  (t) => [
    uniqueIndex("tasks_idempotency_key_key").on(t.idempotencyKey),
    uniqueIndex("tasks_provider_task_key").on(t.provider, t.providerTaskId),
    uniqueIndex("tasks_in_flight_request_key")
      .on(t.requestHash)
      .where(sql`${t.state} in ('awaiting_approval', 'pending', 'queued', 'running') and ${t.requestHash} is not null`),
    // One index per list filter, each ending in the keyset order, so any page is an index scan; all
    // over tasks not deleted, as every list is (so a count reads an index alone).
    index("tasks_created_idx")
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index("tasks_owner_created_idx")
      .on(t.ownerId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index("tasks_state_created_idx")
      .on(t.state, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index("tasks_model_created_idx")
      .on(t.provider, t.model, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index("tasks_duration_desc_idx")
      .on(t.durationMs.desc(), t.id.desc())
      .where(sql`${t.durationMs} is not null and ${t.deletedAt} is null`),
    index("tasks_duration_asc_idx")
      .on(t.durationMs.asc(), t.id.asc())
      .where(sql`${t.durationMs} is not null and ${t.deletedAt} is null`),
    index("tasks_owner_duration_idx")
      .on(t.ownerId, t.durationMs.desc(), t.id.desc())
      .where(sql`${t.durationMs} is not null and ${t.deletedAt} is null`),
    index("tasks_search_idx").using("gin", t.promptSearch),
    // Which tasks used an upload as their image (re-running a teammate's task may reuse it).
    index("tasks_input_uploads_idx").using("gin", t.inputUploadIds),
    index("tasks_gallery_idx")
      .on(t.finishedAt.desc(), t.id.desc())
      .where(sql`${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    // Search within the gallery: its own rows only, so a common word is one small bitmap rather
    // than the whole table's matches ANDed with the gallery's (which the planner may skip for a scan).
    index("tasks_gallery_search_idx")
      .using("gin", t.promptSearch)
      .where(sql`${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    index("tasks_gallery_owner_idx")
      .on(t.ownerId, t.finishedAt.desc(), t.id.desc())
      .where(sql`${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    // Budgets sum spend per provider (and per member) over a day or a month.
    index("tasks_spend_idx").on(t.provider, t.createdAt),
    index("tasks_owner_spend_idx").on(t.ownerId, t.provider, t.createdAt),
    // The Usage report reads a period's rows from this index alone (an index-only scan).
    index("tasks_usage_idx").on(t.createdAt, t.provider, t.sandbox, t.ownerId, t.model, t.spendCredits),
    // Estimates read the latest charges of one model with the same settings.
    index("tasks_price_key_idx")
      .on(t.provider, t.model, t.priceKey, t.finishedAt.desc())
      .where(sql`${t.state} = 'succeeded' and ${t.creditsCharged} is not null`),
    index("tasks_in_flight_idx")
      .on(t.provider, t.state)
      .where(sql`${t.state} in ('pending', 'queued', 'running')`),
    check(
      "tasks_state_check",
      sql`${t.state} in ('awaiting_approval', 'pending', 'queued', 'running', 'succeeded', 'failed', 'canceled', 'expired')`,
    ),
    check("tasks_rating_check", sql`${t.rating} between 1 and 5`),
    // What waits for its files to go (the purge), and the admins' list of deleted outputs.
    index("tasks_deleted_idx")
      .on(t.deletedAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is not null`),
    // A project's tasks and its board (outputs), in each list's keyset order.
    index("tasks_project_created_idx")
      .on(t.projectId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.projectId} is not null and ${t.deletedAt} is null`),
    index("tasks_project_gallery_idx")
      .on(t.projectId, t.finishedAt.desc(), t.id.desc())
      .where(sql`${t.projectId} is not null and ${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    // "Rated N or more": the few rated tasks, in the keyset order of each list.
    index("tasks_rated_created_idx")
      .on(t.rating, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.rating} is not null and ${t.deletedAt} is null`),
    index("tasks_reviewed_created_idx")
      .on(t.reviewState, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.reviewState} is not null and ${t.deletedAt} is null`),
    index("tasks_reviewed_gallery_idx")
      .on(t.reviewState, t.finishedAt.desc(), t.id.desc())
      .where(sql`${t.reviewState} is not null and ${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    check("tasks_review_state_check", sql`${t.reviewState} in ('approved', 'changes_requested')`),
    index("tasks_rated_gallery_idx")
      .on(t.rating, t.finishedAt.desc(), t.id.desc())
      .where(sql`${t.rating} is not null and ${t.state} = 'succeeded' and ${t.mediaPath} is not null and ${t.deletedAt} is null`),
    // The approval queue, oldest first, and the sweep that expires what waited too long.
    index("tasks_awaiting_approval_idx")
      .on(t.createdAt)
      .where(sql`${t.state} = 'awaiting_approval'`),
  ],
);

/**
 * Projects: named groups of the team's tasks (a campaign, a client, a film). Everyone sees them
 * all; whoever made one, or an admin, renames or deletes it. Names are unique regardless of case.
 */
export const projects = pgTable(
  "projects",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("projects_name_key").on(sql`lower(${t.name})`)],
);
export type Project = typeof projects.$inferSelect;

export const EVENT_KINDS = ["state", "submit", "poll", "webhook", "archive", "cancel", "note", "review"] as const;

export const taskEvents = pgTable(
  "task_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    source: text("source", { enum: ["user", "provider", "reconciler", "webhook", "watchdog", "system"] }).notNull(),
    kind: text("kind", { enum: EVENT_KINDS }).notNull().default("note"),
    fromState: text("from_state"),
    toState: text("to_state"),
    message: text("message").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("task_events_task_idx").on(t.taskId, t.id)],
);

/** Every authentic webhook delivery: the first of its (task, status) is accepted, repeats are duplicates. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    provider: text("provider").notNull(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    statusHint: text("status_hint"),
    dedupeKey: text("dedupe_key").notNull(),
    outcome: text("outcome", { enum: ["accepted", "duplicate"] }).notNull(),
    reason: text("reason"),
    processedAt: at("processed_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_dedupe_key")
      .on(t.dedupeKey)
      .where(sql`${t.outcome} = 'accepted'`),
    index("webhook_deliveries_received_idx").on(t.receivedAt.desc()),
    index("webhook_deliveries_task_idx").on(t.taskId),
  ],
);

/**
 * Provider tasks a signed delivery named that no task of Cutroom's is linked to: a generation whose
 * create answer was lost before it named the task, or one the provider account made elsewhere. One
 * row per provider task, however many deliveries; kept for the admin's inbox and for the
 * reconciler, which links a row to its task only on a safe match (webhooks/unlinked.ts).
 */
export const unlinkedProviderTasks = pgTable(
  "unlinked_provider_tasks",
  {
    id: text("id").primaryKey(),
    provider: text("provider").notNull(),
    // Which side of the provider (its sandbox or the live API) sent it, so it is looked up there.
    sandbox: boolean("sandbox").notNull(),
    providerTaskId: text("provider_task_id").notNull(),
    // The furthest status any delivery said (hintRank: 0 unknown, 1 queued, 2 running, 3 final),
    // so a late or reordered delivery does not show an older one.
    statusHint: text("status_hint"),
    hintRank: integer("hint_rank").notNull().default(0),
    deliveries: integer("deliveries").notNull().default(1),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // The reconciler's look at the provider's own record of it.
    lookedUpAt: at("looked_up_at"),
    lookedUpStatus: text("looked_up_status"),
    linkedTaskId: text("linked_task_id").references(() => tasks.id, { onDelete: "set null" }),
    linkedAt: at("linked_at"),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("unlinked_provider_tasks_key").on(t.provider, t.providerTaskId),
    index("unlinked_provider_tasks_seen_idx").on(t.lastSeenAt.desc(), t.id.desc()),
  ],
);

/** Per-provider state shared by every instance: a Retry-After pause and the circuit breaker. */
// Models an admin imported from a provider's openapi.json: they add to, or replace, the built-in
// catalog's entry with the same id. The request schema is kept as published (JSON Schema).
export const providerModels = pgTable(
  "provider_models",
  {
    provider: text("provider").notNull(),
    modelId: text("model_id").notNull(),
    label: text("label").notNull(),
    kind: text("kind").notNull(),
    summary: text("summary").notNull().default(""),
    // json, not jsonb: jsonb reorders keys, and the order of properties is the order of the form.
    requestSchema: json("request_schema").$type<Record<string, unknown>>(),
    importedAt: at("imported_at").notNull().defaultNow(),
    importedBy: text("imported_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("provider_models_key").on(t.provider, t.modelId)],
);
export type ProviderModel = typeof providerModels.$inferSelect;

export const providerState = pgTable("provider_state", {
  provider: text("provider").primaryKey(),
  pausedUntil: at("paused_until"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  breakerOpenUntil: at("breaker_open_until"),
  lastError: text("last_error"),
  lastFailureAt: at("last_failure_at"),
  lastSuccessAt: at("last_success_at"),
  // Creates are counted apart: status reads that still work must not hide that every new task fails.
  createFailures: integer("create_failures").notNull().default(0),
  lastCreateFailureAt: at("last_create_failure_at"),
  lastCreateError: text("last_create_error"),
});

/**
 * Fixed-window counters shared by every instance (lib/server/limits/counter.ts): sign-in attempts,
 * per-member create and quote rates. One row per (bucket, key); a hit in a newer window restarts it.
 */
export const rateCounters = pgTable(
  "rate_counters",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    windowStart: at("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index("rate_counters_window_idx").on(t.windowStart)],
);

/**
 * One row per signed-in session. The session cookie (a next-auth JWT) names its row, and a request
 * is signed in only while the row exists, has not expired and was not revoked: sign-out ends a
 * session on the server, so a copied cookie stops working at once.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Spend limits per provider, in that provider's credits. `subject` is "*" for the team's row (the
 * team's monthly budget and the default limits of every member) or a user id for one member's
 * overrides (null there means "the team default"; UNLIMITED means no limit for that person).
 */
export const spendLimits = pgTable(
  "spend_limits",
  {
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    teamMonthly: integer("team_monthly"),
    memberDaily: integer("member_daily"),
    memberMonthly: integer("member_monthly"),
    // Holds for a model with no charge history on a provider that prices only when it runs.
    defaultHold: integer("default_hold"),
    // Creates expected to cost more than this wait for an admin's approval (null: never; on a
    // member's row, null is the team's threshold and UNLIMITED "never for this person").
    approvalAbove: integer("approval_above"),
    updatedAt: updatedAt(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] })],
);
export type SpendLimitRow = typeof spendLimits.$inferSelect;

/**
 * A cap on one model's spend per UTC month (lib/server/budgets/limits.ts): the whole team's, and each
 * member's, on top of the provider's limits. For keeping a dear model (Sora 2 Pro, say) to a share
 * of the budget without refusing it outright.
 */
export const modelSpendLimits = pgTable(
  "model_spend_limits",
  {
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    teamMonthly: integer("team_monthly"),
    memberMonthly: integer("member_monthly"),
    updatedAt: updatedAt(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.provider, t.model] })],
);
export type ModelSpendLimitRow = typeof modelSpendLimits.$inferSelect;

/**
 * Which models a member may use: "*" is every member's default, a user id one member's own list.
 * `allowed` holds "provider" (every model of it) or "provider/model" entries; no row means all.
 */
export const modelAccess = pgTable("model_access", {
  subject: text("subject").primaryKey(),
  allowed: text("allowed").array().notNull(),
  updatedAt: updatedAt(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});
export type ModelAccessRow = typeof modelAccess.$inferSelect;

/**
 * A provider's balance as its account reported it, now and then (lib/server/budgets/reconciliation.ts):
 * compared with Cutroom's own ledger to find spend made outside Cutroom with the same key, or
 * charges Cutroom did not see.
 */
export const providerBalances = pgTable(
  "provider_balances",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    provider: text("provider").notNull(),
    sandbox: boolean("sandbox").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    balance: integer("balance").notNull(),
  },
  (t) => [index("provider_balances_provider_at_idx").on(t.provider, t.sandbox, t.at)],
);

/** Where budget and approval alerts go: one row for the team ("team"), set by admins. */
export const alertSettings = pgTable("alert_settings", {
  id: text("id").primaryKey(),
  webhookUrl: text("webhook_url"),
  // Signs each delivery (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature).
  secret: text("secret").notNull(),
  updatedAt: updatedAt(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/**
 * Alerts raised once each: a budget past 80% or at 100% in its period, a task waiting for approval.
 * The row is also the outbox of its delivery to the team's webhook, retried with backoff.
 */
export const spendAlerts = pgTable(
  "spend_alerts",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["budget_80", "budget_100", "approval_requested", "test"] }).notNull(),
    provider: text("provider").notNull(),
    // "*" for the team's budget, a user id for a member's; the task id for an approval.
    subject: text("subject").notNull(),
    // The budget's period ("2026-12" or "2026-12-01") or, for an approval, the task id.
    period: text("period").notNull(),
    message: text("message").notNull(),
    createdAt: createdAt(),
    deliveredAt: at("delivered_at"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at"),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("spend_alerts_once_key").on(t.kind, t.provider, t.subject, t.period),
    index("spend_alerts_created_idx").on(t.createdAt.desc()),
    index("spend_alerts_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null`),
  ],
);
export type SpendAlert = typeof spendAlerts.$inferSelect;

/** One row per provider query call, for a call budget that holds in any 60-second window. */
export const providerCalls = pgTable(
  "provider_calls",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    provider: text("provider").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("provider_calls_provider_at_idx").on(t.provider, t.at)],
);

export type User = typeof users.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TaskEvent = typeof taskEvents.$inferSelect;
export type Upload = typeof uploads.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_in_disabled",
  "user_added",
  "role_changed",
  "user_disabled",
  "user_enabled",
  "password_reset",
  "task_canceled",
  "tasks_bulk_canceled",
  "models_imported",
  "task_rechecked",
  "budget_changed",
  "model_access_changed",
  "approval_given",
  "approval_refused",
  "alerts_changed",
  "password_changed",
  "invite_created",
  "invite_revoked",
  "invite_accepted",
  "user_deleted",
  "tasks_reassigned",
  "task_deleted",
  "task_restored",
  "retention_changed",
  "retention_applied",
  "share_created",
  "share_revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who did what to whom, and from where: admin and money actions, append-only. The actor's name is
 * kept as it was (a later rename does not rewrite history); the database refuses updates and
 * deletes (a trigger in the migration), so no code path can edit an entry.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" })
      .notNull()
      .default(sql`date_trunc('milliseconds', now())`),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    targetType: text("target_type", { enum: ["user", "task", "provider", "account", "team"] }).notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label").notNull(),
    /** As the configured proxies report it (TRUST_PROXY); null when it cannot be known. */
    ip: text("ip"),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

export type UnlinkedProviderTask = typeof unlinkedProviderTasks.$inferSelect;

/**
 * A named starting point on Generate: a model, its settings and a prompt. Private to its owner
 * unless shared, when every teammate may apply it (only its owner may change or delete it).
 */
export const presets = pgTable(
  "presets",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    shared: boolean("shared").notNull().default(false),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    // The form's values without the prompt and without images (an upload is one person's file).
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    prompt: text("prompt").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("presets_owner_name_key").on(t.ownerId, t.name), index("presets_shared_idx").on(t.shared, t.updatedAt)],
);
export type Preset = typeof presets.$inferSelect;

/**
 * A one-time link an admin sends to a teammate: only the SHA-256 of its token is kept, it expires,
 * and it is used at most once (used_at set in the same statement that checks it).
 */
export const userInvites = pgTable(
  "user_invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    usedBy: text("used_by").references(() => users.id),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_invites_token_key").on(t.tokenHash),
    index("user_invites_email_idx").on(t.email),
    check("user_invites_role_check", sql`${t.role} in ('admin', 'member')`),
  ],
);
export type UserInvite = typeof userInvites.$inferSelect;

/**
 * A person's favourites among the team's outputs: private to them (a teammate never sees whose
 * favourite a task is), set and cleared idempotently, so a double click cannot leave two rows.
 */
export const taskFavourites = pgTable(
  "task_favourites",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    createdAt: createdAt(),
  },
  // By task, then who: "is it one of mine" is answered in the index (the gallery asks it of every
  // row it walks under the favourites filter), without reading other people's marks from the table.
  (t) => [primaryKey({ columns: [t.userId, t.taskId] }), index("task_favourites_task_idx").on(t.taskId, t.userId)],
);

/**
 * Tags on outputs: free text written one way (see lib/shared/library.ts), shared by the team.
 * The key answers "this task's tags"; the second index answers "tasks with this tag" and the
 * team's suggestions.
 */
export const taskTags = pgTable(
  "task_tags",
  {
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    tag: text("tag").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.tag] }),
    index("task_tags_tag_idx").on(t.tag, t.taskId),
    check("task_tags_tag_check", sql`char_length(${t.tag}) between 1 and 32`),
  ],
);

/**
 * The team's library settings, one row ("team"), set by admins: how many days an unfavourited
 * output is kept before the retention rule deletes it (null: never, the default).
 */
export const librarySettings = pgTable(
  "library_settings",
  {
    id: text("id").primaryKey(),
    retentionDays: integer("retention_days"),
    updatedAt: updatedAt(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("library_settings_retention_check", sql`${t.retentionDays} between 1 and 3650`)],
);

/**
 * Comments on a task: the team's discussion of an output. Only their author edits or deletes
 * them (a delete removes the row, and the mentions it made with it).
 */
export const taskComments = pgTable(
  "task_comments",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: at("edited_at"),
  },
  (t) => [index("task_comments_task_idx").on(t.taskId, t.createdAt, t.id)],
);
export type TaskComment = typeof taskComments.$inferSelect;

/**
 * What a person is told about: today, that a teammate mentioned them in a comment. One per person
 * and comment (an edit that mentions them again tells them nothing new); gone with the comment.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["mention"] }).notNull(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    commentId: text("comment_id")
      .notNull()
      .references(() => taskComments.id, { onDelete: "cascade" }),
    actorId: text("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    readAt: at("read_at"),
  },
  (t) => [
    uniqueIndex("notifications_comment_user_key").on(t.commentId, t.userId),
    index("notifications_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/**
 * Share links: one output or a whole project board, opened read-only without an account through a
 * random token (only its SHA-256 is kept, so the link is shown once, when made). Expiring, revocable;
 * optionally showing the prompt and settings, optionally letting the viewer review.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    kind: text("kind", { enum: ["task", "project"] }).notNull(),
    taskId: text("task_id").references(() => tasks.id),
    projectId: text("project_id").references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    showPrompt: boolean("show_prompt").notNull().default(false),
    allowReview: boolean("allow_review").notNull().default(false),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: at("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id),
    views: integer("views").notNull().default(0),
    lastViewedAt: at("last_viewed_at"),
  },
  (t) => [
    uniqueIndex("share_links_token_key").on(t.tokenHash),
    index("share_links_created_idx").on(t.createdAt.desc(), t.id.desc()),
    check(
      "share_links_target_check",
      sql`(${t.kind} = 'task' and ${t.taskId} is not null and ${t.projectId} is null) or (${t.kind} = 'project' and ${t.projectId} is not null and ${t.taskId} is null)`,
    ),
  ],
);
export type ShareLink = typeof shareLinks.$inferSelect;

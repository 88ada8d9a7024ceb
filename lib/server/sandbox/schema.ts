import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// The sandboxes' own tables. They live in the host's database (drizzle.config.ts lists this file
// beside lib/server/db/schema.ts, so there is one migrations folder), which is what lets sandbox
// tasks survive a restart exactly as a real provider's would. Nothing outside lib/server/sandbox
// reads them. No `server-only` here: drizzle-kit loads this file outside Next.js.
//
// Every sandbox keeps the same kinds of state: an account per API key (a credit balance), its tasks
// with the times they move at, and an outbox of the webhook or callback deliveries it owes, one row
// per copy so the fault knobs can drop, repeat or reorder them.

// Millisecond precision, like JavaScript dates.
const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" })
    .notNull()
    .default(sql`date_trunc('milliseconds', now())`);
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The outbox columns every sandbox shares; `deliverAfter` doubles as the sending process's lease. */
const outboxColumns = () => ({
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  status: text("status").notNull(),
  deliverAfter: at("deliver_after").notNull(),
  attempts: integer("attempts").notNull().default(0),
  deliveredAt: at("delivered_at"),
});

// --- AIVideoMaker

export const sandboxAivideomakerAccounts = pgTable("sandbox_aivideomaker_accounts", {
  keyHash: text("key_hash").primaryKey(),
  balance: integer("balance").notNull(),
  createdAt: createdAt(),
});

export const sandboxAivideomakerTasks = pgTable(
  "sandbox_aivideomaker_tasks",
  {
    id: text("id").primaryKey(),
    keyHash: text("key_hash").notNull(),
    model: text("model").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash").notNull(),
    webhookUrl: text("webhook_url"),
    status: text("status", { enum: ["SUBMITTED", "PROGRESS", "COMPLETED", "FAILED", "CANCEL"] }).notNull(),
    outcome: text("outcome", { enum: ["COMPLETED", "FAILED"] }).notNull(),
    failureMessage: text("failure_message"),
    aspect: text("aspect").notNull(),
    // The sandbox's own origin as the creating request saw it, for the output URL it hands out.
    origin: text("origin").notNull(),
    progressAt: at("progress_at").notNull(),
    finishAt: at("finish_at").notNull(),
    completedAt: at("completed_at"),
    creditsCharged: integer("credits_charged").notNull(),
    creditsRefunded: integer("credits_refunded").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sandbox_avm_idem_key").on(t.keyHash, t.idempotencyKey),
    index("sandbox_avm_key_created_idx").on(t.keyHash, t.createdAt.desc()),
    index("sandbox_avm_open_idx")
      .on(t.status)
      .where(sql`${t.status} in ('SUBMITTED', 'PROGRESS')`),
  ],
);

export const sandboxAivideomakerWebhooks = pgTable(
  "sandbox_aivideomaker_webhooks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    taskId: text("task_id").notNull(),
    status: text("status").notNull(),
    deliverAfter: timestamp("deliver_after", { withTimezone: true, mode: "date" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    deliveredAt: at("delivered_at"),
  },
  (t) => [
    index("sandbox_avm_webhooks_due_idx")
      .on(t.deliverAfter)
      .where(sql`${t.deliveredAt} is null`),
  ],
);

// --- skills.video

export const sandboxSkillsVideoAccounts = pgTable("sandbox_skills_video_accounts", {
  keyHash: text("key_hash").primaryKey(),
  balance: integer("balance").notNull(),
  createdAt: createdAt(),
});

export const sandboxSkillsVideoGenerations = pgTable(
  "sandbox_skills_video_generations",
  {
    id: text("id").primaryKey(),
    keyHash: text("key_hash").notNull(),
    model: text("model").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    output: text("output", { enum: ["video", "image"] }).notNull(),
    aspect: text("aspect", { enum: ["landscape", "portrait", "square"] }).notNull(),
    origin: text("origin").notNull(),
    status: text("status", { enum: ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"] }).notNull(),
    outcome: text("outcome", { enum: ["COMPLETED", "FAILED"] }).notNull(),
    failureMessage: text("failure_message"),
    cost: integer("cost").notNull(),
    progressAt: at("progress_at").notNull(),
    finishAt: at("finish_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("sandbox_sv_open_idx")
      .on(t.status)
      .where(sql`${t.status} in ('IN_QUEUE', 'IN_PROGRESS')`),
  ],
);

export const sandboxSkillsVideoWebhooks = pgTable(
  "sandbox_skills_video_webhooks",
  {
    ...outboxColumns(),
    generationId: text("generation_id").notNull(),
    // Standard Webhooks' webhook-id: the copies of one delivery share it, as at-least-once sends do.
    messageId: text("message_id").notNull(),
  },
  (t) => [
    index("sandbox_sv_webhooks_due_idx")
      .on(t.deliverAfter)
      .where(sql`${t.deliveredAt} is null`),
  ],
);

// --- APIDot

export const sandboxApidotAccounts = pgTable("sandbox_apidot_accounts", {
  keyHash: text("key_hash").primaryKey(),
  balance: integer("balance").notNull(),
  // Tasks take turns in the two result shapes; this count decides whose turn it is.
  submitted: integer("submitted").notNull().default(0),
  createdAt: createdAt(),
});

export const sandboxApidotTasks = pgTable(
  "sandbox_apidot_tasks",
  {
    id: text("id").primaryKey(),
    keyHash: text("key_hash").notNull(),
    output: text("output", { enum: ["video", "image"] }).notNull(),
    aspect: text("aspect", { enum: ["landscape", "portrait", "square"] }).notNull(),
    // A video's length as the request asked (the input itself is not kept); null for images and
    // for tasks from before it was kept (they get the sample clip as shipped).
    seconds: integer("seconds"),
    origin: text("origin").notNull(),
    status: text("status", { enum: ["not_started", "running", "finished", "failed"] }).notNull(),
    outcome: text("outcome", { enum: ["finished", "failed"] }).notNull(),
    failureMessage: text("failure_message"),
    cost: integer("cost").notNull(),
    shape: text("shape", { enum: ["output", "files"] }).notNull(),
    callbackUrl: text("callback_url"),
    progressAt: at("progress_at").notNull(),
    finishAt: at("finish_at").notNull(),
    // Set by the sandbox, not the database: the task id and created_time carry the same second.
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    index("sandbox_apidot_open_idx")
      .on(t.status)
      .where(sql`${t.status} in ('not_started', 'running')`),
  ],
);

export const sandboxApidotCallbacks = pgTable(
  "sandbox_apidot_callbacks",
  {
    ...outboxColumns(),
    taskId: text("task_id").notNull(),
  },
  (t) => [
    index("sandbox_apidot_callbacks_due_idx")
      .on(t.deliverAfter)
      .where(sql`${t.deliveredAt} is null`),
  ],
);

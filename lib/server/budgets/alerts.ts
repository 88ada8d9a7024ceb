import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Db } from "../db";
import { alertSettings, spendAlerts, users, type SpendAlert } from "../db/schema";
import { recordAudit, type AuditActor } from "../audit/log";
import { logger } from "../logger";
import type { LimitKind, LimitStanding } from "@/lib/shared/spend";
import type { AlertSettingsUpdate, AlertSettingsView, AlertView } from "@/lib/shared/budgets";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";

// Alerts when a budget passes 80% or reaches 100% in its period, and when a task waits for
// approval: each raised once (a unique key per limit and period, or per task), listed for admins,
// and delivered to the team's webhook (a JSON body Slack and Discord incoming webhooks accept:
// `text` and `content`), signed with Standard Webhooks headers. The row is the outbox: a failed
// delivery is retried with backoff by the reconciler, up to MAX_ATTEMPTS.

const TEAM_ROW = "team";
export const MAX_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

async function settingsRow(db: Db) {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.id, TEAM_ROW));
  if (row) return row;
  await db.insert(alertSettings).values({ id: TEAM_ROW, secret: newSecret() }).onConflictDoNothing();
  const [created] = await db.select().from(alertSettings).where(eq(alertSettings.id, TEAM_ROW));
  return created!;
}

export async function alertSettingsView(db: Db): Promise<AlertSettingsView> {
  const row = await settingsRow(db);
  return { webhookUrl: row.webhookUrl, secret: row.secret };
}

export async function saveAlertSettings(db: Db, actor: AuditActor, update: AlertSettingsUpdate): Promise<AlertSettingsView> {
  const before = await settingsRow(db);
  const secret = update.newSecret ? newSecret() : before.secret;
  await db
    .update(alertSettings)
    .set({ webhookUrl: update.webhookUrl, secret, updatedAt: new Date(), updatedBy: actor.id })
    .where(eq(alertSettings.id, TEAM_ROW));
  // Only the host is recorded: an incoming-webhook URL (Slack, Discord) is itself a credential. The
  // secret never is, only that it was replaced.
  await recordAudit(db, actor, {
    action: "alerts_changed",
    target: { type: "team", id: null, label: "Alerts" },
    before: { webhookHost: hostOf(before.webhookUrl) },
    after: { webhookHost: hostOf(update.webhookUrl), secretReplaced: Boolean(update.newSecret) },
  });
  return { webhookUrl: update.webhookUrl, secret };
}

const hostOf = (url: string | null) => (url ? new URL(url).host : null);

export async function recentAlerts(db: Db, limit = 20): Promise<AlertView[]> {
  const rows = await db.select().from(spendAlerts).orderBy(desc(spendAlerts.createdAt)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    providerLabel: PROVIDER_LABELS[row.provider as ProviderId] ?? null,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    delivery: row.deliveredAt
      ? "delivered"
      : row.attempts >= MAX_ATTEMPTS
        ? row.lastError
          ? "failed"
          : "in-app"
        : row.attempts > 0
          ? "retrying"
          : "pending",
    lastError: row.lastError,
  }));
}

/** Raises an alert once; returns it when this call raised it (and starts its delivery). */
async function raise(
  db: Db,
  alert: Pick<SpendAlert, "kind" | "provider" | "subject" | "period" | "message">,
  options: { deliver?: boolean } = {},
): Promise<SpendAlert | null> {
  const [row] = await db
    .insert(spendAlerts)
    .values({ id: randomUUID(), ...alert, nextAttemptAt: new Date() })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  logger().info({ event: "spend_alert", kind: row.kind, provider: row.provider }, "alert raised");
  if (options.deliver === false) return row;
  void deliverAlert(db, row.id).catch((error: unknown) =>
    logger().warn({ event: "alert_delivery_error", err: error }, "alert delivery failed"),
  );
  return row;
}

const periodOf = (kind: LimitKind, now: Date) => (kind === "member-day" ? now.toISOString().slice(0, 10) : now.toISOString().slice(0, 7));

/**
 * After a create placed its hold (or was refused): an alert for each limit now past 80%, and at
 * 100% for one reached or refused. `refusedBy` is the limit that refused the create, if one did.
 */
export async function alertOnStandings(
  db: Db,
  context: {
    provider: ProviderId;
    userId: string;
    /** The model of the create, for its caps' alerts. */
    model: { id: string; label: string };
    standings: LimitStanding[];
    refusedBy?: LimitStanding;
  },
  now = new Date(),
): Promise<void> {
  const label = PROVIDER_LABELS[context.provider];
  for (const standing of context.standings) {
    const refused = context.refusedBy?.kind === standing.kind;
    const share = standing.limit === 0 ? 1 : standing.used / standing.limit;
    const kind = refused || share >= 1 ? "budget_100" : share >= 0.8 ? "budget_80" : null;
    if (!kind) continue;
    const { whose, subject } = await limitNamed(db, standing.kind, context);
    const used = `${standing.used.toLocaleString("en-US")} of ${standing.limit.toLocaleString("en-US")} credits`;
    await raise(db, {
      kind,
      provider: context.provider,
      subject,
      period: periodOf(standing.kind, now),
      message:
        kind === "budget_100"
          ? `${label}: ${whose} is used up (${used}); creates that would pass it are refused.`
          : `${label}: ${whose} is past 80% (${used}).`,
    });
  }
}

/** How an alert names a limit, and the subject that keeps one alert per limit and period. */
async function limitNamed(
  db: Db,
  kind: LimitKind,
  context: { userId: string; model: { id: string; label: string } },
): Promise<{ whose: string; subject: string }> {
  switch (kind) {
    case "team-month":
      return { whose: "the team's monthly budget", subject: "*" };
    case "model-team-month":
      return { whose: `the team's monthly limit for ${context.model.label}`, subject: `model:${context.model.id}` };
    case "member-day":
    case "member-month":
      return {
        whose: `${await nameOf(db, context.userId)}'s ${kind === "member-day" ? "daily" : "monthly"} limit`,
        subject: `${context.userId}:${kind}`,
      };
    case "model-member-month":
      return {
        whose: `${await nameOf(db, context.userId)}'s monthly limit for ${context.model.label}`,
        subject: `${context.userId}:${kind}:${context.model.id}`,
      };
  }
}

export async function alertApprovalRequested(
  db: Db,
  task: { id: string; provider: ProviderId; ownerName: string; modelLabel: string; credits: number },
): Promise<void> {
  await raise(db, {
    kind: "approval_requested",
    provider: task.provider,
    subject: task.id,
    period: task.id,
    message: `${task.ownerName} asks for approval: ${task.modelLabel} on ${PROVIDER_LABELS[task.provider]}, expected ${task.credits.toLocaleString("en-US")} credits.`,
  });
}

async function nameOf(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? "A member";
}

/** The body of a delivery: Slack reads `text`, Discord `content`; the rest is for other receivers. */
export function alertBody(alert: SpendAlert): Record<string, unknown> {
  return {
    text: `Cutroom: ${alert.message}`,
    content: `Cutroom: ${alert.message}`,
    alert: { id: alert.id, kind: alert.kind, provider: alert.provider, period: alert.period, at: alert.createdAt.toISOString() },
  };
}

const backoffMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1));

/** Sends one alert to the team's webhook, if one is set; records the outcome and when to retry. */
export async function deliverAlert(db: Db, id: string, now = new Date()): Promise<"delivered" | "no-webhook" | "failed" | "skipped"> {
  // Claims the attempt, so two instances never send the same alert at once.
  const [alert] = await db
    .update(spendAlerts)
    .set({ attempts: sql`${spendAlerts.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + 60_000) })
    .where(
      and(
        eq(spendAlerts.id, id),
        isNull(spendAlerts.deliveredAt),
        sql`${spendAlerts.attempts} < ${MAX_ATTEMPTS}`,
        or(isNull(spendAlerts.nextAttemptAt), lte(spendAlerts.nextAttemptAt, now)),
      ),
    )
    .returning();
  if (!alert) return "skipped";
  const settings = await settingsRow(db);
  if (!settings.webhookUrl) {
    // Nothing to send to: shown in the app only. Not an error, and not retried.
    await db.update(spendAlerts).set({ attempts: MAX_ATTEMPTS, lastError: null, nextAttemptAt: null }).where(eq(spendAlerts.id, id));
    return "no-webhook";
  }
  const payload = JSON.stringify(alertBody(alert));
  const headers = new Headers({ "content-type": "application/json", "user-agent": "Cutroom alerts" });
  const signedAt = new Date(now.getTime());
  const signature = new Webhook(settings.secret).sign(alert.id, signedAt, payload);
  headers.set("webhook-id", alert.id);
  headers.set("webhook-timestamp", String(Math.floor(signedAt.getTime() / 1000)));
  headers.set("webhook-signature", signature);
  let error: string | null = null;
  try {
    const response = await fetch(settings.webhookUrl, {
      method: "POST",
      headers,
      body: payload,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) error = `The webhook answered HTTP ${response.status}.`;
  } catch (cause) {
    error =
      cause instanceof Error && cause.name === "TimeoutError" ? "The webhook did not answer in 10 s." : "The webhook could not be reached.";
  }
  if (!error) {
    await db.update(spendAlerts).set({ deliveredAt: new Date(), lastError: null, nextAttemptAt: null }).where(eq(spendAlerts.id, id));
    return "delivered";
  }
  await db
    .update(spendAlerts)
    .set({ lastError: error, nextAttemptAt: new Date(now.getTime() + backoffMs(alert.attempts)) })
    .where(eq(spendAlerts.id, id));
  logger().warn({ event: "alert_delivery_failed", attempts: alert.attempts, reason: error }, "alert not delivered; will retry");
  return "failed";
}

/** Retries alerts whose delivery failed and whose wait is over (the reconciler calls it). */
export async function deliverDueAlerts(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .select({ id: spendAlerts.id })
    .from(spendAlerts)
    .where(and(isNull(spendAlerts.deliveredAt), sql`${spendAlerts.attempts} < ${MAX_ATTEMPTS}`, lte(spendAlerts.nextAttemptAt, now)))
    .limit(20);
  let delivered = 0;
  for (const { id } of due) if ((await deliverAlert(db, id, now)) === "delivered") delivered += 1;
  return delivered;
}

/** A test delivery, so an admin can check the URL and the signature before an alert needs them. */
export async function sendTestAlert(db: Db): Promise<"delivered" | "no-webhook" | "failed" | "skipped"> {
  const id = randomUUID();
  const row = await raise(
    db,
    { kind: "test", provider: "*", subject: id, period: id, message: "This is a test alert: the webhook and its signature work." },
    { deliver: false },
  );
  return row ? deliverAlert(db, row.id) : "skipped";
}

import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { ownerDisplayName } from "../db/queries/owner-name";
import { presets, users, type Preset } from "../db/schema";
import { AppError, forbidden, notFound, validationFailed } from "../errors";
import { modelOptionsFor } from "../models/member-options";
import { schemaForFields, type FieldSpec } from "@/lib/shared/catalog/fields";
import { modelKey } from "@/lib/shared/catalog/options";
import { PRESETS_PER_PERSON, presetKeeps, type CreatePresetInput, type PresetView, type UpdatePresetInput } from "@/lib/shared/presets";

// Named presets. Everyone sees their own and the team's shared ones; only the owner changes one,
// and an admin may also delete a shared one (a teammate's stale preset should not stay forever).
// A private preset of someone else is "not found" to everyone, admins included: it is theirs.

type Owner = Pick<SessionUser, "id" | "role">;
type Content = Pick<CreatePresetInput, "provider" | "model" | "settings">;

/** Mine first, then the team's, each by name. */
export async function listPresets(db: Db, user: Owner): Promise<PresetView[]> {
  const rows = await db
    .select({ preset: presets, ownerName: ownerDisplayName })
    .from(presets)
    .innerJoin(users, eq(users.id, presets.ownerId))
    .where(or(eq(presets.ownerId, user.id), eq(presets.shared, true)))
    .orderBy(sql`${presets.ownerId} = ${user.id} desc`, asc(sql`lower(${presets.name})`), asc(presets.id))
    .limit(PRESETS_PER_PERSON + 500);
  return rows.map(({ preset, ownerName }) => toPresetView(preset, ownerName, user));
}

export async function createPreset(db: Db, user: SessionUser, input: CreatePresetInput): Promise<PresetView> {
  const settings = await checkedSettings(user, input);
  const created = await insertOrExplain(db, user.id, input.name, () =>
    db.transaction(async (tx) => {
      // The owner's row is the lock: two tabs saving at the limit cannot both get past it.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
      const [row] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(presets)
        .where(eq(presets.ownerId, user.id));
      if ((row?.count ?? 0) >= PRESETS_PER_PERSON) {
        throw new AppError("CONFLICT", `You have ${PRESETS_PER_PERSON} presets, the most one person can keep. Delete one first.`);
      }
      const now = new Date();
      return tx
        .insert(presets)
        .values({
          id: randomUUID(),
          ownerId: user.id,
          name: input.name,
          shared: input.shared,
          provider: input.provider,
          model: input.model,
          settings,
          prompt: input.prompt,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
    }),
  );
  return toPresetView(created, user.name, user);
}

export async function updatePreset(db: Db, user: SessionUser, id: string, input: UpdatePresetInput): Promise<PresetView> {
  const preset = await visiblePreset(db, user, id);
  if (preset.ownerId !== user.id) throw forbidden("Only the teammate who made this preset can change it.");
  const content =
    input.provider !== undefined && input.model !== undefined && input.settings !== undefined
      ? {
          provider: input.provider,
          model: input.model,
          settings: await checkedSettings(user, { provider: input.provider, model: input.model, settings: input.settings }),
        }
      : {};
  const updated = await insertOrExplain(db, user.id, input.name ?? preset.name, () =>
    db
      .update(presets)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.shared !== undefined ? { shared: input.shared } : {}),
        ...content,
        ...(input.prompt !== undefined ? { prompt: input.prompt } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(presets.id, id), eq(presets.ownerId, user.id)))
      .returning(),
  );
  return toPresetView(updated, user.name, user);
}

export async function deletePreset(db: Db, user: Owner, id: string): Promise<void> {
  const preset = await visiblePreset(db, user, id);
  if (preset.ownerId !== user.id && user.role !== "admin")
    throw forbidden("Only the teammate who made this preset, or an admin, can delete it.");
  await db.delete(presets).where(eq(presets.id, id));
}

async function visiblePreset(db: Db, user: Owner, id: string): Promise<Preset> {
  const [preset] = await db.select().from(presets).where(eq(presets.id, id));
  if (!preset || (preset.ownerId !== user.id && !preset.shared)) throw notFound("That preset");
  return preset;
}

/**
 * The one write (outside any transaction it ran in: after a unique violation Postgres refuses
 * further statements there); a second preset of the same name is a field message, not a 500.
 */
async function insertOrExplain(db: Db, ownerId: string, name: string, write: () => Promise<Preset[]>): Promise<Preset> {
  try {
    const [row] = await write();
    if (!row) throw notFound("That preset");
    return row;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [existing] = await db
      .select({ id: presets.id })
      .from(presets)
      .where(and(eq(presets.ownerId, ownerId), eq(presets.name, name)));
    throw new AppError("CONFLICT", `You already have a preset named “${name}”.`, {
      fields: { name: `You already have a preset named “${name}”. Choose another name, or replace it.` },
      details: { existingPresetId: existing?.id ?? null },
    });
  }
}

/**
 * Settings are checked against the model's own fields, one by one: a key the model does not have,
 * a value it would refuse, the prompt or an image (an upload is one person's file, and presets are
 * shared) are all refused with the field named. A model this person may not use is refused too.
 */
async function checkedSettings(user: Owner, content: Content): Promise<Record<string, unknown>> {
  const model = (await modelOptionsFor(user)).find((option) => option.provider === content.provider && option.id === content.model);
  if (!model) throw validationFailed({ model: "That model is not in Cutroom's catalog." });
  if (model.unavailable) throw validationFailed({ model: `${model.label} is not available to you: ${model.unavailable}` });
  const fields = new Map<string, FieldSpec>(model.fields.map((field) => [field.name, field]));
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(content.settings)) {
    const field = fields.get(name);
    if (!field) problems[`settings.${name}`] = `${model.label} has no setting “${name}”.`;
    else if (name === "prompt") problems["settings.prompt"] = "The prompt is kept apart from the settings: send it as prompt.";
    else if (!presetKeeps(field)) problems[`settings.${name}`] = `A preset keeps no images: leave “${field.label}” out.`;
    else if (!schemaForFields([field]).safeParse({ [name]: value }).success)
      problems[`settings.${name}`] = `“${field.label}” has a value ${model.label} does not take.`;
  }
  if (Object.keys(problems).length > 0) throw validationFailed(problems, "Some settings do not fit this model.");
  return content.settings;
}

function toPresetView(preset: Preset, ownerName: string, viewer: Owner): PresetView {
  const mine = preset.ownerId === viewer.id;
  return {
    id: preset.id,
    name: preset.name,
    shared: preset.shared,
    mine,
    canDelete: mine || (viewer.role === "admin" && preset.shared),
    ownerName,
    provider: preset.provider,
    model: preset.model,
    modelKey: modelKey({ provider: preset.provider, id: preset.model }),
    settings: preset.settings,
    prompt: preset.prompt,
    updatedAt: preset.updatedAt.toISOString(),
  };
}

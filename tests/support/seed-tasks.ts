import { sql } from "drizzle-orm";
import type { Db } from "@/lib/server/db";

// Seeds many tasks straight into the database (one INSERT ... SELECT per batch), for benchmarks
// and query-plan tests: owners, models, states, prompts, creation times over 90 days, durations.

const WORDS = [
  "sunset",
  "city",
  "forest",
  "ocean",
  "robot",
  "cat",
  "train",
  "neon",
  "rain",
  "mountain",
  "desert",
  "castle",
  "dragon",
  "river",
  "snow",
  "portrait",
  "dance",
  "storm",
  "garden",
  "space",
];

/**
 * `days`: how far back creation times go (90 by default). Succeeded tasks carry a charge of 15 to
 * 60 credits and every task a hold, as the ledger would (the Usage benchmark reads them).
 */
export async function seedTasks(db: Db, options: { tasks: number; owners: number; batch?: number; days?: number }): Promise<string[]> {
  const days = options.days ?? 90;
  const ownerIds: string[] = [];
  for (let index = 0; index < options.owners; index++) {
    const id = crypto.randomUUID();
    ownerIds.push(id);
    await db.execute(
      sql`insert into users (id, email, name, password_hash, role) values (${id}, ${`owner${index}-${id.slice(0, 6)}@example.com`}, ${`Owner ${index}`}, 'scrypt$x', 'member')`,
    );
  }
  const owners = sql.raw(`array[${ownerIds.map((id) => `'${id}'`).join(",")}]`);
  const words = sql.raw(`array[${WORDS.map((word) => `'${word}'`).join(",")}]`);
  const batch = options.batch ?? 20_000;
  for (let done = 0; done < options.tasks; done += batch) {
    const count = Math.min(batch, options.tasks - done);
    await db.execute(sql`
      insert into tasks (id, owner_id, provider, model, sandbox, input, prompt_text, state, idempotency_key, created_at, finished_at, media_path, output_kind, hold_credits, hold_basis, credits_charged)
      select id, owner_id, 'aivideomaker', model, false, jsonb_build_object('prompt', prompt), prompt, state, 'seed-' || id, created_at,
             case when state in ('succeeded', 'failed', 'canceled', 'expired') then created_at + make_interval(secs => 30 + floor(random() * 900)) end,
             case when state = 'succeeded' then 'media/seed.mp4' end,
             case when state = 'succeeded' then 'video' end,
             price, 'quote', case when state = 'succeeded' then price end
      from (
        select gen_random_uuid()::text as id,
               (${owners})[1 + floor(random() * ${ownerIds.length})::int] as owner_id,
               (array['t2v', 'i2v', 'lv', 't2v_v3', 'i2v_v3'])[1 + floor(random() * 5)::int] as model,
               (${words})[1 + floor(random() * ${WORDS.length})::int] || ' ' || (${words})[1 + floor(random() * ${WORDS.length})::int] || ' ' || (${words})[1 + floor(random() * ${WORDS.length})::int] || ' ' || n as prompt,
               (array['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'canceled', 'expired', 'queued', 'running', 'pending'])[1 + floor(random() * 12)::int] as state,
               date_trunc('milliseconds', now() - make_interval(secs => floor(random() * ${days} * 86400))) as created_at,
               15 * (1 + floor(random() * 4)::int) as price
        from generate_series(1, ${count}) as n
      ) as seeded
    `);
  }
  await db.execute(sql`analyze tasks`);
  await db.execute(sql`analyze users`);
  return ownerIds;
}

/** A spread of filter combinations, as people use the task table. */
export function filterCombinations(ownerIds: string[]) {
  const day = 86_400_000;
  const now = Date.now();
  return [
    {},
    { state: ["succeeded" as const] },
    { state: ["queued" as const, "running" as const, "pending" as const] },
    { owner: ownerIds[3] },
    { model: "t2v_v3", provider: "aivideomaker" },
    { q: "dragon" },
    { q: "neon rain" },
    { from: new Date(now - 7 * day).toISOString(), to: new Date(now).toISOString() },
    { owner: ownerIds[5], state: ["failed" as const] },
    { owner: ownerIds[7], q: "forest" },
    { state: ["succeeded" as const], model: "i2v", from: new Date(now - 30 * day).toISOString() },
    { sort: "duration" as const },
    { sort: "duration" as const, dir: "asc" as const },
    { sort: "duration" as const, owner: ownerIds[2] },
    { dir: "asc" as const },
    { provider: "aivideomaker", model: "lv", state: ["expired" as const], q: "castle" },
  ];
}

/**
 * Fills a gallery: `copies` new succeeded tasks, each a copy of task `sourceId` (its archived video
 * and poster files are shared) with its own id, a numbered prompt, one of `owners` new teammates
 * and a finish time a minute apart. Takes a pg pool, as the browser benchmarks seed a running app.
 */
export async function seedGalleryCopies(
  pool: { query: (text: string, values?: unknown[]) => Promise<unknown> },
  sourceId: string,
  copies: number,
  owners: number,
): Promise<void> {
  const ownerIds: string[] = [];
  for (let index = 0; index < owners; index++) {
    const id = crypto.randomUUID();
    ownerIds.push(id);
    await pool.query("insert into users (id, email, name, password_hash, role) values ($1, $2, $3, 'scrypt$x', 'member')", [
      id,
      `teammate${index}-${id.slice(0, 6)}@example.com`,
      `Teammate ${index + 1}`,
    ]);
  }
  await pool.query(
    `insert into tasks (id, owner_id, provider, model, sandbox, input, prompt_text, state, idempotency_key, provider_task_id,
                        output_kind, media_path, media_mime, media_bytes, media_sha256, poster_path, media_width, media_height,
                        created_at, queued_at, started_at, finished_at)
     select gen_random_uuid()::text, ($2::text[])[1 + (n % array_length($2::text[], 1))], t.provider, t.model, t.sandbox,
            jsonb_set(t.input, '{prompt}', to_jsonb(t.prompt_text || ' #' || n)), t.prompt_text || ' #' || n, 'succeeded',
            'copy-' || gen_random_uuid()::text, 'copy-' || n, t.output_kind, t.media_path, t.media_mime, t.media_bytes,
            t.media_sha256, t.poster_path, t.media_width, t.media_height,
            t.created_at - make_interval(mins => n), t.queued_at - make_interval(mins => n),
            t.started_at - make_interval(mins => n), t.finished_at - make_interval(mins => n)
     from tasks t, generate_series(1, $3::int) as n
     where t.id = $1`,
    [sourceId, ownerIds, copies],
  );
}

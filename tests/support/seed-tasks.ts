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

/** The seed's projects (fixed ids, so filter combinations can name them). */
export const SEED_PROJECTS = Array.from({ length: 8 }, (_, index) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`);

/** The seed's tags (a team's few labels, used again and again). */
export const TAGS = ["hero", "final", "night", "draft", "client review", "social", "b-roll", "v2"];

/**
 * `days`: how far back creation times go (90 by default). Succeeded tasks carry a charge of 15 to
 * 60 credits and every task a hold, as the ledger would (the Usage benchmark reads them).
 */
export async function seedTasks(
  db: Db,
  options: { tasks: number; owners: number; batch?: number; days?: number; favouriteShare?: number; labelShare?: number },
): Promise<string[]> {
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
  const tags = sql.raw(`array[${TAGS.map((tag) => `'${tag}'`).join(",")}]`);
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
  // Each owner's favourites: a share of the finished outputs, theirs and their teammates' (3% by
  // default, so a small seed still gives everyone some; a big one asks for a likelier share).
  await db.execute(sql`
    insert into task_favourites (user_id, task_id)
    select marker.user_id, tasks.id from unnest(${owners}) as marker (user_id)
    cross join tasks where tasks.state = 'succeeded' and random() < ${options.favouriteShare ?? 0.03}
  `);
  // Projects: a fifth of the tasks in one of eight.
  await db.execute(sql`
    insert into projects (id, name, created_by)
    select id, 'Seed project ' || ordinality, ${ownerIds[0]!} from unnest(${sql.raw(`array[${SEED_PROJECTS.map((id) => `'${id}'`).join(",")}]`)}::text[]) with ordinality as id
    on conflict do nothing
  `);
  await db.execute(sql`
    update tasks set project_id = (${sql.raw(`array[${SEED_PROJECTS.map((id) => `'${id}'`).join(",")}]`)})[1 + floor(random() * ${SEED_PROJECTS.length})::int]
    where project_id is null and random() < 0.2
  `);
  // Tags and ratings on a share of the finished outputs (5% by default): one to three tags each
  // from a small vocabulary, and a rating of 1 to 5 stars on about as many.
  const labelShare = options.labelShare ?? 0.05;
  await db.execute(sql`
    insert into task_tags (task_id, tag, created_by)
    select distinct tasks.id, (${tags})[1 + floor(random() * ${TAGS.length})::int], tasks.owner_id
    from tasks cross join generate_series(1, 3) as pick
    where tasks.state = 'succeeded' and random() < ${labelShare / 2}::float8
    on conflict do nothing
  `);
  await db.execute(
    sql`update tasks set rating = 1 + floor(random() * 5)::int where state = 'succeeded' and random() < ${labelShare}::float8`,
  );
  // Reviews on about as many: two approved for each one sent back for changes.
  await db.execute(sql`
    update tasks set review_state = case when random() < 0.67 then 'approved' else 'changes_requested' end,
      reviewer_name = 'Seed reviewer', reviewed_at = finished_at
    where state = 'succeeded' and random() < ${labelShare}::float8
  `);
  await db.execute(sql`analyze tasks`);
  await db.execute(sql`analyze task_tags`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze task_favourites`);
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
    { favourites: "1" as const },
    { favourites: "1" as const, q: "dragon" },
    { favourites: "1" as const, owner: ownerIds[4], sort: "duration" as const },
    { tag: "hero" },
    { tag: "hero,final" },
    { tag: "night", q: "dragon" },
    { tag: "client review", sort: "duration" as const },
    { rating: "4" },
    { rating: "1", owner: ownerIds[6] },
    { rating: "3", tag: "social", favourites: "1" as const },
    { project: SEED_PROJECTS[0] },
    { project: SEED_PROJECTS[1], state: ["succeeded" as const] },
    { project: SEED_PROJECTS[2], tag: "hero", q: "city" },
    { project: SEED_PROJECTS[3], sort: "duration" as const, dir: "asc" as const },
    { review: "approved" as const },
    { review: "changes_requested" as const, project: SEED_PROJECTS[0] },
    { review: "none" as const, owner: ownerIds[1] },
    { review: "approved" as const, tag: "hero", rating: "3" },
  ];
}

/** A spread of gallery filter combinations: every filter the gallery has, alone and together. */
export function galleryFilterCombinations(ownerIds: string[]) {
  const day = 86_400_000;
  const now = Date.now();
  return [
    {},
    { owner: ownerIds[3] },
    { model: "t2v_v3" },
    { q: "dragon" },
    { from: new Date(now - 7 * day).toISOString(), to: new Date(now).toISOString() },
    { favourites: "1" as const },
    { favourites: "1" as const, q: "neon rain" },
    { tag: "hero" },
    { tag: "hero,final", owner: ownerIds[2] },
    { rating: "4" },
    { rating: "2", model: "i2v" },
    { review: "approved" as const },
    { review: "changes_requested" as const, tag: "night" },
    { review: "none" as const, owner: ownerIds[5] },
    { project: SEED_PROJECTS[0] },
    { project: SEED_PROJECTS[1], review: "approved" as const },
    { project: SEED_PROJECTS[2], tag: "hero", rating: "3", q: "city" },
    { project: SEED_PROJECTS[3], favourites: "1" as const, from: new Date(now - 30 * day).toISOString() },
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

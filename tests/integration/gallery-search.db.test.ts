import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryFiltersSchema, type GalleryFilters } from "@/lib/shared/gallery";
import { searchQueryFor } from "@/lib/shared/task-filters";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/databases";
import { seedTasks } from "../support/seed-tasks";

// A gallery search first looks through the newest outputs and asks the search index only when they
// do not fill a page (lib/server/db/queries/gallery.ts). Whichever way a page is found, every page
// must be the one the plain query gives: the same outputs, in the same order, with no gap or repeat
// between pages. Checked for a common word (pages come from the window), a rare one (the index
// answers) and a search under a filter the window never applies to.

const kind = testDatabaseKind();

describe(`gallery search on ${kind}`, () => {
  let database: TestDatabase;
  let owners: string[];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // About 1,500 outputs: more than the window, so a rare word has to fall back to the index.
    owners = await seedTasks(database.db, { tasks: 3_000, owners: 4 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  async function expected(filters: GalleryFilters): Promise<string[]> {
    const conditions = [sql`state = 'succeeded' and media_path is not null and deleted_at is null`];
    conditions.push(sql`prompt_search @@ to_tsquery('simple', ${searchQueryFor(filters.q!)})`);
    if (filters.owner) conditions.push(sql`owner_id = ${filters.owner}`);
    if (filters.rating) conditions.push(sql`rating >= ${Number(filters.rating)}`);
    const result = await database.db.execute(
      sql`select id from tasks where ${sql.join(conditions, sql` and `)} order by finished_at desc, id desc`,
    );
    return (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
  }

  async function allPages(filters: GalleryFilters) {
    const { listGallery } = await import("@/lib/server/db/queries/gallery");
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listGallery(database.db, filters, { viewerId: owners[0]!, limit: 60, cursor });
      ids.push(...page!.rows.map((row) => row.id));
      cursor = page!.next;
      pages += 1;
    } while (cursor && pages < 100);
    return ids;
  }

  it("finds a common word's pages in the newest outputs, the same pages the index gives", async () => {
    const { GALLERY_SEARCH_WINDOW, galleryQuery, searchWindowApplies } = await import("@/lib/server/db/queries/gallery");
    const filters = galleryFiltersSchema.parse({ q: "dragon" });
    expect(searchWindowApplies(filters)).toBe(true);
    // The window alone fills the first page: this is the path under test, not the fallback.
    const windowed = await galleryQuery(database.db, filters, {
      viewerId: owners[0]!,
      limit: 60,
      cursor: null,
      searchWindow: GALLERY_SEARCH_WINDOW,
    })!;
    expect(windowed.length).toBe(61);
    const want = await expected(filters);
    expect(want.length).toBeGreaterThan(120);
    expect(await allPages(filters)).toEqual(want);
  });

  it("falls back to the index for a word too rare for the window, missing nothing", async () => {
    // Prompts end with their seed number: "123" (and 1230-1239) matches a handful of outputs.
    const { GALLERY_SEARCH_WINDOW, galleryQuery } = await import("@/lib/server/db/queries/gallery");
    const filters = galleryFiltersSchema.parse({ q: "123" });
    const windowed = await galleryQuery(database.db, filters, {
      viewerId: owners[0]!,
      limit: 60,
      cursor: null,
      searchWindow: GALLERY_SEARCH_WINDOW,
    })!;
    expect(windowed.length).toBeLessThan(61);
    const want = await expected(filters);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(61);
    expect(await allPages(filters)).toEqual(want);
  });

  it("answers a search within one person's outputs, and under a rating, page for page", async () => {
    const { searchWindowApplies } = await import("@/lib/server/db/queries/gallery");
    const mine = galleryFiltersSchema.parse({ q: "city", owner: owners[1] });
    expect(await allPages(mine)).toEqual(await expected(mine));
    await database.db.execute(
      sql`update tasks set rating = 4 where state = 'succeeded' and id in (select id from tasks order by id limit 900)`,
    );
    const rated = galleryFiltersSchema.parse({ q: "city", rating: "3" });
    expect(searchWindowApplies(rated)).toBe(false);
    const want = await expected(rated);
    expect(want.length).toBeGreaterThan(0);
    expect(await allPages(rated)).toEqual(want);
  });
});

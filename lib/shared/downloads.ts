import * as z from "zod/mini";

// Bulk download: chosen outputs, or a project's, as one zip with a manifest.

/** A project's zip holds up to this many outputs, newest first. */
export const ZIP_MAX_OUTPUTS = 500;
/** Chosen by id: the ids ride in the URL, which a server takes up to about 16 KB of (200 ids: 7.4 KB). */
export const ZIP_MAX_IDS = 200;

/** GET /api/downloads/zip: `ids` (comma-separated task ids) or `project`. */
export const zipQuerySchema = z
  .strictObject({
    ids: z.optional(
      z.pipe(
        z.string().check(z.maxLength(ZIP_MAX_IDS * 37, { error: `Choose at most ${ZIP_MAX_IDS} outputs.` })),
        z.pipe(
          z.transform((value: string) => value.split(",").filter(Boolean)),
          z
            .array(z.uuid({ error: "Those are not outputs of Cutroom's." }))
            .check(
              z.minLength(1, { error: "Choose at least one output." }),
              z.maxLength(ZIP_MAX_IDS, { error: `Choose at most ${ZIP_MAX_IDS} outputs.` }),
            ),
        ),
      ),
    ),
    project: z.optional(z.uuid({ error: "Choose a project from the list." })),
  })
  .check(
    z.refine((value) => (value.ids ? 1 : 0) + (value.project ? 1 : 0) === 1, {
      error: "Ask for some outputs (ids) or one project (project).",
      path: ["ids"],
    }),
  );

/** The zip's address for these outputs, or for a project. */
export const zipUrl = (which: { ids: readonly string[] } | { project: string }) =>
  `/api/downloads/zip?${new URLSearchParams("ids" in which ? { ids: which.ids.join(",") } : { project: which.project }).toString()}`;

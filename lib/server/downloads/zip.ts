import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { ZipFile } from "yazl";
import type { Db } from "../db";
import { ownerDisplayName } from "../db/queries/owner-name";
import { projects, tasks, users } from "../db/schema";
import { notFound } from "../errors";
import { logger } from "../logger";
import { storage } from "../storage/files";
import { findModel } from "@/lib/shared/catalog";
import { ZIP_MAX_OUTPUTS } from "@/lib/shared/downloads";

// Outputs as one zip, streamed: each file is read from storage as the zip is written (yazl reads
// one entry at a time and the response's backpressure paces it), so memory stays flat whatever
// the size. Entries are stored, not deflated: videos and images are compressed already. First in
// the zip is manifest.csv (file, prompt, model, owner, date), with spreadsheet formulas escaped.
// Only what a teammate may see goes in: succeeded, not deleted, with Cutroom's own copy.

type ZipRow = { id: string; prompt: string; provider: string; model: string; owner: string; finishedAt: Date | null; mediaPath: string };

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_-]+/g, "-")
    .toLowerCase()
    .slice(0, 40)
    .replace(/-+$/, "");

async function zipRows(db: Db, which: { ids: string[] } | { project: string }): Promise<{ rows: ZipRow[]; name: string }> {
  let name = "cutroom-outputs";
  if ("project" in which) {
    const [project] = await db.select({ name: projects.name }).from(projects).where(eq(projects.id, which.project));
    if (!project) throw notFound("That project");
    name = `cutroom-${slug(project.name) || "project"}`;
  }
  const rows = await db
    .select({
      id: tasks.id,
      prompt: tasks.promptText,
      provider: tasks.provider,
      model: tasks.model,
      owner: ownerDisplayName,
      finishedAt: tasks.finishedAt,
      mediaPath: tasks.mediaPath,
    })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(
      and(
        "ids" in which ? inArray(tasks.id, which.ids) : eq(tasks.projectId, which.project),
        eq(tasks.state, "succeeded"),
        isNotNull(tasks.mediaPath),
        isNull(tasks.deletedAt),
      ),
    )
    .orderBy(sql`${tasks.finishedAt} desc nulls last`, desc(tasks.id))
    .limit(ZIP_MAX_OUTPUTS);
  if (rows.length === 0) throw notFound("Any output to download there");
  return { rows: rows as ZipRow[], name };
}

/** The zip's file name and its bytes as a stream, or 404 when none of what was asked has an output. */
export async function outputsZip(
  db: Db,
  which: { ids: string[] } | { project: string },
): Promise<{ filename: string; body: ReadableStream<Uint8Array>; count: number }> {
  const { rows, name } = await zipRows(db, which);
  const zip = new ZipFile();
  const files = rows.map((row, index) => {
    const extension = row.mediaPath.split(".").pop() ?? "mp4";
    const file = `${String(index + 1).padStart(3, "0")}-${slug(row.prompt) || row.model}-${row.id.slice(0, 8)}.${extension}`;
    return { row, file };
  });
  const manifest = stringify(
    files.map(({ row, file }) => [
      file,
      row.prompt,
      findModel(row.provider, row.model)?.label ?? row.model,
      row.owner,
      row.finishedAt?.toISOString() ?? "",
    ]),
    { header: true, columns: ["file", "prompt", "model", "owner", "date"], escape_formulas: true },
  );
  zip.addBuffer(Buffer.from(manifest, "utf8"), "manifest.csv", { compress: true });
  for (const { row, file } of files) {
    // Opened only when yazl reaches the entry: one stored file (or bucket object) open at a time.
    zip.addReadStreamLazy(file, { compress: false, mtime: row.finishedAt ?? new Date() }, (done) => {
      storage()
        .openRead(row.mediaPath)
        .then(
          (stream) => {
            done(null, stream);
          },
          (error: unknown) => {
            done(error, undefined as never);
          },
        );
    });
  }
  zip.end();
  zip.outputStream.on("error", (error: Error) => logger().warn({ event: "zip_failed", error: error.message }, "a zip stopped early"));
  // A file that cannot be read (gone from the bucket, storage down) ends the download as a broken
  // transfer the browser reports, rather than one that hangs.
  zip.on("error", (error: Error) => (zip.outputStream as Readable).destroy(error));
  const day = new Date().toISOString().slice(0, 10);
  return {
    filename: `${name}-${day}.zip`,
    body: Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>,
    count: rows.length,
  };
}

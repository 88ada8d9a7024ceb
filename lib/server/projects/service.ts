import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { ownerDisplayName } from "../db/queries/owner-name";
import { findVisibleTask } from "../db/queries/tasks";
import { projects, tasks, users, type Project } from "../db/schema";
import { AppError, forbidden, notFound, validationFailed } from "../errors";
import type { SessionUser } from "../auth/session";
import { canManage } from "../tasks/view";
import { PROJECTS_MAX, type CreateProjectInput, type ProjectView, type UpdateProjectInput } from "@/lib/shared/projects";

// Projects: the team's named groups of tasks. Every member sees every project and may start one;
// whoever made it, or an admin, renames or deletes it. Deleting a project keeps its tasks (in no
// project). A task joins a project when it is made (Generate) or later, by its owner or an admin.

const takenName = (name: string) => validationFailed({ name: `There is already a project called “${name}”.` });

const outputWhere = sql`${tasks.state} = 'succeeded' and ${tasks.mediaPath} is not null and ${tasks.deletedAt} is null`;

/** Every project with its counts and newest poster, by name; or the one asked for. */
async function readProjects(db: Db, viewer: SessionUser, id?: string): Promise<ProjectView[]> {
  const rows = await db
    .select({
      project: projects,
      creatorName: ownerDisplayName,
      tasks: sql<number>`(select count(*)::int from ${tasks} where ${tasks.projectId} = ${projects.id} and ${tasks.deletedAt} is null)`,
      outputs: sql<number>`(select count(*)::int from ${tasks} where ${tasks.projectId} = ${projects.id} and ${outputWhere})`,
      approved: sql<number>`(select count(*)::int from ${tasks} where ${tasks.projectId} = ${projects.id} and ${outputWhere} and ${tasks.reviewState} = 'approved')`,
      changesRequested: sql<number>`(select count(*)::int from ${tasks} where ${tasks.projectId} = ${projects.id} and ${outputWhere} and ${tasks.reviewState} = 'changes_requested')`,
      poster: sql<
        string | null
      >`(select ${tasks.id} from ${tasks} where ${tasks.projectId} = ${projects.id} and ${outputWhere} and ${tasks.posterPath} is not null order by ${tasks.finishedAt} desc nulls last, ${tasks.id} desc nulls last limit 1)`,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.createdBy))
    .where(id ? eq(projects.id, id) : undefined)
    .orderBy(asc(sql`lower(${projects.name})`), asc(projects.id));
  return rows.map((row) => ({
    id: row.project.id,
    name: row.project.name,
    description: row.project.description,
    createdBy: { id: row.project.createdBy, name: row.creatorName },
    createdAt: row.project.createdAt.toISOString(),
    updatedAt: row.project.updatedAt.toISOString(),
    tasks: Number(row.tasks),
    outputs: Number(row.outputs),
    review: { approved: Number(row.approved), changesRequested: Number(row.changesRequested) },
    posterUrl: row.poster ? `/api/media/${row.poster}/poster` : null,
    canEdit: mayEdit(viewer, row.project),
  }));
}

const mayEdit = (viewer: SessionUser, project: Pick<Project, "createdBy">) => viewer.role === "admin" || viewer.id === project.createdBy;

export const listProjects = (db: Db, viewer: SessionUser) => readProjects(db, viewer);

export async function getProject(db: Db, viewer: SessionUser, id: string): Promise<ProjectView> {
  const [project] = await readProjects(db, viewer, id);
  if (!project) throw notFound("That project");
  return project;
}

export async function createProject(db: Db, user: SessionUser, input: CreateProjectInput): Promise<ProjectView> {
  const id = randomUUID();
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(projects);
      if (Number(row?.count ?? 0) >= PROJECTS_MAX) {
        throw new AppError("CONFLICT", `The team has ${PROJECTS_MAX} projects, the most Cutroom keeps. Delete one first.`);
      }
      await tx.insert(projects).values({ id, name: input.name, description: input.description, createdBy: user.id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw takenName(input.name);
    throw error;
  }
  return getProject(db, user, id);
}

async function editableProject(db: Db, user: SessionUser, id: string, what: string): Promise<Project> {
  const [project] = await db.select().from(projects).where(eq(projects.id, id));
  if (!project) throw notFound("That project");
  if (!mayEdit(user, project)) throw forbidden(`Only the teammate who started this project, or an admin, can ${what}.`);
  return project;
}

export async function updateProject(db: Db, user: SessionUser, id: string, input: UpdateProjectInput): Promise<ProjectView> {
  await editableProject(db, user, id, "change it");
  try {
    await db
      .update(projects)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(projects.id, id));
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw takenName(input.name);
    throw error;
  }
  return getProject(db, user, id);
}

/** Deletes a project; its tasks stay, in no project (the foreign key sets them free). */
export async function deleteProject(db: Db, user: SessionUser, id: string): Promise<{ tasksKept: number }> {
  await editableProject(db, user, id, "delete it");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(eq(tasks.projectId, id), isNull(tasks.deletedAt)));
    await tx.delete(projects).where(eq(projects.id, id));
    return { tasksKept: Number(row?.count ?? 0) };
  });
}

/**
 * Puts a task in a project (or none). The project is locked while the task joins it, so one being
 * deleted at that moment is either gone first (422) or deleted after, freeing the task.
 */
export async function setTaskProject(
  db: Db,
  user: SessionUser,
  taskId: string,
  projectId: string | null,
): Promise<{ id: string; name: string } | null> {
  const task = await findVisibleTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!canManage(user, task)) throw forbidden("Only the person who created this task, or an admin, can move it to another project.");
  return db.transaction(async (tx) => {
    const project = projectId ? await lockProject(tx, projectId) : null;
    await tx.update(tasks).set({ projectId }).where(eq(tasks.id, taskId));
    return project;
  });
}

/** The project a write is about to use, held (FOR KEY SHARE) until the write commits; 422 if gone. */
export async function lockProject(db: Db, projectId: string): Promise<{ id: string; name: string }> {
  const [project] = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.id, projectId))
    .for("key share");
  if (!project) throw validationFailed({ projectId: "That project no longer exists. Choose another." });
  return project;
}

/** A task's project, for its page. */
export async function projectOf(db: Db, projectId: string | null): Promise<{ id: string; name: string } | null> {
  if (!projectId) return null;
  const [project] = await db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.id, projectId));
  return project ?? null;
}

/** Every project's id and name, by name: Generate's choice of where new tasks go. */
export async function projectChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .orderBy(asc(sql`lower(${projects.name})`), asc(projects.id));
}

import * as z from "zod/mini";
import { noControlCharacters } from "./validation";

// Projects: named groups of the team's tasks. The shapes the forms, the URLs and the API share.

export const PROJECT_NAME_MAX = 80;
export const PROJECT_DESCRIPTION_MAX = 1000;
/** A team's list of projects, not an archive of every idea. */
export const PROJECTS_MAX = 500;

const nameSchema = z
  .string({ error: "Name the project." })
  .check(
    z.trim(),
    z.minLength(1, { error: "Name the project." }),
    z.maxLength(PROJECT_NAME_MAX, { error: `Use at most ${PROJECT_NAME_MAX} characters.` }),
    noControlCharacters({ message: "Use letters, digits and punctuation only." }),
  );
const descriptionSchema = z
  .string({ error: "The description is text." })
  .check(
    z.trim(),
    z.maxLength(PROJECT_DESCRIPTION_MAX, { error: `Use at most ${PROJECT_DESCRIPTION_MAX.toLocaleString("en-US")} characters.` }),
    noControlCharacters({ multiline: true, message: "Use letters, digits and punctuation only." }),
  );

export const createProjectSchema = z.strictObject({
  name: nameSchema,
  description: z._default(descriptionSchema, ""),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .strictObject({ name: z.optional(nameSchema), description: z.optional(descriptionSchema) })
  .check(z.refine((value) => Object.keys(value).length > 0, { error: "Say what to change: name or description." }));
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

/** A project id, or null for none (a task's project, Generate's choice). */
export const projectChoice = z.nullable(z.uuid({ error: "Choose a project from the list." }));

/** PUT /api/tasks/:id/project */
export const taskProjectBodySchema = z.strictObject({ projectId: projectChoice });

export type ProjectView = {
  id: string;
  name: string;
  description: string;
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  /** How many tasks it holds, and how many of them have an output to show. */
  tasks: number;
  outputs: number;
  /** How many of its outputs are approved, and how many wait for changes. */
  review: { approved: number; changesRequested: number };
  /** A poster of its newest output, for the list. */
  posterUrl: string | null;
  /** The viewer may rename or delete it (whoever made it, and admins). */
  canEdit: boolean;
};

import * as z from "zod/mini";
import { noControlCharacters } from "./validation";

// User input rules shared by the setup page, the Users page and the API.

export const ROLES = ["admin", "member"] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD_MIN = 10;

export const emailSchema = z.pipe(
  z
    .string({ error: "Enter an email address." })
    .check(
      z.trim(),
      z.toLowerCase(),
      z.minLength(1, { error: "Enter an email address." }),
      z.maxLength(254, { error: "That email address is too long." }),
    ),
  z.email({ error: "Enter a valid email address, like name@example.com." }),
);

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .check(
    z.minLength(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters.` }),
    z.maxLength(200, { error: "Use at most 200 characters." }),
  );

export const nameSchema = z
  .string({ error: "Enter a name." })
  .check(
    z.trim(),
    z.minLength(1, { error: "Enter a name." }),
    z.maxLength(100, { error: "Use at most 100 characters." }),
    noControlCharacters({ message: "Use letters, digits and punctuation only." }),
  );

const roleSchema = z.enum(ROLES, { error: "Choose a role: admin or member." });

export const setupSchema = z.strictObject({ name: nameSchema, email: emailSchema, password: passwordSchema });
export type SetupInput = z.infer<typeof setupSchema>;

export const newUserSchema = z.extend(setupSchema, { role: roleSchema });
export type NewUserInput = z.infer<typeof newUserSchema>;

export type UserView = { id: string; name: string; email: string; role: Role; disabled: boolean; createdAt: string };

export const userChangesSchema = z
  .strictObject({
    role: z.optional(roleSchema),
    disabled: z.optional(z.boolean({ error: "disabled is true or false." })),
    password: z.optional(passwordSchema),
  })
  .check(z.refine((changes) => Object.keys(changes).length > 0, { error: "Say what to change: role, disabled or password." }));
export type UserChanges = z.infer<typeof userChangesSchema>;

/** How a deleted member's name reads where their tasks are shown. */
export const FORMER_MEMBER_SUFFIX = " (former member)";

/**
 * Deleting a member: their tasks go to another active teammate (`reassignTo`), or stay theirs,
 * shown under "former member" (`null`). Asked for explicitly, never assumed.
 */
export const deleteUserSchema = z.strictObject({
  reassignTo: z.nullable(z.uuid({ error: "Choose who takes over their tasks, or keep them under former member." })),
});
export type DeleteUserInput = z.infer<typeof deleteUserSchema>;

import * as z from "zod/mini";
import { passwordSchema } from "./users";

// Changing one's own password, from the user menu: the form and POST /api/account/password share it.

export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .check(z.minLength(1, { error: "Enter your current password." }), z.maxLength(200, { error: "Use at most 200 characters." })),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: "Type the new password again." }).check(z.minLength(1, { error: "Type the new password again." })),
  })
  .check(
    z.refine((input) => input.confirmPassword === input.newPassword, {
      error: "This does not match the new password.",
      path: ["confirmPassword"],
    }),
    z.refine((input) => input.newPassword !== input.currentPassword, {
      error: "Choose a password different from your current one.",
      path: ["newPassword"],
    }),
  );
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

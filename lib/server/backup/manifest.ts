import "server-only";
import { z } from "zod";

// What a backup says about itself, first in the archive: its format, the schema it was taken at
// (how many migrations had run), where the files were, and for each table its columns and rows.

export const BACKUP_FORMAT = 1;
export const MANIFEST_ENTRY = "cutroom-backup.json";

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  migrations: z.number().int().min(0),
  engine: z.enum(["pglite", "postgres"]),
  storage: z.enum(["local", "s3"]),
  tables: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), columns: z.array(z.string()), rows: z.number().int().min(0) })),
  files: z.array(z.object({ key: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  secrets: z.array(z.enum(["auth-secret", "sandbox-key"])),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export const SECRET_FILES = ["auth-secret", "sandbox-key"] as const;

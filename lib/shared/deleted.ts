// Deleted outputs as the admins' list shows them (see lib/server/tasks/delete-task.ts).

export type DeletedTaskView = {
  id: string;
  prompt: string;
  model: string;
  owner: string;
  deletedAt: string;
  /** Who deleted it. */
  deletedBy: string | null;
  /** Deleted by the retention rule rather than a person. */
  byRetention: boolean;
  /** When its files were removed, or null while they are kept. */
  filesRemovedAt: string | null;
  /** When its files go (while they are kept). */
  filesRemoveAfter: string | null;
  restorable: boolean;
};

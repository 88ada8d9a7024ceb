"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { ApiError } from "@/lib/client/api";
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX, createProjectSchema, type CreateProjectInput } from "@/lib/shared/projects";

type Errors = Partial<Record<"name" | "description" | "_form", string>>;

/** What a refusal says, by field (the server's own messages: "There is already a project called …"). */
export function projectErrors(error: unknown): Errors {
  if (error instanceof ApiError) {
    const fields = error.fields as Errors;
    return fields.name || fields.description ? fields : { _form: error.message };
  }
  return error ? { _form: "That did not save. Try again." } : {};
}

/** A project's name and description: to start one, or to change one. Checked here, then by the server. */
export function ProjectForm({
  initial = { name: "", description: "" },
  submitLabel,
  busy,
  serverError,
  onSubmit,
  onCancel,
}: {
  initial?: CreateProjectInput;
  submitLabel: string;
  busy: boolean;
  serverError: unknown;
  onSubmit: (input: CreateProjectInput) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [errors, setErrors] = useState<Errors>({});
  const shown = { ...projectErrors(serverError), ...errors };
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = createProjectSchema.safeParse({ name, description });
        if (!parsed.success) {
          setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "_form"), issue.message])));
          return;
        }
        setErrors({});
        onSubmit(parsed.data);
      }}
    >
      <Field id={`${id}-name`} label="Name" error={shown.name}>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={PROJECT_NAME_MAX * 2}
          onChange={(event) => setName(event.target.value)}
          placeholder="Spring campaign"
          className={controlClass(Boolean(shown.name))}
          aria-invalid={Boolean(shown.name)}
          aria-describedby={describedBy(`${id}-name`, shown.name)}
        />
      </Field>
      <Field id={`${id}-description`} label="Description" error={shown.description} help="Optional: what it is for, who it is for.">
        <textarea
          id={`${id}-description`}
          value={description}
          rows={3}
          maxLength={PROJECT_DESCRIPTION_MAX * 2}
          onChange={(event) => setDescription(event.target.value)}
          className={controlClass(Boolean(shown.description))}
          aria-invalid={Boolean(shown.description)}
          aria-describedby={describedBy(`${id}-description`, shown.description, true)}
        />
      </Field>
      {shown._form ? (
        <p role="alert" className="text-sm text-red-700">
          {shown._form}
        </p>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

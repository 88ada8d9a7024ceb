import type { InputHTMLAttributes, ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, controlClass, describedBy } from "./field";

/** A labelled text input bound to react-hook-form, with its error and help wired for screen readers. */
export function TextField({
  id,
  label,
  error,
  help,
  registration,
  ...input
}: {
  id: string;
  label: string;
  error?: string;
  help?: ReactNode;
  registration: UseFormRegisterReturn;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "onChange" | "onBlur">) {
  return (
    <Field id={id} label={label} error={error} help={help}>
      <input
        id={id}
        className={controlClass(Boolean(error))}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, error, help)}
        {...input}
        {...registration}
      />
    </Field>
  );
}

"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { TextField } from "@/components/ui/text-field";
import { applyApiError } from "@/lib/client/form-errors";
import { useCreateUser } from "@/lib/client/users";
import { PASSWORD_MIN, newUserSchema, type NewUserInput } from "@/lib/shared/users";

const FIELDS = ["name", "email", "password", "role"] as const;

/** Admin > Users: add a teammate with a password the admin chooses and passes on. */
export function AddUserForm() {
  const create = useCreateUser();
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<NewUserInput>({
    resolver: zodResolver(newUserSchema),
    defaultValues: { name: "", email: "", password: "", role: "member" },
  });
  const { errors } = formState;

  const onSubmit = handleSubmit((values) => {
    setProblem(null);
    setAdded(null);
    create.mutate(values, {
      onSuccess: (user) => {
        setAdded(`${user.name} can now sign in as ${user.email}.`);
        reset();
      },
      onError: (error) => setProblem(applyApiError(error, setError, FIELDS)),
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      {problem ? <Alert tone="error" title={problem} /> : null}
      {added ? (
        <Alert tone="success" title="Teammate added">
          {added}
        </Alert>
      ) : null}
      <TextField id="new-name" label="Name" error={errors.name?.message} registration={register("name")} />
      <TextField
        id="new-email"
        label="Email"
        type="email"
        autoComplete="off"
        error={errors.email?.message}
        registration={register("email")}
      />
      <TextField
        id="new-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={errors.password?.message}
        help={`At least ${PASSWORD_MIN} characters.`}
        registration={register("password")}
      />
      <Field id="new-role" label="Role" error={errors.role?.message} help="Admins also manage users and can cancel anyone's tasks.">
        <select
          id="new-role"
          className={controlClass(Boolean(errors.role))}
          aria-describedby={describedBy("new-role", errors.role?.message, true)}
          {...register("role")}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <Button type="submit" busy={create.isPending} className="w-full">
        Add teammate
      </Button>
    </form>
  );
}

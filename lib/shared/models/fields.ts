import * as z from "zod/mini";
import { isPublicHttpsUrl } from "../public-url";
import { emptyAsAbsent } from "../validation";

// A model's form is declared once as a list of fields; the zod schema that the server validates with
// is built from the same list, so the form and the API can never disagree about what is valid.

export type TextField = {
  kind: "text";
  name: string;
  label: string;
  required: boolean;
  maxLength: number;
  placeholder?: string;
  help?: string;
};

export type ChoiceField = {
  kind: "choice";
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue: string;
  help?: string;
};

export type ImageField = {
  kind: "image";
  name: string;
  label: string;
  required: boolean;
  help?: string;
};

export type SegmentsField = {
  kind: "segments";
  name: string;
  label: string;
  min: number;
  max: number;
  maxLength: number;
  secondsEach: number;
  help?: string;
};

export type FieldSpec = TextField | ChoiceField | ImageField | SegmentsField;

/**
 * An image for a model: one uploaded to Cutroom (sent to the provider as its bytes), or a public
 * https URL that Cutroom passes to the provider as it is and never fetches itself.
 */
const uuidCheck = z.uuid();
const httpsUrlCheck = z.url({ protocol: /^https$/ }).check(z.maxLength(2048));

export const imageRefSchema = z.pipe(
  z.strictObject({ uploadId: z.optional(z.string()), url: z.optional(z.string()) }, { error: "Choose an image." }).check(
    z.superRefine((value, ctx) => {
      if (value.uploadId !== undefined && value.url !== undefined) {
        ctx.addIssue({ code: "custom", message: "Use either an uploaded image or a link, not both." });
      } else if (value.uploadId !== undefined) {
        if (!uuidCheck.safeParse(value.uploadId).success)
          ctx.addIssue({ code: "custom", message: "Upload the image again: this reference is not valid." });
      } else if (value.url !== undefined) {
        if (!httpsUrlCheck.safeParse(value.url).success)
          ctx.addIssue({ code: "custom", message: "Use a public https:// link to an image (2048 characters at most)." });
        else if (!isPublicHttpsUrl(value.url))
          ctx.addIssue({
            code: "custom",
            message: "The provider cannot reach this link: use one on the public internet, without a password in it.",
          });
      } else {
        ctx.addIssue({ code: "custom", message: "Choose an image." });
      }
    }),
  ),
  z.transform((value): { uploadId: string } | { url: string } =>
    value.uploadId !== undefined ? { uploadId: value.uploadId } : { url: value.url! },
  ),
);
export type ImageRef = z.infer<typeof imageRefSchema>;

function fieldSchema(field: FieldSpec): z.ZodMiniType {
  switch (field.kind) {
    case "text": {
      const text = z
        .string({ error: `${field.label} must be text.` })
        .check(z.trim(), z.maxLength(field.maxLength, { error: `${field.label} can be at most ${field.maxLength} characters.` }));
      if (field.required) return text.check(z.minLength(1, { error: `Enter a ${field.label.toLowerCase()}.` }));
      // An optional text that is left empty is sent as absent, not as "".
      return emptyAsAbsent(text);
    }
    case "choice": {
      const values = field.options.map((option) => option.value) as [string, ...string[]];
      return z.enum(values, { error: `Choose one of: ${field.options.map((option) => option.label).join(", ")}.` });
    }
    case "image":
      return field.required ? imageRefSchema : z.optional(imageRefSchema);
    case "segments":
      return z
        .array(
          z
            .string({ error: "Each segment needs a prompt." })
            .check(
              z.trim(),
              z.minLength(1, { error: "Write a prompt for this segment or remove it." }),
              z.maxLength(field.maxLength, { error: `A segment prompt can be at most ${field.maxLength} characters.` }),
            ),
          { error: "Add at least one segment." },
        )
        .check(
          z.minLength(field.min, { error: `Add at least ${field.min} segment${field.min === 1 ? "" : "s"}.` }),
          z.maxLength(field.max, { error: `A long video has at most ${field.max} segments.` }),
        );
  }
}

export function schemaForFields(fields: readonly FieldSpec[]) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const field of fields) shape[field.name] = fieldSchema(field);
  // Unknown keys are rejected rather than dropped: nothing the form did not define reaches a provider.
  return z.strictObject(shape);
}

export function defaultValuesForFields(fields: readonly FieldSpec[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === "text") values[field.name] = "";
    if (field.kind === "choice") values[field.name] = field.defaultValue;
    if (field.kind === "segments") values[field.name] = [""];
  }
  return values;
}

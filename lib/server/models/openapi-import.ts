import "server-only";
import { findModel } from "@/lib/shared/models/catalog";
import type { ModelKind } from "@/lib/shared/models/ids";
import { fieldsFromJsonSchema, type JsonSchema } from "@/lib/shared/models/json-schema";

// Reads skills.video's openapi.json (and optionally docs.json) the way the provider's own
// inspect_openapi.py does: every `POST /generation/{provider}/{model}` (or its SSE twin, or the same
// under /v1) is a model; its request body's JSON Schema (with $refs into components.schemas
// resolved) is what its form is built from. docs.json's "Videos" and "Images" groups say what a
// model makes; without it, the built-in catalog's entry or the endpoint's name decides.

export type ImportedModelDraft = {
  id: string;
  label: string;
  kind: ModelKind;
  summary: string;
  requestSchema: JsonSchema;
  /** Why the form cannot be built (the model is stored, but offered as unavailable). */
  problems: string[];
};

export type OpenApiReading = { models: ImportedModelDraft[]; skipped: { endpoint: string; reason: string }[] };

export class ImportError extends Error {}

const MODEL_PATH = /^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*){1,3}$/i;
const MAX_REF_DEPTH = 8;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** "/v1/generation/sse/kling-ai/kling-v2.6" -> "kling-ai/kling-v2.6"; null for other paths. */
export function modelIdOfPath(path: string): string | null {
  const match = /^(?:\/api)?(?:\/v1)?\/generation\/(?:sse\/)?(.+)$/.exec(path);
  if (!match?.[1] || match[1].includes("{")) return null;
  const id = match[1].replace(/\/+$/, "");
  return MODEL_PATH.test(id) && !id.includes("..") ? id : null;
}

/** Replaces `$ref`s into components.schemas by what they point at, to a bounded depth. */
function resolveRefs(node: unknown, components: Json, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, components, depth));
  if (!isObject(node)) return node;
  if (typeof node.$ref === "string") {
    const name = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1];
    const target = name ? components[decodeURIComponent(name)] : undefined;
    // An unresolvable or too deep reference stays a $ref, which the form builder reports.
    if (!isObject(target) || depth >= MAX_REF_DEPTH) return node;
    const { $ref: _ref, ...rest } = node;
    return resolveRefs({ ...target, ...rest }, components, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(value, components, depth)]));
}

/** Pages of docs.json's "Videos" / "Images" groups ("POST /generation/...") by model id. */
function kindsFromDocs(docs: unknown): Map<string, "video" | "image"> {
  const kinds = new Map<string, "video" | "image">();
  const visit = (node: unknown, group: "video" | "image" | null) => {
    if (typeof node === "string") {
      const match = /^POST\s+(\S+)$/i.exec(node.trim());
      const id = match?.[1] ? modelIdOfPath(match[1]) : null;
      if (id && group) kinds.set(id, group);
      return;
    }
    if (Array.isArray(node)) return node.forEach((item) => visit(item, group));
    if (!isObject(node)) return;
    const named = node.group === "Videos" ? "video" : node.group === "Images" ? "image" : group;
    for (const value of Object.values(node)) visit(value, named);
  };
  visit(docs, null);
  return kinds;
}

const IMAGE_NAME = /image|banana|seedream|flux|kontext|ideogram|z-image|gpt-image/i;
const VIDEO_EDIT = /edit|aleph|retake|extend|upscale|lipsync|motion-control/i;

function kindOf(id: string, fromDocs: "video" | "image" | undefined, schema: JsonSchema): ModelKind {
  const known = findModel("skills-video", id);
  if (known && !fromDocs) return known.kind;
  const output = fromDocs ?? (IMAGE_NAME.test(id) && !/video/i.test(id) ? "image" : "video");
  const takesVideo = Object.keys(schema.properties ?? {}).some((name) => /video/i.test(name));
  if (output === "video")
    return VIDEO_EDIT.test(id) || (takesVideo && schema.required?.some((name) => /video/i.test(name))) ? "video-to-video" : "text-to-video";
  return /upscale|edit/i.test(id) ? "image-to-image" : "text-to-image";
}

function requestSchemaOf(operation: Json): unknown {
  const content = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content : null;
  if (!content) return null;
  for (const type of ["application/json", "multipart/form-data"]) {
    const entry = content[type];
    if (isObject(entry) && isObject(entry.schema)) return entry.schema;
  }
  return null;
}

export function readOpenApi(openapi: unknown, docs?: unknown): OpenApiReading {
  if (!isObject(openapi) || !isObject(openapi.paths)) {
    throw new ImportError("This is not an OpenAPI document: it has no `paths`.");
  }
  const components = isObject(openapi.components) && isObject(openapi.components.schemas) ? openapi.components.schemas : {};
  const docKinds = docs === undefined ? new Map<string, "video" | "image">() : kindsFromDocs(docs);
  const drafts = new Map<string, ImportedModelDraft>();
  const skipped: OpenApiReading["skipped"] = [];

  for (const [path, operations] of Object.entries(openapi.paths)) {
    if (!isObject(operations) || !isObject(operations.post)) continue;
    const id = modelIdOfPath(path);
    if (!id) continue;
    const operation = operations.post;
    const raw = requestSchemaOf(operation);
    if (!raw) {
      skipped.push({ endpoint: `POST ${path}`, reason: "It has no JSON or multipart request body schema." });
      continue;
    }
    // The polling and SSE endpoints share a body; the polling one's entry is kept when both exist.
    if (drafts.has(id) && path.includes("/sse/")) continue;
    const schema = resolveRefs(raw, components) as JsonSchema;
    const { problems } = fieldsFromJsonSchema(schema);
    const summary = typeof operation.summary === "string" ? operation.summary.trim().slice(0, 200) : "";
    const label = summary || findModel("skills-video", id)?.label || id;
    drafts.set(id, {
      id,
      label: label.slice(0, 80),
      kind: kindOf(id, docKinds.get(id), schema),
      summary: typeof operation.description === "string" ? operation.description.trim().split("\n")[0]!.slice(0, 200) : "",
      requestSchema: schema,
      problems,
    });
  }
  if (drafts.size === 0 && skipped.length === 0) {
    throw new ImportError("The document has no `POST /generation/{provider}/{model}` endpoints.");
  }
  return { models: [...drafts.values()], skipped };
}

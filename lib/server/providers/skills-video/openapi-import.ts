import "server-only";
import { findModel } from "@/lib/shared/catalog";
import type { ModelKind } from "@/lib/shared/catalog/ids";
import { fieldsFromJsonSchema, type JsonSchema } from "@/lib/shared/catalog/json-schema";
import { ImportError, type ImportedModelDraft, type OpenApiReading } from "../../models/model-import";
import { SCHEMA_LIMITS, formatCount, schemaLimitProblem } from "../../models/schema-limits";

// Reads skills.video's openapi.json (and optionally docs.json) the way the provider's own
// inspect_openapi.py does: every `POST /generation/{provider}/{model}` (or its SSE twin, or the same
// under /v1) is a model; its request body's JSON Schema (with $refs into components.schemas
// resolved) is what its form is built from. docs.json's "Videos" and "Images" groups say what a
// model makes; without it, the built-in catalog's entry or the endpoint's name decides. The whole
// import is refused, naming the model and the limit, when a schema breaks one of schema-limits.ts.

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

/**
 * What one document may expand to, beyond each model's own limits (schema-limits.ts): CPU for the
 * whole import, and what all its models store together (no more than the upload itself may be).
 */
export const DOCUMENT_LIMITS = { models: 500, expandedNodes: 500_000, storedBytes: 8 * 1024 * 1024 } as const;

/**
 * Counts the nodes that $refs add as they expand, so a fan-out bomb is refused after a bounded
 * amount of work and memory. Nodes written out in the document are not counted here: the body's
 * size bounds them, and the finished schema is checked whole (schemaLimitProblem).
 */
type Expansion = { model: string; nodes: number; documentNodes: { count: number } };

function countNode(expansion: Expansion, refDepth: number, nesting: number): void {
  if (nesting > SCHEMA_LIMITS.depth) {
    throw new ImportError(`The request schema of ${expansion.model} nests deeper than ${SCHEMA_LIMITS.depth} levels (the limit).`);
  }
  if (refDepth === 0) return;
  expansion.nodes += 1;
  expansion.documentNodes.count += 1;
  if (expansion.nodes > SCHEMA_LIMITS.expandedNodes) {
    throw new ImportError(
      `The request schema of ${expansion.model} expands to more than ${formatCount(SCHEMA_LIMITS.expandedNodes)} nodes once its $refs are resolved (the limit).`,
    );
  }
  if (expansion.documentNodes.count > DOCUMENT_LIMITS.expandedNodes) {
    throw new ImportError(
      `The document's request schemas expand to more than ${formatCount(DOCUMENT_LIMITS.expandedNodes)} nodes in all (the limit), by ${expansion.model}.`,
    );
  }
}

/** Replaces `$ref`s into components.schemas by what they point at, to a bounded depth and size. */
function resolveRefs(node: unknown, components: Json, expansion: Expansion, refDepth = 0, nesting = 0): unknown {
  countNode(expansion, refDepth, nesting);
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, components, expansion, refDepth, nesting + 1));
  if (!isObject(node)) return node;
  if (typeof node.$ref === "string") {
    const name = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1];
    const target = name ? components[safeDecode(name)] : undefined;
    // An unresolvable or too deep reference stays a $ref, which the form builder reports.
    if (!isObject(target) || refDepth >= MAX_REF_DEPTH) return node;
    const { $ref: _ref, ...rest } = node;
    return resolveRefs({ ...target, ...rest }, components, expansion, refDepth + 1, nesting);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, resolveRefs(value, components, expansion, refDepth, nesting + 1)]),
  );
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Pages of docs.json's "Videos" / "Images" groups ("POST /generation/...") by model id. */
function kindsFromDocs(docs: unknown): Map<string, "video" | "image"> {
  const kinds = new Map<string, "video" | "image">();
  // Iterative: docs.json may nest deeper than the stack.
  const pending: { node: unknown; group: "video" | "image" | null }[] = [{ node: docs, group: null }];
  while (pending.length > 0) {
    const { node, group } = pending.pop()!;
    if (typeof node === "string") {
      const match = /^POST\s+(\S+)$/i.exec(node.trim());
      const id = match?.[1] ? modelIdOfPath(match[1]) : null;
      if (id && group) kinds.set(id, group);
    } else if (Array.isArray(node)) {
      for (const item of node) pending.push({ node: item, group });
    } else if (isObject(node)) {
      const named = node.group === "Videos" ? "video" : node.group === "Images" ? "image" : group;
      for (const value of Object.values(node)) pending.push({ node: value, group: named });
    }
  }
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
  const documentNodes = { count: 0 };
  let storedBytes = 0;

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
    if (!drafts.has(id) && drafts.size >= DOCUMENT_LIMITS.models) {
      throw new ImportError(`The document has more than ${formatCount(DOCUMENT_LIMITS.models)} models (the limit).`);
    }
    const schema = resolveRefs(raw, components, { model: id, nodes: 0, documentNodes }) as JsonSchema;
    const overLimit = schemaLimitProblem(schema);
    if (overLimit) throw new ImportError(`The request schema of ${id} is too large for Cutroom: ${overLimit}`);
    storedBytes += Buffer.byteLength(JSON.stringify(schema));
    if (storedBytes > DOCUMENT_LIMITS.storedBytes) {
      throw new ImportError(
        `The models' request schemas come to more than ${DOCUMENT_LIMITS.storedBytes / 1024 / 1024} MB in all (the limit), by ${id}.`,
      );
    }
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

import "server-only";
import { fileTypeFromBuffer } from "file-type";

// The only kinds of file Cutroom stores or serves as a task's output, decided from the bytes. A
// provider's Content-Type is never trusted: an SVG or HTML "video" served from Cutroom's origin
// would run script with the viewer's session.

export const OUTPUT_TYPES = {
  "video/mp4": { kind: "video", extension: "mp4", demuxer: "mp4", label: "an MP4 video" },
  "video/webm": { kind: "video", extension: "webm", demuxer: "webm", label: "a WebM video" },
  "video/quicktime": { kind: "video", extension: "mov", demuxer: "mov", label: "a QuickTime video" },
  "image/png": { kind: "image", extension: "png", demuxer: null, label: "a PNG image" },
  "image/jpeg": { kind: "image", extension: "jpg", demuxer: null, label: "a JPEG image" },
  "image/webp": { kind: "image", extension: "webp", demuxer: null, label: "a WebP image" },
} as const;

export type OutputMime = keyof typeof OUTPUT_TYPES;
export type OutputKind = "video" | "image";

/** The error code a succeeded task carries when Cutroom refused its output (not copied, not served). */
export const OUTPUT_REFUSED = "OUTPUT_REFUSED";
/** The provider's file was copied but is not a playable video (no duration) or a readable image. */
export const OUTPUT_UNREADABLE = "OUTPUT_UNREADABLE";
/** The provider no longer serves the output (404/410), or it could not be copied in all the tries. */
export const OUTPUT_GONE = "OUTPUT_GONE";

/** A succeeded task with one of these has no output to show: its reason says why, with a Re-check. */
export const OUTPUT_PROBLEMS: readonly string[] = [OUTPUT_REFUSED, OUTPUT_UNREADABLE, OUTPUT_GONE];
export const hasOutputProblem = (errorCode: string | null | undefined) => OUTPUT_PROBLEMS.includes(errorCode ?? "");

/** Enough of the start of a file for every signature above. */
export const SNIFF_BYTES = 4100;

/** Largest output Cutroom copies or relays, per kind. */
export const MAX_OUTPUT_BYTES: Record<OutputKind, number> = { video: 2 * 1024 ** 3, image: 50 * 1024 ** 2 };

export function isOutputMime(mime: string | null | undefined): mime is OutputMime {
  return typeof mime === "string" && Object.hasOwn(OUTPUT_TYPES, mime);
}

/** What the first bytes of a file are, when it is one of the output types; else null. */
export async function sniffOutputType(head: Uint8Array): Promise<OutputMime | null> {
  const type = await fileTypeFromBuffer(head);
  return isOutputMime(type?.mime) ? type.mime : null;
}

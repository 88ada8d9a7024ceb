// POST /api/uploads - store an image for image-to-video (raw body; PNG, JPEG or WebP by content; <= 10 MB)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readBodyWithLimit } from "@/lib/server/http/read-limited";
import { MAX_UPLOAD_BYTES, originalNameFrom, saveUpload, toUploadView } from "@/lib/server/uploads/service";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  // The name is checked before the body is read: a bad header costs nothing and writes nothing.
  const name = originalNameFrom(request.headers.get("x-file-name"));
  const bytes = await readBodyWithLimit(request, MAX_UPLOAD_BYTES, "Images can be at most 10 MB.");
  const upload = await saveUpload(await db(), user.id, bytes, name);
  return json({ upload: toUploadView(upload) }, { status: 201 });
});

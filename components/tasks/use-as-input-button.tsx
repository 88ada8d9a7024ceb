"use client";
import { ImagePlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/client/api";
import { useToasts } from "@/lib/client/toasts";
import type { UploadView } from "@/lib/client/uploads";

// "Use as input": the result (an image, or a video's last frame, made on the server) becomes an
// image of mine, and Generate opens on an image-to-video model with it as the first frame.

export function UseAsInputButton({
  taskId,
  kind,
  size = "sm",
  label,
}: {
  taskId: string;
  kind: "video" | "image";
  size?: "sm" | "md";
  label?: string;
}) {
  const router = useRouter();
  const toasts = useToasts();
  const use = useMutation({
    mutationFn: () => apiFetch<{ upload: UploadView }>(`/api/tasks/${taskId}/as-input`, { method: "POST" }),
    onSuccess: ({ upload }) => router.push(`/generate?image=${upload.id}`),
    onError: (error) => toasts.show({ tone: "error", title: "This result could not be used as an input.", body: error.message }),
  });
  const text = kind === "video" ? "Use last frame" : "Use as input";
  return (
    <Button
      variant={size === "md" ? "secondary" : "ghost"}
      size={size}
      busy={use.isPending || use.isSuccess}
      onClick={() => use.mutate()}
      aria-label={label ? `${text}: ${label}` : undefined}
      title={kind === "video" ? "Start a new video from this one's last frame" : "Start a video from this image"}
    >
      <ImagePlus className={size === "md" ? "size-4" : "size-3.5"} aria-hidden="true" /> {text}
    </Button>
  );
}

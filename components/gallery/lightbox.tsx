"use client";
import { LocalTime } from "@/components/ui/local-time";
import { Download, ExternalLink, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/ui/button";
import type { GalleryItem } from "@/lib/shared/gallery";

/** A finished output, large, in a modal dialog: the player, Download, and a link to its task. */
export function Lightbox({ item, onClose }: { item: GalleryItem | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (item && !dialog.current?.open) dialog.current?.showModal();
    if (!item && dialog.current?.open) dialog.current.close();
  }, [item]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      onClick={(event) => event.target === dialog.current && dialog.current?.close()}
      aria-label={item ? `Video: ${item.prompt}` : "Video"}
      className="m-auto w-[min(64rem,calc(100vw-1.5rem))] overflow-hidden rounded-2xl border border-zinc-200 bg-surface p-0 text-zinc-900 shadow-2xl backdrop:bg-black/70"
    >
      {item ? (
        <div>
          <div className="bg-black">
            {item.media.kind === "video" ? (
              <video
                key={item.id}
                src={item.media.url}
                poster={item.media.posterUrl ?? undefined}
                controls
                autoPlay
                playsInline
                className="mx-auto max-h-[70vh] w-full object-contain"
                data-testid="lightbox-video"
              />
            ) : (
              // eslint-disable-next-line @next/next/no-img-element -- a private output from our own API
              <img src={item.media.url} alt={item.prompt} className="mx-auto max-h-[70vh] object-contain" />
            )}
          </div>
          <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0">
              <p className="break-words font-medium">{item.prompt || item.modelLabel}</p>
              <p className="mt-0.5 text-sm text-zinc-500">
                {item.owner.name} · {item.modelLabel} · <LocalTime iso={item.finishedAt} />
              </p>
            </div>
            <div className="flex shrink-0 gap-2">
              <a href={item.media.downloadUrl} download className={buttonClass("primary", "sm")}>
                <Download className="size-4" aria-hidden="true" /> Download
              </a>
              <Link href={`/tasks/${item.id}`} className={buttonClass("secondary", "sm")}>
                <ExternalLink className="size-4" aria-hidden="true" /> Task
              </Link>
              <button type="button" onClick={() => dialog.current?.close()} className={buttonClass("ghost", "sm")} aria-label="Close">
                <X className="size-4" aria-hidden="true" />
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

import type { CommentView } from "@/lib/shared/comments";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A comment's text, with each "@Name" of a teammate it mentions marked (as text, never markup). */
export function CommentBody({ comment }: { comment: CommentView }) {
  const names = [...new Set(comment.mentions.map((person) => person.name))].sort((a, b) => b.length - a.length);
  if (names.length === 0) return <p className="whitespace-pre-wrap break-words text-sm text-zinc-800">{comment.body}</p>;
  const pattern = new RegExp(`(@(?:${names.map(escape).join("|")}))(?![\\p{L}\\p{N}])`, "giu");
  const parts = comment.body.split(pattern);
  return (
    <p className="whitespace-pre-wrap break-words text-sm text-zinc-800">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="rounded bg-brand-50 px-0.5 font-medium text-brand-700">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </p>
  );
}

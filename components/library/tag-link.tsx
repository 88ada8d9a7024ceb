import Link from "next/link";

/** A tag as a link to the gallery's outputs carrying it. */
export function TagLink({ tag }: { tag: string }) {
  return (
    <Link
      href={`/gallery?tag=${encodeURIComponent(tag)}`}
      className="inline-flex items-center rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-200 hover:bg-zinc-200"
    >
      {tag}
    </Link>
  );
}

/** An output's tags as links, for reading. */
export function TagList({ tags }: { tags: string[] }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <TagLink tag={tag} />
        </li>
      ))}
    </ul>
  );
}

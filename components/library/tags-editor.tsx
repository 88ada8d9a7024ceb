"use client";
import { X } from "lucide-react";
import Link from "next/link";
import { TagList } from "./tag-link";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { labelErrorText, useSetTags, useTagSuggestions } from "@/lib/client/labels";
import { useDebounced } from "@/lib/client/use-debounced";
import { TAGS_PER_TASK, normalizeTag, tagSchema } from "@/lib/shared/library";

/**
 * An output's tags. Its owner and admins add them (Enter, a comma or Add; the team's tags are
 * suggested as they type) and remove them; every change saves the whole set. Others read them,
 * each a link to the gallery filtered by it.
 */
export function TagsEditor({ id, tags, editable }: { id: string; tags: string[]; editable: boolean }) {
  const save = useSetTags(id);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const field = useId();
  const typed = useDebounced(normalizeTag(text), 200);
  // Asked for once the field is used, so opening a task costs no extra request.
  const [engaged, setEngaged] = useState(false);
  const suggestions = useTagSuggestions(typed, editable && engaged);
  const offered = (suggestions.data ?? []).filter((suggestion) => !tags.includes(suggestion.tag)).slice(0, 10);
  const error = problem ?? labelErrorText(save.error);

  if (!editable) {
    return tags.length ? <TagList tags={tags} /> : <p className="text-sm text-zinc-500">No tags yet.</p>;
  }

  const add = (value: string) => {
    const parts = value.split(",").filter((part) => part.trim() !== "");
    if (parts.length === 0) return;
    const next = new Set(tags);
    for (const part of parts) {
      const parsed = tagSchema.safeParse(part);
      if (!parsed.success) {
        setProblem(`“${part.trim()}”: ${parsed.error.issues[0]?.message ?? "not a tag."}`);
        return;
      }
      next.add(parsed.data);
    }
    if (next.size > TAGS_PER_TASK) {
      setProblem(`An output carries at most ${TAGS_PER_TASK} tags: remove one first.`);
      return;
    }
    setProblem(null);
    setText("");
    if (next.size !== tags.length) save.mutate([...next].sort());
  };
  const remove = (tag: string) => {
    setProblem(null);
    save.mutate(tags.filter((item) => item !== tag));
  };

  return (
    <div className="space-y-2">
      {tags.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
          {tags.map((tag) => (
            <li
              key={tag}
              className="inline-flex items-center gap-1 rounded-full bg-zinc-100 py-0.5 pl-2.5 pr-1 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-200"
            >
              <Link href={`/gallery?tag=${encodeURIComponent(tag)}`} className="hover:underline">
                {tag}
              </Link>
              <button
                type="button"
                onClick={() => remove(tag)}
                aria-label={`Remove tag ${tag}`}
                className="inline-flex size-5 items-center justify-center rounded-full text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60"
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          add(text);
        }}
      >
        <label htmlFor={field} className="sr-only">
          Add a tag
        </label>
        <input
          id={field}
          type="text"
          value={text}
          list={`${field}-suggestions`}
          autoComplete="off"
          maxLength={200}
          placeholder={tags.length ? "Add a tag" : "Add a tag, like hero shot"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${field}-error` : undefined}
          onFocus={() => setEngaged(true)}
          onChange={(event) => {
            const value = event.target.value;
            // A comma ends a tag, as in most tag fields.
            if (value.endsWith(",")) add(value);
            else setText(value);
          }}
          className={controlClass(Boolean(error), { size: "sm" })}
        />
        <datalist id={`${field}-suggestions`}>
          {offered.map((suggestion) => (
            <option key={suggestion.tag} value={suggestion.tag}>
              {`${suggestion.count} output${suggestion.count === 1 ? "" : "s"}`}
            </option>
          ))}
        </datalist>
        <Button type="submit" variant="secondary" size="sm" busy={save.isPending} disabled={!text.trim()}>
          Add
        </Button>
      </form>
      {error ? (
        <p id={`${field}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

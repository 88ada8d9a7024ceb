"use client";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
import { useTeam } from "@/lib/client/team";

// A comment field where "@" offers the team's names: typing narrows them, the arrow keys move,
// Enter or Tab puts "@Name " in the text, Escape closes the list. The list is tied to the field with
// aria-activedescendant (a textarea takes no combobox role), and a live line says how many match.

const TRIGGER = /(^|[^\p{L}\p{N}])@([^@\n]{0,40})$/u;
const MAX_SHOWN = 6;

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Ctrl or Cmd with Enter. */
  onSubmit: () => void;
  label: string;
  describedBy?: string;
  invalid?: boolean;
  rows?: number;
  autoFocus?: boolean;
};

export function MentionTextarea({ id, value, onChange, onSubmit, label, describedBy, invalid = false, rows = 3, autoFocus }: Props) {
  const team = useTeam();
  const field = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [query, setQuery] = useState<{ text: string; start: number } | null>(null);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    if (!query) return [];
    const wanted = query.text.toLowerCase();
    return (team.data?.members ?? [])
      .filter(
        (member) =>
          member.name.toLowerCase().startsWith(wanted) ||
          member.name
            .toLowerCase()
            .split(/\s+/)
            .some((part) => part.startsWith(wanted)),
      )
      .slice(0, MAX_SHOWN);
  }, [query, team.data]);
  const open = matches.length > 0;

  const look = (text: string, caret: number) => {
    const found = TRIGGER.exec(text.slice(0, caret));
    setQuery(found ? { text: found[2]!, start: caret - found[2]!.length - 1 } : null);
    setActive(0);
  };

  const pick = (name: string) => {
    if (!query) return;
    const caret = query.start + 1 + query.text.length;
    const next = `${value.slice(0, query.start)}@${name} ${value.slice(caret)}`;
    onChange(next);
    setQuery(null);
    const at = query.start + name.length + 2;
    requestAnimationFrame(() => field.current?.setSelectionRange(at, at));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit();
      return;
    }
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((current) => (current + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(matches[active]!.name);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setQuery(null);
    }
  };

  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        ref={field}
        id={id}
        rows={rows}
        autoFocus={autoFocus}
        value={value}
        placeholder="Write a comment. Type @ to mention a teammate."
        className={controlClass(invalid)}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          look(event.target.value, event.target.selectionStart);
        }}
        onClick={(event) => look(event.currentTarget.value, event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Teammates to mention"
          className="absolute left-0 z-10 mt-1 w-64 max-w-full overflow-hidden rounded-lg border border-zinc-200 bg-surface py-1 shadow-lg"
        >
          {matches.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // Before the field's blur, so the pick lands.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(member.name);
              }}
              className={cn("cursor-pointer truncate px-3 py-1.5 text-sm text-zinc-800", index === active && "bg-brand-50 text-brand-800")}
            >
              {member.name}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {open
          ? `${matches.length} ${matches.length === 1 ? "teammate matches" : "teammates match"}; arrow keys to choose, Enter to mention.`
          : ""}
      </p>
    </div>
  );
}

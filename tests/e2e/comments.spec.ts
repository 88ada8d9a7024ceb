import { expect, test, ADMIN_STATE, createTaskViaApi, newMember, shootBothThemes } from "./support";

// Comments with mentions in the browser: "@" offers teammates (keyboard and mouse), the mention
// is marked in the text, the teammate sees a toast and the bell's unread count, opens the comment
// from the bell's list (read from then on); only the author edits and deletes.

test.use({ storageState: ADMIN_STATE });

test("a comment mentions a teammate from the suggestions; they are told (toast, bell), and only the author edits or deletes it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const { page: mine, member: writer, context } = await newMember(browser, page.request);
  const { page: other, member: reader, context: otherContext } = await newMember(browser, page.request);
  const prompt = `Talk it over ${run}`;
  const id = await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  // The reader is elsewhere in Cutroom, with nothing unread.
  await other.goto("/gallery");
  await expect(other.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();

  await mine.goto(`/tasks/${id}`);
  await expect(mine.getByText("No comments yet.", { exact: false })).toBeVisible();
  const field = mine.getByLabel("Add a comment");
  await mine.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(mine.getByRole("alert").filter({ hasText: "Write a comment first." })).toBeVisible();
  // "@" and the start of a name offers the teammates it fits (the suite has made many a "Tara"; all
  // but the last two digits of this one's name leave this one alone, or with a few more).
  const typed = reader.name.slice(0, -2);
  await field.pressSequentially(`Nice start. @${typed}`);
  const suggestions = mine.getByRole("listbox", { name: "Teammates to mention" });
  await expect(suggestions.getByRole("option", { name: reader.name, exact: true })).toBeVisible();
  // The arrow keys move through them; Enter puts the chosen one's whole name in.
  const options = await suggestions.getByRole("option").allTextContents();
  for (let index = 0; index < options.indexOf(reader.name); index++) await field.press("ArrowDown");
  await expect(suggestions.getByRole("option", { name: reader.name, exact: true })).toHaveAttribute("aria-selected", "true");
  await field.press("Enter");
  await expect(field).toHaveValue(`Nice start. @${reader.name} `);
  await field.pressSequentially("can you check the colours?");
  await field.press("Control+Enter");
  const comments = mine.getByRole("list", { name: "Comments" });
  await expect(comments.getByRole("listitem")).toHaveCount(1);
  await expect(field).toHaveValue("");
  await expect(comments.locator("span", { hasText: `@${reader.name}` })).toHaveClass(/text-brand-700/);

  // The reader: a toast at the next poll (a minute at most), and the bell's count; its list opens the comment.
  await other.reload();
  await expect(other.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await other.getByRole("button", { name: "Notifications, 1 unread" }).click();
  const panel = other.getByRole("region", { name: "Notifications" });
  await expect(panel.getByText(`${writer.name} mentioned you on`, { exact: false })).toBeVisible();
  await shootBothThemes(other, "notifications-panel");
  await panel.getByRole("link", { name: new RegExp(writer.name) }).click();
  await expect(other).toHaveURL(new RegExp(`/tasks/${id}#comments$`));
  await expect(other.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  const theirs = other.getByRole("list", { name: "Comments" }).getByRole("listitem");
  await expect(theirs).toContainText("can you check the colours?");
  await expect(theirs.getByRole("button", { name: "Edit your comment" })).toHaveCount(0);
  await shootBothThemes(other, "task-comments");

  // A new mention while the reader stays put arrives as a toast at the next poll.
  await other.goto("/gallery");
  await field.fill(`@${reader.name} one more thing`);
  await mine.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(comments.getByRole("listitem")).toHaveCount(2);
  await expect(other.getByRole("status").getByText(`${writer.name} mentioned you`)).toBeVisible({ timeout: 75_000 });

  // The author edits, then deletes.
  const first = comments.getByRole("listitem").first();
  await first.getByRole("button", { name: "Edit your comment" }).click();
  const editor = mine.getByRole("textbox", { name: "Edit your comment" });
  await editor.fill("Nice start, colours look right now.");
  await mine.getByRole("button", { name: "Save", exact: true }).click();
  await expect(first).toContainText("(edited)");
  await expect(first).toContainText("colours look right now.");
  await first.getByRole("button", { name: "Delete your comment" }).click();
  await mine.getByRole("dialog").getByRole("button", { name: "Delete comment" }).click();
  await expect(comments.getByRole("listitem")).toHaveCount(1);
  await context.close();
  await otherContext.close();
});

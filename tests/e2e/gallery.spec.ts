import { type Page } from "@playwright/test";
import { expect, test, ADMIN_STATE, createTaskViaApi, newMember, screenshot, shootBothThemes } from "./support";

// The gallery: posters, hover previews, the lightbox, filters, Mine/Team, and infinite scroll over a
// windowed grid that downloads no video until one is hovered or played.

test.use({ storageState: ADMIN_STATE });

const MEDIA = /\/api\/media\/[0-9a-f-]{36}(\?.*)?$/;

async function waitForSucceeded(page: Page, ids: string[]) {
  await expect
    .poll(
      async () => {
        const states = await Promise.all(ids.map(async (id) => (await (await page.request.get(`/api/tasks/${id}`)).json()).task));
        return states.filter((task) => task.state === "succeeded" && task.media?.posterUrl).length;
      },
      { timeout: 150_000, intervals: [2000] },
    )
    .toBe(ids.length);
}

test("a windowed grid of posters with hover previews, a lightbox, filters and infinite scroll", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const tag = `gal${Date.now()}`;
  await page.goto("/gallery");
  const ids: string[] = [];
  for (let i = 1; i <= 62; i++) {
    const model = i <= 2 ? "t2v_v3" : "t2v";
    ids.push(await createTaskViaApi(page, model, { prompt: `${tag} clip ${i}`, aspectRatio: i % 3 ? "16:9" : "9:16", duration: "5" }));
  }
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  const theirs = await createTaskViaApi(memberPage, "t2v", { prompt: `${tag} member clip`, aspectRatio: "1:1", duration: "5" });
  await waitForSucceeded(page, [...ids, theirs]);

  const mediaRequests: string[] = [];
  page.on("request", (request) => MEDIA.test(request.url()) && mediaRequests.push(request.url()));
  await page.goto(`/gallery?q=${tag}`);
  const cards = page.getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  await expect(cards.first()).toContainText(`${tag} member clip`);
  await expect(cards.first().locator("img")).toHaveAttribute("src", `/api/media/${theirs}/poster`);
  // Windowed: far fewer cards exist than the 63 that match.
  const rendered = await cards.count();
  expect(rendered).toBeGreaterThan(4);
  expect(rendered).toBeLessThan(40);
  await screenshot(page, "gallery");

  // Scrolling to the end renders the last cards and fetches the next page.
  const lastPage = page.waitForResponse((response) => response.url().includes("/api/gallery") && response.url().includes("cursor="));
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(150);
  }
  await lastPage;
  await expect(page.getByRole("button", { name: new RegExp(`^Open: ${tag} clip 1 `) })).toBeVisible();
  expect(await cards.count()).toBeLessThan(40);
  expect(mediaRequests, "no video bytes before a hover or a play").toEqual([]);

  // Hover plays a muted preview; only then is the video fetched.
  await page.evaluate(() => window.scrollTo(0, 0));
  const firstCard = page.getByRole("button", { name: new RegExp(`^Open: ${tag} member clip `) });
  await firstCard.hover();
  const preview = page.getByTestId("hover-preview");
  await expect(preview).toBeVisible();
  expect(await preview.evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => !video.paused && video.currentTime > 0)).toBe(true);
  expect(mediaRequests.every((url) => url.includes(theirs))).toBe(true);
  await page.mouse.move(0, 0);
  await expect(preview).toHaveCount(0);

  // The lightbox plays the video, with Download and a link to the task.
  await firstCard.click();
  const dialog = page.getByRole("dialog", { name: `Video: ${tag} member clip` });
  await expect(dialog).toBeVisible();
  const player = dialog.getByTestId("lightbox-video");
  await expect.poll(() => player.evaluate((video: HTMLVideoElement) => video.readyState >= 2 && video.duration > 0)).toBe(true);
  await expect(dialog.getByRole("link", { name: "Download" })).toHaveAttribute("href", `/api/media/${theirs}?download=1`);
  await expect(dialog.getByRole("link", { name: "Task" })).toHaveAttribute("href", `/tasks/${theirs}`);
  await screenshot(page, "gallery-lightbox");
  // Previous / Next, and the arrow keys, step through the gallery in its order.
  await expect(dialog.getByRole("button", { name: "Previous" })).toBeDisabled();
  await page.keyboard.press("ArrowRight");
  const next = page.getByRole("dialog", { name: new RegExp(`^Video: ${tag} clip \\d+$`) });
  await expect(next).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await next.getByRole("button", { name: "Previous" }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Whose (the team's, mine or one teammate's, one control), model and dates.
  const whose = page.getByLabel("Whose videos");
  await whose.selectOption({ label: "Mine" });
  await expect(page).toHaveURL(/owner=me/);
  await expect(cards.first()).toContainText(`${tag} clip 62`);
  await whose.selectOption({ label: member.name });
  await expect(cards).toHaveCount(1);
  await whose.selectOption({ label: "The team's" });
  // The two models named "Veo 3.1 Lite" say whose each is; a name only one provider uses does not.
  const modelOptions = page.getByLabel("Model", { exact: true }).locator("option");
  await expect(modelOptions.filter({ hasText: /^Veo 3\.1 Lite · (skills\.video|APIDot)$/ })).toHaveCount(2);
  await expect(modelOptions.filter({ hasText: /^Text to video V3$/ })).toHaveCount(1);
  await page.getByLabel("Model", { exact: true }).selectOption("t2v_v3");
  await expect(cards).toHaveCount(2);
  await page.getByLabel("Model", { exact: true }).selectOption("");
  await page.getByLabel("To", { exact: true }).fill("2020-01-01");
  await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  await context.close();
});

test("favourites: a star on a card is mine, the Favourites filter keeps them (in the URL), and the lightbox clears one", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const tag = `fav${Date.now()}`;
  const ids = [
    await createTaskViaApi(page, "t2v", { prompt: `${tag} starred`, aspectRatio: "16:9", duration: "5" }),
    await createTaskViaApi(page, "t2v", { prompt: `${tag} plain`, aspectRatio: "16:9", duration: "5" }),
  ];
  await waitForSucceeded(page, ids);
  await page.goto(`/gallery?q=${tag}`);
  const star = page.getByRole("button", { name: `Add “${tag} starred” to my favourites` });
  // The star shows at once; the reload waits for the server to have it (on a busy machine the
  // request may still be on its way when the star turns).
  const saved = page.waitForResponse(
    (response) => response.url().endsWith(`/api/tasks/${ids[0]}/favourite`) && response.request().method() === "PUT",
  );
  await star.click();
  await expect(page.getByRole("button", { name: `Remove “${tag} starred” from my favourites` })).toHaveAttribute("aria-pressed", "true");
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("button", { name: `Remove “${tag} starred” from my favourites` })).toBeVisible();

  await page.getByRole("button", { name: "Favourites", exact: true }).click();
  await expect(page).toHaveURL(/favourites=1/);
  const cards = page.getByRole("listitem");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`${tag} starred`);
  await screenshot(page, "gallery-favourites");

  await cards
    .first()
    .getByRole("button", { name: new RegExp(`^Open: ${tag} starred`) })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: `Remove “${tag} starred” from my favourites` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
});

test("favourites from a task's page: its star is mine, and Tasks narrows to my favourites (in the URL)", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { page: mine, context } = await newMember(browser, page.request);
  const prompt = `Keep this one ${Date.now()}`;
  const id = await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  await waitForSucceeded(mine, [id]);

  await mine.goto("/tasks?favourites=1");
  await expect(mine.getByText("No favourites yet: star a result (on its task page or in the gallery) to find it here.")).toBeVisible();

  await mine.goto(`/tasks/${id}`);
  const star = mine.getByRole("button", { name: "Favourite", exact: true });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await mine.reload();
  await expect(mine.getByRole("button", { name: "Favourite", exact: true })).toHaveAttribute("aria-pressed", "true");
  await shootBothThemes(mine, "task-favourite");

  await mine.goto("/tasks");
  await mine.getByRole("button", { name: "Favourites", exact: true }).click();
  await expect(mine).toHaveURL(/favourites=1/);
  await expect(mine.getByRole("link", { name: prompt })).toHaveCount(1);
  await expect(mine.getByText("1 task matches")).toBeVisible();
  await screenshot(mine, "tasks-favourites");

  // The admin's own favourites are theirs: the member's star is not among them.
  await page.goto(`/tasks/${id}`);
  await expect(page.getByRole("button", { name: "Favourite", exact: true })).toHaveAttribute("aria-pressed", "false");

  await mine.goto(`/tasks/${id}`);
  await mine.getByRole("button", { name: "Favourite", exact: true }).click();
  await expect(mine.getByRole("button", { name: "Favourite", exact: true })).toHaveAttribute("aria-pressed", "false");
  await mine.goto("/tasks?favourites=1");
  await expect(mine.getByText("No favourites yet", { exact: false })).toBeVisible();
  await context.close();
});

test("tags and stars: the owner labels an output on its page, teammates read them, Tasks and the gallery filter by them (in the URL)", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const { page: mine, context } = await newMember(browser, page.request);
  const run = Date.now().toString(36);
  const prompt = `Label this one ${run}`;
  const hero = `hero shot ${run}`;
  const id = await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  // Another output carries a tag the team already uses, for the suggestions.
  const earlier = await createTaskViaApi(mine, "t2v", { prompt: `Earlier ${run}`, aspectRatio: "16:9", duration: "5" });
  expect((await mine.request.put(`/api/tasks/${earlier}/tags`, { data: { tags: [`finale ${run}`] } })).status()).toBe(200);
  await waitForSucceeded(mine, [id]);

  await mine.goto(`/tasks/${id}`);
  await expect(mine.getByText("Not rated", { exact: true })).toBeVisible();
  await mine.locator("label", { hasText: "4 stars" }).click();
  await expect(mine.getByRole("radio", { name: "4 stars" })).toBeChecked();

  const field = mine.getByRole("combobox", { name: "Add a tag" });
  await field.fill(`  Hero  Shot ${run.toUpperCase()} `);
  await field.press("Enter");
  const tags = mine.getByRole("list", { name: "Tags" });
  await expect(tags.getByRole("link", { name: hero })).toBeVisible();
  // A comma ends a tag, as in other tag fields.
  await field.fill(`night ${run},`);
  await expect(tags.getByRole("link", { name: `night ${run}` })).toBeVisible();
  await field.fill("final cut");
  await mine.getByRole("button", { name: "Add", exact: true }).click();
  await expect(tags.getByRole("listitem")).toHaveCount(3);
  await field.fill("<b>bold</b>");
  await field.press("Enter");
  await expect(mine.getByRole("alert").filter({ hasText: "A tag starts with a letter or digit" })).toBeVisible();
  await field.fill("");
  await mine.getByRole("button", { name: `Remove tag night ${run}` }).click();
  await expect(tags.getByRole("listitem")).toHaveCount(2);
  // The team's tags are suggested while typing.
  await field.fill("hero shot");
  await expect(mine.locator(`datalist option[value="${hero}"]`)).toHaveCount(0); // already on this output
  await field.fill("FINA");
  await expect(mine.locator(`datalist option[value="finale ${run}"]`)).toBeAttached();
  await field.fill("");

  await mine.reload();
  await expect(mine.getByRole("radio", { name: "4 stars" })).toBeChecked();
  await expect(mine.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText([/final cut/, new RegExp(hero)]);
  await shootBothThemes(mine, "task-labels");

  // A teammate reads the labels and cannot change them; a tag leads to the gallery filtered by it.
  const { page: other, context: otherContext } = await newMember(browser, page.request);
  await other.goto(`/tasks/${id}`);
  await expect(other.getByText("4 stars", { exact: true })).toBeVisible();
  await expect(other.getByRole("combobox", { name: "Add a tag" })).toHaveCount(0);
  await expect(other.getByRole("radio")).toHaveCount(0);
  await other.getByRole("list", { name: "Tags" }).getByRole("link", { name: hero }).click();
  await expect(other).toHaveURL(new RegExp(`/gallery\\?tag=${encodeURIComponent(hero).replace(/%20/g, "(%20|\\+)")}`));
  await expect(other.getByRole("button", { name: `Open: ${prompt}` })).toBeVisible();
  await expect(other.getByRole("img", { name: "Rated 4 of 5 stars" })).toBeVisible();
  await expect(other.getByRole("combobox", { name: "Tags" })).toHaveValue(hero);
  await screenshot(other, "gallery-tag-filter");
  await otherContext.close();

  // Tasks: the tag and at least N stars, together, in the URL and counted.
  await mine.goto("/tasks");
  const tagFilter = mine.getByRole("combobox", { name: "Tags" });
  await tagFilter.fill(hero);
  await tagFilter.press("Enter");
  await expect(mine).toHaveURL(/tag=hero/);
  await expect(mine.getByText("1 task matches")).toBeVisible();
  await mine.getByLabel("Rating").selectOption("5");
  await expect(mine).toHaveURL(/rating=5/);
  await expect(mine.getByText("No tasks match these filters.")).toBeVisible();
  await mine.getByLabel("Rating").selectOption("4");
  await expect(mine.getByRole("link", { name: prompt })).toHaveCount(1);
  await screenshot(mine, "tasks-tag-filter");
  await tagFilter.fill("not a <tag>");
  await tagFilter.press("Enter");
  await expect(mine.getByRole("alert").filter({ hasText: "is not a tag" })).toBeVisible();
  await context.close();
});

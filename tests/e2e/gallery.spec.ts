import { type Page } from "@playwright/test";
import { expect, test, ADMIN_STATE, createTaskViaApi, newMember, screenshot } from "./support";

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
  await star.click();
  await expect(page.getByRole("button", { name: `Remove “${tag} starred” from my favourites` })).toHaveAttribute("aria-pressed", "true");
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

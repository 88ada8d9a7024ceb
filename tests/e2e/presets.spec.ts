import type { Page } from "@playwright/test";
import {
  expect,
  test,
  ADMIN,
  ADMIN_STATE,
  chooseModel,
  expectChosenModel,
  expectNoAxeViolations,
  newMember,
  shootBothThemes,
} from "./support";

// Generate's named presets: saving the model, its settings and the prompt under a name, applying
// one in a click, a second save under the same name offering to replace it, and sharing with the
// team (a teammate applies it, cannot change it, and loses it when it is made private again).

test.use({ storageState: ADMIN_STATE });

const presetsButton = (page: Page) => page.getByRole("button", { name: "Presets", exact: true });
const panel = (page: Page) => page.getByRole("region", { name: "Presets" });

async function openPresets(page: Page) {
  if ((await presetsButton(page).getAttribute("aria-expanded")) !== "true") await presetsButton(page).click();
  await expect(panel(page)).toBeVisible();
  // The panel's list has loaded (or says there is none) before anything is asserted about it.
  await expect(panel(page).getByText("Loading")).toHaveCount(0);
}

async function savePreset(page: Page, name: string, options: { share?: boolean } = {}) {
  await openPresets(page);
  await panel(page).getByLabel("Save these settings as a preset").fill(name);
  if (options.share) await panel(page).getByLabel("Share with the team").check();
  await panel(page).getByRole("button", { name: "Save", exact: true }).click();
}

test("save the settings as a preset and apply it in one click; a second save of that name replaces it", async ({ page }) => {
  const name = `Vertical teaser ${Date.now()}`;
  const prompt = "A red kite over the dunes at dawn, slow push-in";
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await page.getByRole("radio", { name: /^9:16/ }).check();
  await page.getByRole("radio", { name: "8 s" }).check();
  await page.getByLabel("Prompt").fill(prompt);

  await savePreset(page, name);
  await expect(panel(page).getByRole("status")).toHaveText(`Saved “${name}”.`);
  const mine = panel(page).getByRole("region", { name: "Yours" });
  await expect(mine.getByRole("button", { name: new RegExp(`^${name}`) })).toContainText("Only you · with prompt");
  await expectNoAxeViolations(page, "Generate with the Presets menu open");
  await shootBothThemes(page, "generate-presets");

  // Escape closes it (from inside), then elsewhere: another model, another prompt.
  await panel(page).getByLabel("Save these settings as a preset").focus();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toHaveCount(0);
  await chooseModel(page, "t2v_v3");
  await page.getByLabel("Prompt").fill("something else entirely");

  await openPresets(page);
  await mine.getByRole("button", { name: new RegExp(`^${name}`) }).click();
  await expect(panel(page)).toHaveCount(0);
  await expectChosenModel(page, "t2v");
  await expect(page.getByRole("radio", { name: /^9:16/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: "8 s" })).toBeChecked();
  await expect(page.getByLabel("Prompt")).toHaveValue(prompt);
  await expect(page.getByText(`Applied the preset “${name}”`)).toBeVisible();

  // The same name again: refused on its field, with the offer to replace the first.
  await page.getByRole("radio", { name: "5 s" }).check();
  await savePreset(page, name);
  await expect(panel(page).getByRole("alert")).toContainText(`You already have a preset named “${name}”`);
  await panel(page).getByRole("button", { name: "Replace it with these settings" }).click();
  await expect(panel(page).getByRole("status")).toHaveText(`Saved “${name}”.`);
  await expect(mine.getByRole("button", { name: new RegExp(`^${name}`) })).toHaveCount(1);

  await page.getByRole("radio", { name: "8 s" }).check();
  await openPresets(page);
  await mine.getByRole("button", { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole("radio", { name: "5 s" })).toBeChecked();

  // Deleting asks first.
  await openPresets(page);
  await mine.getByRole("button", { name: `Delete “${name}”` }).click();
  await mine.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(mine.getByRole("button", { name: new RegExp(`^${name}`) })).toHaveCount(0);
});

test("a shared preset is in every teammate's menu, theirs to apply but not to change, until it is made private", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const shared = `Team square ${stamp}`;
  const secret = `Only mine ${stamp}`;
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await page.getByRole("radio", { name: /^1:1/ }).check();
  await page.getByLabel("Prompt").fill("A looping square shot of waves");
  await savePreset(page, shared, { share: true });
  await expect(panel(page).getByRole("status")).toHaveText(`Saved “${shared}”.`);
  await savePreset(page, secret);
  await expect(panel(page).getByRole("status")).toHaveText(`Saved “${secret}”.`);

  const teammate = await newMember(browser, page.request);
  try {
    const other = teammate.page;
    await other.goto("/generate");
    await openPresets(other);
    const team = panel(other).getByRole("region", { name: "Shared by the team" });
    const row = team.getByRole("button", { name: new RegExp(`^${shared}`) });
    await expect(row).toContainText(`By ${ADMIN.name}`);
    await expect(panel(other).getByText(secret)).toHaveCount(0);
    await expect(team.getByRole("button", { name: `Delete “${shared}”` })).toHaveCount(0);
    await expect(team.getByRole("button", { name: new RegExp(`Make “${shared}” private`) })).toHaveCount(0);
    await row.click();
    await expectChosenModel(other, "t2v");
    await expect(other.getByRole("radio", { name: /^1:1/ })).toBeChecked();
    await expect(other.getByLabel("Prompt")).toHaveValue("A looping square shot of waves");

    // Made private again: it leaves the teammate's menu.
    await openPresets(page);
    await panel(page)
      .getByRole("button", { name: `Make “${shared}” private` })
      .click();
    await expect(panel(page).getByRole("button", { name: new RegExp(`^${shared}`) })).toContainText("Only you");
    await other.reload();
    await openPresets(other);
    await expect(panel(other).getByText(shared)).toHaveCount(0);
  } finally {
    await teammate.context.close();
  }
});

import { type Page } from "@playwright/test";
import {
  expect,
  test,
  ADMIN_STATE,
  cancelViaApi,
  chooseModel,
  createTaskViaApi,
  expectPlayableVideo,
  expectTaskState,
  screenshot,
  openSentTask,
} from "./support";

// The task page (progress, estimate, timeline, input, player, actions) and the notices that reach
// me elsewhere in Cutroom when one of my tasks finishes.

test.use({ storageState: ADMIN_STATE });

/** My tasks still in flight, as the API counts them (other tests may have left some). */
async function inFlightCount(page: Page): Promise<number> {
  const body = await (await page.request.get("/api/tasks?owner=me&state=pending,queued,running&limit=100")).json();
  return body.items.length;
}

test("a queued task shows progress, elapsed time, an estimate, its timeline and input, and can be cancelled", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "t2v_v3");
  const prompt = `A glass of water on a windowsill ${Date.now()} [sandbox:hold]`;
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("radio", { name: "9:16 portrait" }).check();
  await page.getByRole("button", { name: /^Generate/ }).click();
  await openSentTask(page);
  await expectTaskState(page, "Queued");

  // In the queue nothing is measured yet: the bar says it is waiting, not a share of the work.
  const bar = page.getByRole("progressbar", { name: "Waiting in the queue" });
  await expect(bar).toBeVisible();
  await expect(bar).not.toHaveAttribute("aria-valuenow");
  const elapsed = page.getByTestId("elapsed");
  const first = await elapsed.textContent();
  await expect(elapsed).not.toHaveText(first!, { timeout: 5000 });
  await expect(page.getByText(/Once it starts, this model usually takes about/)).toBeVisible();
  // The milestones lead, to the second; every technical step is folded away under them.
  const milestones = page.getByRole("list", { name: "Milestones" });
  await expect(milestones.getByRole("listitem")).toHaveText([/^Created/, /^Accepted by the provider, in its queue.*\+\d+:\d\d$/]);
  await expect(milestones.getByRole("listitem").first().locator("time")).toHaveText(/\d:\d\d:\d\d/);
  await page.getByText(/^Every step \(\d+\)$/).click();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Created by Ada Admin.");
  await expect(timeline).toContainText("Accepted by the provider.");
  const input = page
    .locator("section, div")
    .filter({ has: page.getByRole("heading", { name: "Input" }) })
    .last();
  await expect(input).toContainText(prompt);
  await expect(input).toContainText("9:16");
  await screenshot(page, "task-queued");

  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("button", { name: "Yes, cancel" }).click();
  await expectTaskState(page, "Canceled");
  await expect(timeline).toContainText("Cancelled by Ada Admin");
  await expect(bar).toHaveCount(0);
});

test("a finished task plays, downloads, copies its prompt and offers a re-run", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const prompt = `Fireflies over a meadow at dusk ${Date.now()}`;
  await page.goto("/generate");
  const id = await createTaskViaApi(page, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  await page.goto(`/tasks/${id}`);
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);
  await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", `/api/media/${id}?download=1`);
  await expect(page.getByRole("link", { name: "Re-run" })).toHaveAttribute("href", `/generate?from=${id}`);
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);

  await page.getByRole("button", { name: "Copy prompt" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(prompt);
  await screenshot(page, "task-succeeded");
});

test("a failed task's page explains what happened", async ({ page }) => {
  await page.goto("/generate");
  const id = await createTaskViaApi(page, "t2v", { prompt: "Fail for the screenshot [sandbox:fail]", aspectRatio: "1:1", duration: "5" });
  await page.goto(`/tasks/${id}`);
  await expectTaskState(page, "Failed");
  await expect(page.getByText("This task failed.")).toBeVisible();
  await screenshot(page, "task-failed");
});

test("when my task finishes while I am elsewhere: a toast, a browser notification, and the tab title counts", async ({ page }) => {
  // Stand-ins for the browser's notification permission and for "this window is not the one in use".
  await page.addInitScript(() => {
    const notices: { title: string; body?: string }[] = [];
    (window as unknown as { __notices: typeof notices }).__notices = notices;
    // The granted permission survives reloads, as the browser's own would.
    class RecordingNotification {
      static get permission(): NotificationPermission {
        return sessionStorage.getItem("test-notification-permission") === "granted" ? "granted" : "default";
      }
      static requestPermission() {
        sessionStorage.setItem("test-notification-permission", "granted");
        return Promise.resolve("granted" as NotificationPermission);
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        notices.push({ title, body: options?.body });
      }
    }
    Object.defineProperty(window, "Notification", { value: RecordingNotification, configurable: true });
    document.hasFocus = () => false;
  });
  await page.goto("/gallery");
  await page.getByRole("button", { name: /^Account menu:/ }).click();
  await page.getByRole("button", { name: "Notify me when my videos finish" }).click();
  await expect(page.getByText("Browser notifications are on.")).toBeVisible();
  await page.keyboard.press("Escape");

  const prompt = `Notify me ${Date.now()}`;
  const held = await createTaskViaApi(page, "t2v", { prompt: `${prompt} held [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
  const id = await createTaskViaApi(page, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  // Creating through the API bypasses the form, so the page learns of the tasks on its next look.
  await page.reload();
  // The title and the server agree; both read afresh each time, since the unheld task may finish meanwhile.
  await expect
    .poll(async () => {
      const shown = (await page.title()).match(/^\((\d+)\) Gallery · Cutroom$/)?.[1];
      return shown === String(await inFlightCount(page));
    })
    .toBe(true);
  expect(await page.title()).toMatch(/^\([1-9]\d*\) /);

  const toast = page.getByRole("status").filter({ hasText: "Your video is ready" });
  await expect(toast).toBeVisible({ timeout: 45_000 });
  await expect(toast).toContainText(prompt);
  await expect(toast.getByRole("link", { name: "Watch it" })).toHaveAttribute("href", `/tasks/${id}`);
  await screenshot(page, "toast");
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notices: { title: string }[] }).__notices))
    .toContainEqual({ title: "Cutroom: your video is ready", body: prompt });

  // With nothing left in flight, the count leaves the title.
  await cancelViaApi(page, [held]);
  expect(await inFlightCount(page)).toBe(0);
  await expect.poll(() => page.title(), { timeout: 20_000 }).toBe("Gallery · Cutroom");
});

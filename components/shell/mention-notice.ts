"use client";
import type { Toast } from "@/lib/client/toasts";
import type { NotificationView } from "@/lib/shared/comments";

/**
 * Tells the person a teammate mentioned them: a toast with a link to the comment, and a browser
 * notification when Cutroom is open but not the window in use. Loaded on the first new mention.
 */
export function announceMention(
  show: (toast: Omit<Toast, "id">) => void,
  notice: NotificationView,
  navigate: (href: string) => void,
): void {
  const title = `${notice.actor} mentioned you`;
  const href = `/tasks/${notice.task.id}#comments`;
  show({ tone: "info", title, body: notice.excerpt, href, action: "Read it" });
  if (typeof Notification !== "undefined" && Notification.permission === "granted" && !document.hasFocus()) {
    const browserNotice = new Notification(`Cutroom: ${title.toLowerCase()}`, { body: notice.excerpt, tag: notice.id });
    browserNotice.onclick = () => {
      window.focus();
      navigate(href);
    };
  }
}

import { redirect } from "next/navigation";

// The Admin nav link lands on the first tab.
export default function AdminIndex() {
  redirect("/admin/users");
}

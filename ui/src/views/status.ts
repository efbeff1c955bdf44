// The line that answers every tap: opening, opened, or what went wrong.
import { el } from "./dom";

export type Status = { tone: "busy" | "ok" | "error"; text: string } | null;

export function renderStatus(status: Status): HTMLElement {
  if (!status) return el("div", { class: "status hidden", "data-testid": "status" });
  return el("div", { class: `status ${status.tone}`, role: "status", "data-testid": "status" }, status.text);
}

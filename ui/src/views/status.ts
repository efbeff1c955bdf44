// The line that answers every tap: opening, opened, or what went wrong.
import { el } from "./dom";

// "wait" is a failure that passes by itself (too early, Zoom busy): amber, not red.
export type Status = { tone: "busy" | "ok" | "wait" | "error"; text: string; kind?: string } | null;

export function renderStatus(status: Status): HTMLElement {
  if (!status) return el("div", { class: "status hidden", "data-testid": "status" });
  const attrs: Record<string, string> = { class: `status ${status.tone}`, role: "status", "data-testid": "status" };
  if (status.kind) attrs["data-kind"] = status.kind;
  return el("div", attrs, status.text);
}

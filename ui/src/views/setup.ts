// Shown when the room cannot work yet: what is wrong and what IT must do.
import { el } from "./dom";

export function renderSetup(problem: string, fix: string): HTMLElement {
  return el("section", { class: "setup", "data-testid": "setup" }, [
    el("h1", {}, "This room needs setting up"),
    el("p", { class: "problem" }, problem),
    el("p", { class: "fix" }, fix),
    el("p", { class: "hint" }, "Meetings can still be joined from a laptop in the meantime."),
  ]);
}

// Shown when the room cannot work yet: what is wrong and what IT must do.
import { text } from "../text";
import { el } from "./dom";

export function renderSetup(problem: string, fix: string): HTMLElement {
  return el("section", { class: "setup", "data-testid": "setup", "aria-labelledby": "setup-title" }, [
    el("h1", { id: "setup-title" }, text.setupTitle),
    el("p", { class: "problem" }, problem),
    el("p", { class: "fix" }, fix),
    el("p", { class: "hint" }, text.setupHint),
  ]);
}

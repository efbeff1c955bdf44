// Join by meeting ID: an on-screen keypad, first the ID, then an optional
// passcode. It only collects digits; Rust checks them and builds the link.
import { text } from "../text";
import { el } from "./dom";

export interface KeypadState {
  step: "id" | "passcode";
  id: string;
  passcode: string;
  busy: boolean;
}

export interface KeypadHandlers {
  digit: (d: string) => void;
  erase: () => void;
  next: () => void;
  back: () => void;
  join: () => void;
  close: () => void;
}

/** Meeting IDs reach 11 digits; Zoom's numeric passcodes 10. */
export const MAX_DIGITS = { id: 11, passcode: 10 } as const;

export function newKeypad(): KeypadState {
  return { step: "id", id: "", passcode: "", busy: false };
}

export function renderKeypad(k: KeypadState, on: KeypadHandlers): HTMLElement {
  const onId = k.step === "id";
  const value = onId ? grouped(k.id) : "•".repeat(k.passcode.length);
  const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => key(d, text.digit(d), () => on.digit(d)));
  keys.push(key("⌫", text.keypadDelete, on.erase, "erase"), key("0", text.digit("0"), () => on.digit("0")));
  keys.push(
    onId
      ? key(text.keypadNext, text.keypadNext, on.next, "keypad-next", k.id.length < 9)
      : key(text.keypadJoin, text.keypadJoin, on.join, "keypad-join", k.busy),
  );
  return el("div", { class: "overlay", "data-testid": "keypad" }, [
    el("section", { class: "dialog keypad", role: "dialog", "aria-modal": "true", "aria-labelledby": "keypad-title" }, [
      el("h2", { id: "keypad-title" }, text.keypadTitle),
      onId ? "" : el("p", { class: "dialog-subtitle", "data-testid": "keypad-meeting" }, text.keypadMeeting(grouped(k.id))),
      el("label", { class: "field-label", id: "keypad-field" }, onId ? text.keypadIdLabel : text.keypadPasscodeLabel),
      el("output", { class: "field", "data-testid": "keypad-value", "aria-labelledby": "keypad-field", "aria-live": "polite" }, value || " "),
      el("p", { class: "hint" }, onId ? text.keypadIdHint : text.keypadPasscodeHint),
      el("div", { class: "keys" }, keys),
      el("div", { class: "dialog-actions" }, [
        onId ? "" : key(text.keypadBack, text.keypadBack, on.back, "keypad-back"),
        key(text.close, text.close, on.close, "keypad-close"),
      ]),
    ]),
  ]);
}

function key(label: string, name: string, onPress: () => void, testid = "keypad-key", disabled = false): HTMLButtonElement {
  const b = el("button", { type: "button", class: `key ${testid}`, "data-testid": testid, "aria-label": name }, label) as HTMLButtonElement;
  b.disabled = disabled;
  b.onclick = onPress;
  return b;
}

/** "85746352410" → "857 4635 2410", as Zoom prints IDs. */
export function grouped(id: string): string {
  if (id.length < 5) return id;
  const rest = id.slice(3);
  const half = Math.floor(rest.length / 2);
  return `${id.slice(0, 3)} ${rest.slice(0, half)} ${rest.slice(half)}`;
}

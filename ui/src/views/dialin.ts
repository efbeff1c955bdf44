// Dial-in details for the room phone: the meeting ID and, where Zoom has
// one, the numeric passcode. Asked for on a tap, never pushed with the screen.
import type { DialIn } from "../ipc";
import { text } from "../text";
import { el } from "./dom";

export interface DialInState {
  title: string;
  details: DialIn | null;
}

export function renderDialIn(d: DialInState, close: () => void): HTMLElement {
  const rows: HTMLElement[] = [];
  if (!d.details) {
    rows.push(el("p", { class: "hint" }, text.dialInAsking));
  } else {
    rows.push(
      el("dl", { class: "dial-in" }, [
        // In the order the phone asks: the number, the meeting ID, the passcode.
        ...(d.details.numbers.length
          ? [el("dt", {}, text.dialInNumbers), el("dd", { "data-testid": "dial-in-numbers" }, d.details.numbers.join(" · "))]
          : []),
        el("dt", {}, text.dialInMeetingId),
        el("dd", { "data-testid": "dial-in-id" }, d.details.meeting_id),
        el("dt", {}, text.dialInPasscode),
        el("dd", { "data-testid": "dial-in-passcode" }, d.details.passcode ?? text.dialInNoPasscode),
      ]),
    );
  }
  const done = el("button", { type: "button", class: "primary small", "data-testid": "dial-in-close" }, text.close);
  done.onclick = close;
  return el("div", { class: "overlay", "data-testid": "dial-in-details" }, [
    el("section", { class: "dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "dial-in-title" }, [
      el("h2", { id: "dial-in-title" }, text.dialInTitle),
      el("p", { class: "dialog-subtitle" }, d.title),
      ...rows,
      el("div", { class: "dialog-actions" }, [done]),
    ]),
  ]);
}

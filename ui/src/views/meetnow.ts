// Meet now: first the length, then what remote people need to join the new
// meeting: its ID, passcode, dial-in numbers and a QR code of the join link,
// drawn from the path Rust made (the web view gets no link to open).
import type { MeetNow } from "../ipc";
import { text } from "../text";
import { el } from "./dom";

export interface MeetNowState {
  /** The lengths offered; null once the meeting is being made. */
  choices: number[] | null;
  made: MeetNow | null;
}

export interface MeetNowHandlers {
  choose: (minutes: number) => void;
  close: () => void;
}

const SVG = "http://www.w3.org/2000/svg";

export function renderMeetNow(m: MeetNowState, on: MeetNowHandlers): HTMLElement {
  const body: HTMLElement[] = [];
  if (m.choices) {
    const choices = m.choices.map((minutes) => {
      const b = el("button", { type: "button", class: "primary large", "data-testid": "meet-now-length", "data-minutes": String(minutes) }, text.bookMinutes(minutes));
      b.onclick = () => on.choose(minutes);
      return b;
    });
    body.push(el("div", { class: "actions" }, choices));
  } else if (!m.made) {
    body.push(el("p", { class: "hint" }, text.meetNowStarting));
  } else {
    body.push(details(m.made));
  }
  const close = el("button", { type: "button", class: "secondary small", "data-testid": "meet-now-close" }, text.close);
  close.onclick = on.close;
  return el("div", { class: "overlay", "data-testid": "meet-now" }, [
    el("section", { class: "dialog meet-now", role: "dialog", "aria-modal": "true", "aria-labelledby": "meet-now-title" }, [
      el("h2", { id: "meet-now-title" }, text.meetNowTitle),
      ...body,
      el("div", { class: "dialog-actions" }, m.choices || m.made ? [close] : []),
    ]),
  ]);
}

function details(made: MeetNow): HTMLElement {
  const facts = el("dl", { class: "dial-in" }, [
    el("dt", {}, text.meetNowId),
    el("dd", { "data-testid": "meet-now-id" }, made.meeting_id),
    ...(made.passcode ? [el("dt", {}, text.meetNowPasscode), el("dd", { "data-testid": "meet-now-passcode" }, made.passcode)] : []),
    ...(made.numbers.length ? [el("dt", {}, text.meetNowNumbers), el("dd", { class: "numbers" }, made.numbers.join(" · "))] : []),
  ]);
  const notes: HTMLElement[] = [];
  if (made.booked_until) notes.push(el("p", { class: "hint", "data-testid": "meet-now-booked" }, text.meetNowBooked(made.booked_until)));
  if (made.not_booked) notes.push(el("p", { class: "hint warning", "data-testid": "meet-now-not-booked" }, made.not_booked.message));
  return el("div", { class: "meet-now-body" }, [
    el("div", {}, [facts, ...notes]),
    el("figure", { class: "qr" }, [qr(made), el("figcaption", {}, text.meetNowScan)]),
  ]);
}

/** The QR code as SVG: black modules on white, crisp at any size. */
function qr(made: MeetNow): Element {
  const svg = document.createElementNS(SVG, "svg");
  const size = String(made.qr.size);
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("data-testid", "meet-now-qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", text.meetNowScan);
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", size);
  background.setAttribute("height", size);
  background.setAttribute("fill", "#fff");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", made.qr.path);
  path.setAttribute("fill", "#000");
  svg.append(background, path);
  return svg;
}

// The room screen: the meeting happening now (or next) large, the rest below.
import type { EventView, RoomView } from "../ipc";
import { el } from "./dom";

export type Tap = (action: "start" | "join", event: EventView, button: HTMLButtonElement) => void;

export function renderRoom(view: RoomView, onTap: Tap): HTMLElement {
  const root = el("div", { class: "room" });
  root.append(header(view));
  const [featured, ...rest] = view.events;
  if (!featured) {
    root.append(el("section", { class: "empty" }, [el("h2", {}, "No more meetings today"), el("p", {}, "The room is free.")]));
  } else {
    root.append(featuredCard(featured, onTap));
    const today = rest.filter((e) => e.day === "today");
    const tomorrow = rest.filter((e) => e.day === "tomorrow");
    if (today.length) root.append(list("Later today", "later", today, onTap));
    if (tomorrow.length) root.append(list("Tomorrow", "tomorrow", tomorrow, onTap));
  }
  root.append(footer(view));
  return root;
}

function list(heading: string, cls: string, events: EventView[], onTap: Tap): HTMLElement {
  return el("section", { class: `later ${cls}`, "data-testid": `list-${cls}` }, [
    el("h3", {}, heading),
    el("ul", {}, events.map((e) => row(e, onTap))),
  ]);
}

function header(view: RoomView): HTMLElement {
  return el("header", {}, [
    el("h1", { "data-testid": "room-name" }, view.room_name),
    el("div", { class: "clock" }, [el("span", { class: "time" }, view.clock), el("span", { class: "date" }, view.date)]),
  ]);
}

function featuredCard(e: EventView, onTap: Tap): HTMLElement {
  const label = e.when === "now" ? "Now" : e.day === "tomorrow" ? "Next · Tomorrow" : "Next";
  return el("section", { class: `featured when-${e.when}`, "data-testid": "event", "data-when": e.when, "data-day": e.day }, [
    el("p", { class: "label" }, label),
    el("h2", { class: "title" }, e.title),
    el("p", { class: "meta" }, meta(e)),
    el("div", { class: "actions" }, buttons(e, onTap, true)),
    e.note ? el("p", { class: "note" }, e.note) : "",
  ]);
}

function row(e: EventView, onTap: Tap): HTMLElement {
  return el("li", { "data-testid": "event", "data-when": e.when, "data-day": e.day }, [
    el("span", { class: "time" }, e.time),
    el("span", { class: "title" }, e.title),
    el("span", { class: "note" }, e.note ?? e.service ?? ""),
    el("span", { class: "actions" }, buttons(e, onTap, false)),
  ]);
}

function meta(e: EventView): string {
  const parts = [e.time];
  if (e.service) parts.push(e.meeting_number ? `${e.service} ${e.meeting_number}` : e.service);
  return parts.join(" · ");
}

function buttons(e: EventView, onTap: Tap, large: boolean): HTMLElement[] {
  const out: HTMLElement[] = [];
  const size = large ? "large" : "small";
  if (e.can_start) out.push(button("Start", "start", `primary ${size}`, e, onTap));
  if (e.can_join) out.push(button("Join", "join", `secondary ${size}`, e, onTap));
  return out;
}

function button(text: string, action: "start" | "join", cls: string, e: EventView, onTap: Tap): HTMLButtonElement {
  const b = el("button", { class: cls, "data-testid": action, "data-key": e.key, type: "button" }, text) as HTMLButtonElement;
  b.addEventListener("click", () => onTap(action, e, b));
  return b;
}

function footer(view: RoomView): HTMLElement {
  // The kind says how to show it: no network reads as "Offline", the rest as a warning.
  const items: (HTMLElement | string)[] = view.problems.map((p) =>
    el("p", { class: `problem ${p.kind === "offline" ? "offline" : "warning"}`, "data-kind": p.kind }, [
      p.kind === "offline" ? el("strong", {}, "Offline · ") : "",
      p.message,
    ]),
  );
  items.push(el("p", { class: "updated" }, view.updated ? `Calendar updated ${view.updated}` : "Reading the calendar…"));
  return el("footer", {}, items);
}

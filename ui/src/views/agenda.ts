// The room screen, read from across the room: the room and the clock, a
// status band in colour and words, the meeting on now (or next) large with
// its countdown, then the rest of today and tomorrow.
import type { BookingView, EventView, RoomView } from "../ipc";
import { text } from "../text";
import { el } from "./dom";

export type Action = "start" | "join" | "dial-in" | "check-in" | "extend" | "end-early";
export type Tap = (action: Action, event: EventView, minutes?: number) => void;
export interface Handlers {
  tap: Tap;
  openKeypad: () => void;
  book: (minutes: number) => void;
  openMeetNow: () => void;
}

export function renderRoom(view: RoomView, on: Handlers): HTMLElement {
  const root = el("div", { class: "room" });
  root.append(header(view), statusBand(view));
  const bar = view.booking ? bookBar(view.booking, on) : null;
  if (bar) root.append(bar);
  const [featured, ...rest] = view.events;
  const body = el("div", { class: "body" });
  if (!featured) {
    body.append(el("section", { class: "empty", "aria-label": text.noMore }, [el("h2", {}, text.noMore), el("p", {}, text.roomFree)]));
  } else {
    body.append(featuredCard(featured, on.tap, view.booking));
    const today = rest.filter((e) => e.day === "today");
    const tomorrow = rest.filter((e) => e.day === "tomorrow");
    const lists = el("div", { class: "lists" });
    if (today.length) lists.append(list(text.laterToday, "later", today, on.tap));
    if (tomorrow.length) lists.append(list(text.tomorrow, "tomorrow", tomorrow, on.tap));
    if (lists.childElementCount) body.append(lists);
  }
  root.append(body, footer(view, on));
  return root;
}

function header(view: RoomView): HTMLElement {
  return el("header", {}, [
    el("h1", { "data-testid": "room-name" }, view.room_name),
    el("div", { class: "clock", role: "timer", "aria-label": `${view.clock}, ${view.date}` }, [
      el("span", { class: "time", "data-testid": "clock" }, view.clock),
      el("span", { class: "date" }, view.date),
    ]),
  ]);
}

function statusBand(view: RoomView): HTMLElement {
  const s = view.status;
  return el("section", { class: `band ${s.state}`, "data-testid": "room-status", "data-state": s.state, "aria-label": text.status(s) }, [
    el("span", { class: "band-words" }, text.status(s)),
    el("span", { class: "band-detail" }, text.statusDetail(s)),
  ]);
}

/** Book now and New meeting, while the room is free (or a new meeting can be made). */
function bookBar(b: BookingView, on: Handlers): HTMLElement | null {
  const buttons: HTMLElement[] = b.book.map((c) => {
    const words = c.until ? text.bookUntil(c.until) : text.bookMinutes(c.minutes);
    const button = el("button", { class: "primary small", type: "button", "data-testid": "book-now", "data-minutes": String(c.minutes), "aria-label": `${text.bookNow}: ${words}` }, words);
    button.onclick = () => on.book(c.minutes);
    return button;
  });
  if (b.meet_now) {
    const meet = el("button", { class: "secondary small", type: "button", "data-testid": "meet-now-open" }, text.meetNow);
    meet.onclick = on.openMeetNow;
    buttons.push(meet);
  }
  if (!buttons.length) return null;
  const label = b.book.length ? [el("span", { class: "book-label" }, text.bookNow)] : [];
  return el("section", { class: "book-bar", "data-testid": "book-bar", "aria-label": text.bookNow }, [...label, ...buttons]);
}

function featuredCard(e: EventView, onTap: Tap, booking: BookingView | null): HTMLElement {
  const label = e.when === "now" ? text.now : e.day === "tomorrow" ? text.nextTomorrow : text.next;
  return el("section", { class: `featured when-${e.when}`, "data-testid": "event", "data-when": e.when, "data-day": e.day, "aria-label": `${label}: ${e.title}` }, [
    el("div", { class: "featured-top" }, [
      el("p", { class: "label" }, label),
      e.countdown ? el("p", { class: "countdown", "data-testid": "countdown" }, text.countdown(e.countdown)) : "",
    ]),
    el("h2", { class: "title" }, e.title),
    el("p", { class: "meta" }, meta(e)),
    e.organizer ? el("p", { class: "organizer" }, text.bookedBy(e.organizer)) : "",
    el("div", { class: "actions" }, [...buttons(e, onTap, true), ...bookingButtons(e, onTap, booking)]),
    e.note ? el("p", { class: "note" }, e.note) : "",
  ]);
}

function list(heading: string, cls: string, events: EventView[], onTap: Tap): HTMLElement {
  const id = `heading-${cls}`;
  return el("section", { class: `later ${cls}`, "data-testid": `list-${cls}`, "aria-labelledby": id }, [
    el("h3", { id }, heading),
    el("ul", {}, events.map((e) => row(e, onTap))),
  ]);
}

function row(e: EventView, onTap: Tap): HTMLElement {
  return el("li", { "data-testid": "event", "data-when": e.when, "data-day": e.day }, [
    el("span", { class: "time" }, e.time),
    el("span", { class: "what" }, [
      el("span", { class: "title" }, e.title),
      el("span", { class: "note" }, e.note ?? e.service ?? ""),
    ]),
    el("span", { class: "actions" }, buttons(e, onTap, false)),
  ]);
}

function meta(e: EventView): string {
  const parts = [e.time];
  if (e.service) parts.push(e.meeting_number ? `${e.service} ${e.meeting_number}` : e.service);
  return parts.join(" · ");
}

function buttons(e: EventView, onTap: Tap, large: boolean): HTMLElement[] {
  const size = large ? "large" : "small";
  const out: HTMLElement[] = [];
  if (e.can_start) out.push(button(text.start, "start", `primary ${size}`, e, onTap));
  if (e.can_join) out.push(button(text.join, "join", `${e.can_start ? "secondary" : "primary"} ${size}`, e, onTap));
  // Dial-in is for the meeting in the room now or next; the rows stay short.
  if (e.can_dial_in && large) out.push(button(text.dialIn, "dial-in", `secondary ${size}`, e, onTap));
  if (e.can_check_in) out.push(button(text.checkIn, "check-in", `${out.length ? "secondary" : "primary"} ${size}`, e, onTap));
  return out;
}

/** Extend and End now, on the meeting in the room now. */
function bookingButtons(e: EventView, onTap: Tap, b: BookingView | null): HTMLElement[] {
  if (!b || b.current_key !== e.key) return [];
  const out = b.extend_minutes.map((m) => {
    const words = text.extend(m);
    const x = el("button", { class: "secondary small", "data-testid": "extend", "data-key": e.key, "data-minutes": String(m), type: "button", "aria-label": `${words}: ${e.title}` }, words) as HTMLButtonElement;
    x.onclick = () => onTap("extend", e, m);
    return x;
  });
  if (b.can_end_early) out.push(button(text.endEarly, "end-early", "secondary small", e, onTap));
  return out;
}

function button(words: string, action: Action, cls: string, e: EventView, onTap: Tap): HTMLButtonElement {
  const b = el("button", { class: cls, "data-testid": action, "data-key": e.key, type: "button", "aria-label": `${words}: ${e.title}` }, words) as HTMLButtonElement;
  b.onclick = () => onTap(action, e);
  return b;
}

function footer(view: RoomView, on: Handlers): HTMLElement {
  const offline = view.problems.some((p) => p.kind === "offline");
  const items: (HTMLElement | string)[] = view.problems.map((p) =>
    el("p", { class: `problem ${p.kind === "offline" ? "offline" : "warning"}`, "data-kind": p.kind }, [
      p.kind === "offline" ? el("strong", {}, `${text.offline} · `) : "",
      p.message,
    ]),
  );
  const age = view.updated
    ? offline && view.updated_minutes_ago !== null
      ? text.offlineAge(view.updated, view.updated_minutes_ago)
      : text.updated(view.updated)
    : text.readingCalendar;
  items.push(el("p", { class: offline ? "updated stale" : "updated", "data-testid": "updated" }, age));
  const notes = el("div", { class: "footer-notes" }, items);
  const keypad = view.join_by_id
    ? el("button", { class: "secondary small", "data-testid": "join-by-id", type: "button" }, text.joinById)
    : "";
  if (keypad) keypad.onclick = on.openKeypad;
  return el("footer", {}, [notes, keypad]);
}

// Keeps the screen in step with Rust: renders the screen Rust pushes (or the
// one asked for at start), the keypad and dial-in dialogs, and answers taps.
// It decides nothing itself: Rust says what may be done and checks every digit.
import { isPersonMessage, type DialIn, type EventView, type MeetNow, type MessageKind, type Screen } from "./ipc";
import { text } from "./text";
import { renderRoom, type Action } from "./views/agenda";
import { renderDialIn, type DialInState } from "./views/dialin";
import { renderMeetNow, type MeetNowState } from "./views/meetnow";
import { MAX_DIGITS, newKeypad, renderKeypad, type KeypadState } from "./views/keypad";
import { renderSetup } from "./views/setup";
import { patchChildren } from "./views/patch";
import { renderStatus, type Status } from "./views/status";

export interface RoomApi {
  roomView(): Promise<Screen>;
  startMeeting(key: string): Promise<void>;
  joinMeeting(key: string): Promise<void>;
  joinById(id: string, passcode: string): Promise<void>;
  dialIn(key: string): Promise<DialIn>;
  bookNow(minutes: number): Promise<string>;
  extendBooking(minutes: number): Promise<string>;
  endBooking(): Promise<string>;
  checkIn(key: string): Promise<string>;
  meetNow(minutes: number): Promise<MeetNow>;
}

/** Failures that pass by themselves: trying again later helps. */
const PASSES = new Set<MessageKind>(["too_early", "rate_limited", "slow", "unreachable"]);
/** Failures that mean the screen is out of date. */
const STALE = new Set<MessageKind>(["gone", "not_on_calendar", "ended", "conflict", "not_now"]);
/** The dial-in passcode leaves the screen by itself after this long. */
const DIAL_IN_SHOWN_MS = 60_000;

export function createApp(root: HTMLElement, api: RoomApi) {
  let screen: Screen | null = null;
  let status: Status = null;
  let pending: { action: Action | "book-now" | "meet-now"; key: string } | null = null;
  let keypad: KeypadState | null = null;
  let dialIn: DialInState | null = null;
  let meetNow: MeetNowState | null = null;
  let statusTimer: ReturnType<typeof setTimeout> | undefined;
  let dialInTimer: ReturnType<typeof setTimeout> | undefined;

  function render() {
    if (!screen) return;
    const focused = focusKey(root);
    const body = screen.screen === "setup" ? renderSetup(screen.problem, screen.fix) : renderRoom(screen, { tap, openKeypad, book, openMeetNow });
    const layers: HTMLElement[] = [body, renderStatus(status)];
    if (keypad) layers.push(renderKeypad(keypad, keypadHandlers));
    if (dialIn) layers.push(renderDialIn(dialIn, closeDialIn));
    if (meetNow) layers.push(renderMeetNow(meetNow, meetNowHandlers));
    if (keypad || dialIn || meetNow) body.setAttribute("aria-hidden", "true");
    patchChildren(root, layers);
    if (pending) markPressed(root, pending.action, pending.key);
    restoreFocus(root, focused);
  }

  function setStatus(next: Status, clearAfterMs?: number) {
    status = next;
    clearTimeout(statusTimer);
    if (clearAfterMs) statusTimer = setTimeout(() => setStatus(null), clearAfterMs);
    render();
  }

  async function tap(action: Action, event: EventView, minutes?: number) {
    if (action === "dial-in") return openDialIn(event);
    if (pending) return;
    if (action === "check-in" || action === "extend" || action === "end-early") {
      pending = { action, key: event.key };
      setStatus({ tone: "busy", text: text.booking });
      const call = action === "check-in" ? api.checkIn(event.key) : action === "extend" ? api.extendBooking(minutes ?? 15) : api.endBooking();
      return void (await settleWords(call));
    }
    pending = { action, key: event.key };
    setStatus({ tone: "busy", text: action === "start" ? text.startingAsHost(event.title) : text.joiningTitle(event.title) });
    await settle(action === "start" ? api.startMeeting(event.key) : api.joinMeeting(event.key));
  }

  /** One answer for every tap: opened, or what went wrong and what to do. */
  async function settle(call: Promise<void>, said: () => string = () => text.opened): Promise<boolean> {
    try {
      await call;
      setStatus({ tone: "ok", text: said() }, 8000);
      return true;
    } catch (e) {
      if (!isPersonMessage(e)) {
        setStatus({ tone: "error", text: text.unknownFailure }, 20000);
        return false;
      }
      setStatus({ tone: PASSES.has(e.kind) ? "wait" : "error", text: e.message, kind: e.kind }, 20000);
      // The meeting left the calendar since the screen was drawn: redraw it.
      if (STALE.has(e.kind)) await refresh();
      return false;
    } finally {
      pending = null;
      render();
    }
  }

  /** A booking's answer is its own words: "The room is yours until 10:30." */
  async function settleWords(call: Promise<string>): Promise<boolean> {
    let words = text.opened;
    const done = await settle(call.then((w) => void (words = w)), () => words);
    return done;
  }

  async function book(minutes: number) {
    if (pending) return;
    pending = { action: "book-now", key: String(minutes) };
    setStatus({ tone: "busy", text: text.booking });
    await settleWords(api.bookNow(minutes));
  }

  function openMeetNow() {
    if (pending || screen?.screen !== "room" || !screen.booking?.meet_now) return;
    const offered = screen.booking.book.map((c) => c.minutes);
    meetNow = { choices: offered.length ? offered : [15, 30, 60], made: null };
    clearOldAnswer();
    render();
    focusFirst(root, "[data-testid=meet-now-length]");
  }

  const meetNowHandlers = {
    async choose(minutes: number) {
      if (!meetNow || pending) return;
      meetNow = { choices: null, made: null };
      pending = { action: "meet-now", key: String(minutes) };
      setStatus({ tone: "busy", text: text.meetNowStarting });
      try {
        const made = await api.meetNow(minutes);
        if (meetNow) meetNow.made = made;
        setStatus({ tone: "ok", text: text.opened }, 8000);
        focusFirst(root, "[data-testid=meet-now-close]");
      } catch (e) {
        meetNow = null;
        setStatus({ tone: isPersonMessage(e) && PASSES.has(e.kind) ? "wait" : "error", text: isPersonMessage(e) ? e.message : text.unknownFailure, kind: isPersonMessage(e) ? e.kind : undefined }, 20000);
      } finally {
        pending = null;
        render();
      }
    },
    close() {
      meetNow = null;
      render();
    },
  };

  function openKeypad() {
    keypad = newKeypad();
    clearOldAnswer();
    render();
    focusFirst(root, "[data-testid=keypad] .keypad-key");
  }

  /** A new dialog starts clean: the last tap's answer is not about it. */
  function clearOldAnswer() {
    if (!pending) status = null;
  }

  /** A refusal's words stay until the person starts correcting the number. */
  function editing() {
    if (status?.tone === "error" || status?.tone === "wait") setStatus(null);
  }

  const keypadHandlers = {
    digit(d: string) {
      if (!keypad) return;
      editing();
      const field = keypad.step;
      if (keypad[field].length < MAX_DIGITS[field]) keypad[field] += d;
      render();
    },
    erase() {
      if (!keypad) return;
      editing();
      keypad[keypad.step] = keypad[keypad.step].slice(0, -1);
      render();
    },
    next() {
      if (keypad && keypad.id.length >= 9) keypad.step = "passcode";
      render();
    },
    back() {
      editing();
      if (keypad) keypad.step = "id";
      render();
    },
    async join() {
      if (!keypad || keypad.busy) return;
      keypad.busy = true;
      setStatus({ tone: "busy", text: text.joiningTitle(keypad.id) });
      const joined = await settle(api.joinById(keypad.id, keypad.passcode));
      if (joined) keypad = null;
      else if (keypad) keypad.busy = false;
      render();
    },
    close() {
      keypad = null;
      render();
    },
  };

  async function openDialIn(event: EventView) {
    dialIn = { title: event.title, details: null };
    clearOldAnswer();
    render();
    try {
      const details = await api.dialIn(event.key);
      if (dialIn?.title !== event.title) return;
      dialIn.details = details;
      clearTimeout(dialInTimer);
      dialInTimer = setTimeout(closeDialIn, DIAL_IN_SHOWN_MS);
      render();
      focusFirst(root, "[data-testid=dial-in-close]");
    } catch (e) {
      dialIn = null;
      setStatus({ tone: "error", text: isPersonMessage(e) ? e.message : text.unknownFailure }, 20000);
    }
  }

  function closeDialIn() {
    clearTimeout(dialInTimer);
    dialIn = null;
    render();
  }

  /** Keys for people without a touchscreen: digits, Backspace, Enter, Escape. */
  function key(e: KeyboardEvent) {
    if (e.key === "Escape") {
      if (keypad) keypadHandlers.close();
      if (dialIn) closeDialIn();
      if (meetNow && !pending) meetNowHandlers.close();
      return;
    }
    if (!keypad) return;
    if (/^[0-9]$/.test(e.key)) keypadHandlers.digit(e.key);
    else if (e.key === "Backspace") keypadHandlers.erase();
    else if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement)) {
      if (keypad.step === "id") keypadHandlers.next();
      else void keypadHandlers.join();
    } else return;
    e.preventDefault();
  }

  /** Screens Rust has pushed: one pushed while a pull was on its way is newer than the pull. */
  let pushes = 0;

  async function refresh() {
    const before = pushes;
    let pulled: Screen;
    try {
      pulled = await api.roomView();
    } catch {
      pulled = { screen: "setup", problem: text.lostContact, fix: text.restart };
    }
    if (pushes === before) screen = pulled;
    render();
  }

  function show(next: Screen) {
    pushes += 1;
    screen = next;
    render();
  }

  return {
    refresh,
    render,
    show,
    tap,
    key,
    keypad: keypadHandlers,
    get status() {
      return status;
    },
  };
}

/** The tapped button reads "Starting…", "Joining…" or "Booking…" until the answer comes. */
function markPressed(root: HTMLElement, action: string, key: string) {
  for (const b of root.querySelectorAll<HTMLButtonElement>(`[data-testid=${action}]`)) {
    if ((b.dataset.key ?? b.dataset.minutes) !== key) continue;
    b.disabled = true;
    b.classList.add("pressed");
    b.textContent = action === "start" ? text.starting : action === "join" ? text.joining : text.booking;
  }
  const taps = "[data-testid=start], [data-testid=join], [data-testid=check-in], [data-testid=extend], [data-testid=end-early], [data-testid=book-now], [data-testid=meet-now-open]";
  for (const b of root.querySelectorAll<HTMLButtonElement>(taps)) b.disabled = true;
}

type FocusKey = { testid: string; key?: string; label?: string } | null;

/** A render may replace the focused node; keyboard focus is carried across it. */
function focusKey(root: HTMLElement): FocusKey {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !root.contains(active) || !active.dataset.testid) return null;
  return { testid: active.dataset.testid, key: active.dataset.key, label: active.getAttribute("aria-label") ?? undefined };
}

function restoreFocus(root: HTMLElement, was: FocusKey) {
  if (!was) return;
  const match = [...root.querySelectorAll<HTMLElement>(`[data-testid="${was.testid}"]`)].find(
    (n) => n.dataset.key === was.key && (n.getAttribute("aria-label") ?? undefined) === was.label,
  );
  match?.focus();
}

function focusFirst(root: HTMLElement, css: string) {
  root.querySelector<HTMLElement>(css)?.focus();
}

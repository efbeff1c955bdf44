// Keeps the screen in step with Rust: renders the screen Rust pushes (or the
// one asked for at start), the keypad and dial-in dialogs, and answers taps.
// It decides nothing itself: Rust says what may be done and checks every digit.
import { isPersonMessage, type DialIn, type EventView, type MessageKind, type Screen } from "./ipc";
import { text } from "./text";
import { renderRoom, type Action } from "./views/agenda";
import { renderDialIn, type DialInState } from "./views/dialin";
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
}

/** Failures that pass by themselves: trying again later helps. */
const PASSES = new Set<MessageKind>(["too_early", "rate_limited", "slow", "unreachable"]);
/** Failures that mean the screen is out of date. */
const STALE = new Set<MessageKind>(["gone", "not_on_calendar", "ended"]);
/** The dial-in passcode leaves the screen by itself after this long. */
const DIAL_IN_SHOWN_MS = 60_000;

export function createApp(root: HTMLElement, api: RoomApi) {
  let screen: Screen | null = null;
  let status: Status = null;
  let pending: { action: Action; key: string } | null = null;
  let keypad: KeypadState | null = null;
  let dialIn: DialInState | null = null;
  let statusTimer: ReturnType<typeof setTimeout> | undefined;
  let dialInTimer: ReturnType<typeof setTimeout> | undefined;

  function render() {
    if (!screen) return;
    const focused = focusKey(root);
    const body = screen.screen === "setup" ? renderSetup(screen.problem, screen.fix) : renderRoom(screen, { tap, openKeypad });
    const layers: HTMLElement[] = [body, renderStatus(status)];
    if (keypad) layers.push(renderKeypad(keypad, keypadHandlers));
    if (dialIn) layers.push(renderDialIn(dialIn, closeDialIn));
    if (keypad || dialIn) body.setAttribute("aria-hidden", "true");
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

  async function tap(action: Action, event: EventView) {
    if (action === "dial-in") return openDialIn(event);
    if (pending) return;
    pending = { action, key: event.key };
    setStatus({ tone: "busy", text: action === "start" ? text.startingAsHost(event.title) : text.joiningTitle(event.title) });
    await settle(action === "start" ? api.startMeeting(event.key) : api.joinMeeting(event.key));
  }

  /** One answer for every tap: opened, or what went wrong and what to do. */
  async function settle(call: Promise<void>): Promise<boolean> {
    try {
      await call;
      setStatus({ tone: "ok", text: text.opened }, 8000);
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

  async function refresh() {
    try {
      screen = await api.roomView();
    } catch {
      screen = { screen: "setup", problem: text.lostContact, fix: text.restart };
    }
    render();
  }

  function show(next: Screen) {
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

/** The tapped button reads "Starting…" or "Joining…" until the answer comes. */
function markPressed(root: HTMLElement, action: Action, key: string) {
  for (const b of root.querySelectorAll<HTMLButtonElement>(`[data-testid=${action}]`)) {
    if (b.dataset.key !== key) continue;
    b.disabled = true;
    b.classList.add("pressed");
    b.textContent = action === "start" ? text.starting : text.joining;
  }
  for (const b of root.querySelectorAll<HTMLButtonElement>("[data-testid=start], [data-testid=join]")) b.disabled = true;
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

// Keeps the screen in step with Rust: renders the screen Rust pushes (or the
// one asked for at start) and answers taps. It decides nothing itself.
import { isPersonMessage, type EventView, type MessageKind, type Screen } from "./ipc";
import { renderRoom } from "./views/agenda";
import { renderSetup } from "./views/setup";
import { renderStatus, type Status } from "./views/status";

export interface RoomApi {
  roomView(): Promise<Screen>;
  startMeeting(key: string): Promise<void>;
  joinMeeting(key: string): Promise<void>;
}

/** Failures that pass by themselves: trying again later helps. */
const PASSES = new Set<MessageKind>(["too_early", "rate_limited", "slow", "unreachable"]);
/** Failures that mean the screen is out of date. */
const STALE = new Set<MessageKind>(["gone", "not_on_calendar", "ended"]);

export function createApp(root: HTMLElement, api: RoomApi) {
  let screen: Screen | null = null;
  let status: Status = null;
  let busy = false;
  let statusTimer: ReturnType<typeof setTimeout> | undefined;

  function render() {
    if (!screen) return;
    const body = screen.screen === "setup" ? renderSetup(screen.problem, screen.fix) : renderRoom(screen, tap);
    root.replaceChildren(body, renderStatus(status));
  }

  function setStatus(next: Status, clearAfterMs?: number) {
    status = next;
    clearTimeout(statusTimer);
    if (clearAfterMs) statusTimer = setTimeout(() => setStatus(null), clearAfterMs);
    render();
  }

  async function tap(action: "start" | "join", event: EventView, button: HTMLButtonElement) {
    if (busy) return;
    busy = true;
    button.disabled = true;
    setStatus({ tone: "busy", text: action === "start" ? `Starting “${event.title}” as host…` : `Joining “${event.title}”…` });
    try {
      await (action === "start" ? api.startMeeting(event.key) : api.joinMeeting(event.key));
      setStatus({ tone: "ok", text: "Opening Zoom on this computer." }, 8000);
    } catch (e) {
      if (!isPersonMessage(e)) {
        setStatus({ tone: "error", text: "Something went wrong. Try again, or ask IT." }, 20000);
        return;
      }
      setStatus({ tone: PASSES.has(e.kind) ? "wait" : "error", text: e.message, kind: e.kind }, 20000);
      // The meeting left the calendar since the screen was drawn: redraw it.
      if (STALE.has(e.kind)) await refresh();
    } finally {
      busy = false;
    }
  }

  async function refresh() {
    try {
      screen = await api.roomView();
    } catch {
      screen = { screen: "setup", problem: "The room screen lost contact with Roomstart.", fix: "Restart Roomstart." };
    }
    render();
  }

  function show(next: Screen) {
    screen = next;
    render();
  }

  return { refresh, render, show, tap, get status() { return status; } };
}

import { describe, expect, it, vi } from "vitest";
import { withTimeout, NO_ANSWER } from "./timeout";
import { isPersonMessage } from "./ipc";
import { createApp, type RoomApi } from "./app";
import type { Screen } from "./ipc";

const room: Screen = {
  screen: "room",
  room_name: "Aurora",
  time_zone: "Europe/Berlin",
  clock: "10:05",
  date: "Sunday 22 November",
  updated: "10:04",
  problems: [{ kind: "calendar_failing", message: "calendar backup could not be reached" }],
  events: [
    { key: "k1", title: "Weekly sync", start: "2026-11-22T09:55:00+01:00", end: "2026-11-22T10:55:00+01:00", time: "09:55 – 10:55", when: "now", day: "today", service: "Zoom", meeting_number: "857 4635 2410", can_start: true, can_join: true, note: null },
    { key: "k2", title: "Lunch", start: "2026-11-22T11:05:00+01:00", end: "2026-11-22T11:50:00+01:00", time: "11:05 – 11:50", when: "next", day: "today", service: null, meeting_number: null, can_start: false, can_join: false, note: "No meeting link in the invite" },
    { key: "k3", title: "<img src=x onerror=alert(1)>", start: "2026-11-23T13:05:00+01:00", end: "2026-11-23T13:35:00+01:00", time: "13:05 – 13:35", when: "later", day: "tomorrow", service: "Zoom", meeting_number: "934 5678 9012", can_start: false, can_join: false, note: "Hosted on another Zoom account: join only" },
  ],
};

function api(overrides: Partial<RoomApi> = {}): RoomApi {
  return {
    roomView: vi.fn(async () => room),
    startMeeting: vi.fn(async () => {}),
    joinMeeting: vi.fn(async () => {}),
    ...overrides,
  };
}

async function mounted(a: RoomApi) {
  const root = document.createElement("main");
  const app = createApp(root, a);
  await app.refresh();
  return { root, app };
}

describe("room screen", () => {
  it("shows the room, the clock, every event and the failing source", async () => {
    const { root } = await mounted(api());
    expect(root.querySelector("[data-testid=room-name]")?.textContent).toBe("Aurora");
    expect(root.querySelectorAll("[data-testid=event]")).toHaveLength(3);
    expect(root.querySelector(".featured .label")?.textContent).toBe("Now");
    expect(root.textContent).toContain("Zoom 857 4635 2410");
    expect(root.textContent).toContain("calendar backup could not be reached");
  });

  it("lists the rest of today, then tomorrow under its own heading", async () => {
    const { root } = await mounted(api());
    expect(root.querySelector("[data-testid=list-later] h3")?.textContent).toBe("Later today");
    expect(root.querySelectorAll("[data-testid=list-later] [data-testid=event]")).toHaveLength(1);
    expect(root.querySelector("[data-testid=list-tomorrow] h3")?.textContent).toBe("Tomorrow");
    expect(root.querySelector("[data-testid=list-tomorrow] [data-day=tomorrow]")).not.toBeNull();
  });

  it("renders a screen Rust pushes, without asking for it", async () => {
    const a = api();
    const { root, app } = await mounted(a);
    app.show({ screen: "setup", problem: "secret zoom.client_secret is not set", fix: "Run roomstart doctor" });
    expect(root.textContent).toContain("secret zoom.client_secret is not set");
    expect(a.roomView).toHaveBeenCalledTimes(1);
  });

  it("shows no network as Offline, by the problem's kind", async () => {
    const offline: Screen = { ...room, problems: [{ kind: "offline", message: "No answer from the calendar yet" }] } as Screen;
    const { root } = await mounted(api({ roomView: vi.fn(async () => offline) }));
    const shown = root.querySelector("[data-kind=offline]");
    expect(shown?.classList.contains("offline")).toBe(true);
    expect(shown?.textContent).toBe("Offline · No answer from the calendar yet");
  });

  it("offers Start only where Rust allows it", async () => {
    const { root } = await mounted(api());
    const starts = root.querySelectorAll<HTMLButtonElement>("[data-testid=start]");
    expect(starts).toHaveLength(1);
    expect(starts[0].dataset.key).toBe("k1");
  });

  it("renders calendar text as text, never as markup", async () => {
    const { root } = await mounted(api());
    expect(root.querySelector("img")).toBeNull();
    expect(root.textContent).toContain("<img src=x onerror=alert(1)>");
  });

  it("sends only the event key on Start and says Zoom is opening", async () => {
    const a = api();
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=start]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe("Opening Zoom on this computer."));
    expect(a.startMeeting).toHaveBeenCalledWith("k1");
  });

  it("shows Rust's message when Start fails", async () => {
    const a = api({ startMeeting: vi.fn(async () => Promise.reject({ kind: "not_found", message: "Zoom says this meeting does not exist." })) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=start]")!.click();
    await vi.waitFor(() => expect(root.querySelector(".status.error")?.textContent).toBe("Zoom says this meeting does not exist."));
  });

  it("shows a failure that passes by itself as a wait, by its kind", async () => {
    const a = api({ startMeeting: vi.fn(async () => Promise.reject({ kind: "too_early", message: "It is too early to start this meeting." })) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=start]")!.click();
    await vi.waitFor(() => expect(root.querySelector(".status.wait[data-kind=too_early]")?.textContent).toBe("It is too early to start this meeting."));
  });

  it("redraws the room when the meeting has left the calendar", async () => {
    const a = api({ startMeeting: vi.fn(async () => Promise.reject({ kind: "gone", message: "This meeting is no longer on the room's calendar." })) });
    const { root } = await mounted(a);
    const before = (a.roomView as ReturnType<typeof vi.fn>).mock.calls.length;
    root.querySelector<HTMLButtonElement>("[data-testid=start]")!.click();
    await vi.waitFor(() => expect((a.roomView as ReturnType<typeof vi.fn>).mock.calls.length).toBe(before + 1));
    expect(root.querySelector(".status.error[data-kind=gone]")).not.toBeNull();
  });

  it("ignores a second tap while the first is under way", async () => {
    let release: () => void = () => {};
    const a = api({ startMeeting: vi.fn(() => new Promise<void>((r) => (release = r))) });
    const { root, app } = await mounted(a);
    const ev = (room as Extract<Screen, { screen: "room" }>).events[0];
    const b = root.querySelector<HTMLButtonElement>("[data-testid=start]")!;
    void app.tap("start", ev, b);
    void app.tap("start", ev, b);
    release();
    expect(a.startMeeting).toHaveBeenCalledTimes(1);
  });

  it("shows the setup state with what IT must do", async () => {
    const a = api({ roomView: vi.fn(async (): Promise<Screen> => ({ screen: "setup", problem: "secret zoom.client_secret is not set", fix: "Run roomstart doctor." })) });
    const { root } = await mounted(a);
    expect(root.querySelector("[data-testid=setup]")?.textContent).toContain("zoom.client_secret is not set");
    expect(root.querySelector("[data-testid=start]")).toBeNull();
  });

  it("never shows a blank window when Rust cannot be reached", async () => {
    const a = api({ roomView: vi.fn(async () => Promise.reject(new Error("ipc down"))) });
    const { root } = await mounted(a);
    expect(root.textContent).toContain("lost contact");
  });

  it("answers a call Rust never answers, so nothing stays busy", async () => {
    vi.useFakeTimers();
    try {
      const never = new Promise<void>(() => {});
      const answered = withTimeout(never, 15000).catch((e: unknown) => e);
      vi.advanceTimersByTime(15000);
      expect(await answered).toEqual(NO_ANSWER);
      expect(isPersonMessage(await answered)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

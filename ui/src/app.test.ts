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
  updated_minutes_ago: 1,
  join_by_id: true,
  booking: null,
  status: { state: "busy", until: "10:55", minutes: 50 },
  problems: [{ kind: "calendar_failing", message: "calendar backup could not be reached" }],
  events: [
    { key: "k1", title: "Weekly sync", start: "2026-11-22T09:55:00+01:00", end: "2026-11-22T10:55:00+01:00", time: "09:55 – 10:55", when: "now", day: "today", service: "Zoom", meeting_number: "857 4635 2410", can_start: true, can_join: true, can_dial_in: true, organizer: "anna@contoso.com", countdown: { kind: "ends_in", minutes: 50 }, note: null, can_check_in: false },
    { key: "k2", title: "Lunch", start: "2026-11-22T11:05:00+01:00", end: "2026-11-22T11:50:00+01:00", time: "11:05 – 11:50", when: "next", day: "today", service: null, meeting_number: null, can_start: false, can_join: false, can_dial_in: false, organizer: null, countdown: { kind: "starts_in", minutes: 60 }, note: "No meeting link in the invite", can_check_in: false },
    { key: "k3", title: "<img src=x onerror=alert(1)>", start: "2026-11-23T13:05:00+01:00", end: "2026-11-23T13:35:00+01:00", time: "13:05 – 13:35", when: "later", day: "tomorrow", service: "Zoom", meeting_number: "934 5678 9012", can_start: false, can_join: true, can_dial_in: false, organizer: null, countdown: null, note: "Hosted on another Zoom account: join only", can_check_in: false },
  ],
};

const made = {
  meeting_id: "812 3456 7890",
  passcode: "482913",
  numbers: ["+44 20 3481 5240"],
  qr: { size: 29, path: "M4 4h7v1h-7z" },
  booked_until: "10:35",
  not_booked: null,
};

function api(overrides: Partial<RoomApi> = {}): RoomApi {
  return {
    roomView: vi.fn(async () => room),
    startMeeting: vi.fn(async () => {}),
    joinMeeting: vi.fn(async () => {}),
    joinById: vi.fn(async () => {}),
    dialIn: vi.fn(async () => ({ meeting_id: "857 4635 2410", passcode: "123456", numbers: ["+44 20 3481 5240"] })),
    bookNow: vi.fn(async () => "The room is yours until 10:35."),
    extendBooking: vi.fn(async () => "The meeting now ends at 11:10."),
    endBooking: vi.fn(async () => "The meeting has ended. The room is free."),
    checkIn: vi.fn(async () => "Checked in. The room stays booked."),
    meetNow: vi.fn(async () => made),
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
    expect(root.querySelector("[data-testid=updated]")?.textContent).toBe("Offline · showing the calendar as of 10:04 (1 min ago)");
  });

  it("says whether the room is free in colour and words, with a countdown", async () => {
    const { root } = await mounted(api());
    const band = root.querySelector("[data-testid=room-status]")!;
    expect(band.classList.contains("busy")).toBe(true);
    expect(band.textContent).toBe("Busy until 10:5550 min left");
    expect(root.querySelector(".featured [data-testid=countdown]")?.textContent).toBe("Ends in 50 min");
    expect(root.querySelector(".featured")?.textContent).toContain("Booked by anna@contoso.com");
    const soon: Screen = { ...room, status: { state: "starting_soon", until: "11:05", minutes: 4 } } as Screen;
    const { root: r2 } = await mounted(api({ roomView: vi.fn(async () => soon) }));
    expect(r2.querySelector("[data-state=starting_soon]")?.textContent).toBe("Starting soonNext meeting in 4 min");
    const free: Screen = { ...room, status: { state: "free", until: null, minutes: null } } as Screen;
    const { root: r3 } = await mounted(api({ roomView: vi.fn(async () => free) }));
    expect(r3.querySelector("[data-state=free]")?.textContent).toBe("FreeNo more meetings today");
  });

  it("offers Join on a later meeting that has a link", async () => {
    const { root } = await mounted(api());
    const joins = [...root.querySelectorAll<HTMLButtonElement>("[data-testid=join]")].map((b) => b.dataset.key);
    expect(joins).toEqual(["k1", "k3"]);
  });

  it("joins by meeting ID from the keypad, passcode included, with the keyboard too", async () => {
    const a = api();
    const { root, app } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=join-by-id]")!.click();
    const press = (label: string) => root.querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!.click();
    for (const d of "8574635241") press(`Digit ${d}`);
    expect(root.querySelector<HTMLButtonElement>("[data-testid=keypad-next]")!.disabled).toBe(false);
    app.key(new KeyboardEvent("keydown", { key: "9" }));
    app.key(new KeyboardEvent("keydown", { key: "Backspace" }));
    app.key(new KeyboardEvent("keydown", { key: "0" }));
    app.key(new KeyboardEvent("keydown", { key: "7" }));
    expect(root.querySelector("[data-testid=keypad-value]")?.textContent).toBe("857 4635 2410");
    root.querySelector<HTMLButtonElement>("[data-testid=keypad-next]")!.click();
    for (const d of "123456") press(`Digit ${d}`);
    expect(root.querySelector("[data-testid=keypad-value]")?.textContent).toBe("••••••");
    root.querySelector<HTMLButtonElement>("[data-testid=keypad-join]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=keypad]")).toBeNull());
    expect(a.joinById).toHaveBeenCalledWith("85746352410", "123456");
  });

  it("keeps the keypad open with Rust's words when the ID is refused", async () => {
    const a = api({ joinById: vi.fn(async () => Promise.reject({ kind: "not_a_meeting_id", message: "That is not a Zoom meeting ID." })) });
    const { root, app } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=join-by-id]")!.click();
    for (const d of "999999999") app.keypad.digit(d);
    app.keypad.next();
    await app.keypad.join();
    expect(root.querySelector("[data-testid=keypad]")).not.toBeNull();
    expect(root.querySelector(".status.error")?.textContent).toBe("That is not a Zoom meeting ID.");
  });

  it("shows dial-in details on request and takes them away again", async () => {
    const a = api();
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=dial-in]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=dial-in-passcode]")?.textContent).toBe("123456"));
    expect(root.querySelector("[data-testid=dial-in-id]")?.textContent).toBe("857 4635 2410");
    expect(root.querySelector("[data-testid=dial-in-numbers]")?.textContent).toBe("+44 20 3481 5240");
    expect(a.dialIn).toHaveBeenCalledWith("k1");
    root.querySelector<HTMLButtonElement>("[data-testid=dial-in-close]")!.click();
    expect(root.querySelector("[data-testid=dial-in-details]")).toBeNull();
    expect(root.textContent).not.toContain("123456");
  });

  it("shows the tapped button pressed, reading Starting…, until the answer", async () => {
    let release: () => void = () => {};
    const a = api({ startMeeting: vi.fn(() => new Promise<void>((r) => (release = r))) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=start]")!.click();
    const b = root.querySelector<HTMLButtonElement>("[data-testid=start]")!;
    expect([b.textContent, b.disabled, b.classList.contains("pressed")]).toEqual(["Starting…", true, true]);
    release();
    await vi.waitFor(() => expect(root.querySelector<HTMLButtonElement>("[data-testid=start]")!.textContent).toBe("Start"));
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
    const { app } = await mounted(a);
    const ev = (room as Extract<Screen, { screen: "room" }>).events[0];
    void app.tap("start", ev);
    void app.tap("start", ev);
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

describe("a pushed screen changes only what differs", () => {
  it("keeps the page's nodes when the minute ticks, changing just the words", async () => {
    const { root, app } = await mounted(api());
    const card = root.querySelector(".featured");
    const start = root.querySelector<HTMLButtonElement>("[data-testid=start]");
    const clockText = root.querySelector("[data-testid=clock]")!.firstChild;
    app.show({ ...room, clock: "10:06", status: { state: "busy", until: "10:55", minutes: 49 } });
    expect(root.querySelector(".featured")).toBe(card);
    expect(root.querySelector("[data-testid=start]")).toBe(start);
    expect(root.querySelector("[data-testid=clock]")!.firstChild).toBe(clockText);
    expect(clockText?.textContent).toBe("10:06");
  });

  it("makes a kept button act for the meeting it now shows", async () => {
    const a = api();
    const { root, app } = await mounted(a);
    const start = root.querySelector<HTMLButtonElement>("[data-testid=start]")!;
    // The first meeting ended; another hosted meeting now sits in its place.
    const next = { ...room.events[0], key: "k9", title: "Board review" };
    app.show({ ...room, events: [next, ...room.events.slice(1)] });
    expect(root.querySelector("[data-testid=start]")).toBe(start);
    expect(start.dataset.key).toBe("k9");
    expect(start.getAttribute("aria-label")).toBe("Start: Board review");
    start.click();
    await vi.waitFor(() => expect(a.startMeeting).toHaveBeenCalledWith("k9"));
  });

  it("keeps a screen Rust pushed while an older one it asked for was on its way", async () => {
    let answer: (s: Screen) => void = () => {};
    const a = api();
    const { root, app } = await mounted(a);
    a.roomView = vi.fn(() => new Promise<Screen>((resolve) => (answer = resolve)));
    const asked = app.refresh();
    app.show({ ...room, events: [{ ...room.events[1], title: "Pushed after the ask" }] } as Screen);
    answer(room);
    await asked;
    expect(root.textContent).toContain("Pushed after the ask");
    expect(root.textContent).not.toContain("Weekly sync");
  });

  it("drops what the new screen no longer has, attributes included", async () => {
    const { root, app } = await mounted(api());
    app.show({ ...room, problems: [], events: [{ ...room.events[1], countdown: null }] });
    expect(root.querySelectorAll("[data-testid=event]")).toHaveLength(1);
    expect(root.querySelector("[data-testid=countdown]")).toBeNull();
    expect(root.querySelector(".problem")).toBeNull();
    expect(root.querySelector("[data-testid=start]")).toBeNull();
    expect(root.querySelector(".featured")?.getAttribute("data-when")).toBe("next");
  });
});

describe("the word catalogue", () => {
  it("fills each value once, showing a title that looks like a placeholder as it is", async () => {
    const { say } = await import("./text");
    expect(say("tap.starting", { title: "{title} {x}" })).toBe("Starting “{title} {x}” as host…");
    expect(say("status.busy_until", { time: "2:00 PM" })).toBe("Busy until 2:00 PM");
  });
});

describe("the room books itself", () => {
  const booking = { book: [], current_key: "k1", extend_minutes: [15, 30], can_end_early: true, meet_now: true, writes_left: 6 };
  const busy = { ...room, booking, events: [{ ...room.events[0], can_check_in: true }, ...room.events.slice(1)] } as Screen;
  const free = {
    ...room,
    status: { state: "free", until: "11:05", minutes: 60 },
    booking: { ...booking, current_key: null, extend_minutes: [], can_end_early: false, book: [{ minutes: 15, until: null }, { minutes: 30, until: null }, { minutes: 60, until: "11:05" }] },
    events: room.events.slice(1),
  } as Screen;

  it("offers Book now while the room is free, the longest cut to the next booking, and says until when", async () => {
    const a = api({ roomView: vi.fn(async () => free) });
    const { root } = await mounted(a);
    const books = [...root.querySelectorAll<HTMLButtonElement>("[data-testid=book-now]")];
    expect(books.map((b) => b.textContent)).toEqual(["15 min", "30 min", "Until 11:05"]);
    books[1].click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe("The room is yours until 10:35."));
    expect(a.bookNow).toHaveBeenCalledWith(30);
    expect(root.querySelector("[data-testid=extend]")).toBeNull();
  });

  it("extends, ends and checks in the meeting on now", async () => {
    const a = api({ roomView: vi.fn(async () => busy) });
    const { root } = await mounted(a);
    expect(root.querySelector("[data-testid=book-now]")).toBeNull();
    const extend = [...root.querySelectorAll<HTMLButtonElement>(".featured [data-testid=extend]")];
    expect(extend.map((b) => b.textContent)).toEqual(["+15 min", "+30 min"]);
    extend[1].click();
    await vi.waitFor(() => expect(a.extendBooking).toHaveBeenCalledWith(30));
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe("The meeting now ends at 11:10."));
    root.querySelector<HTMLButtonElement>(".featured [data-testid=check-in]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe("Checked in. The room stays booked."));
    expect(a.checkIn).toHaveBeenCalledWith("k1");
    root.querySelector<HTMLButtonElement>(".featured [data-testid=end-early]")!.click();
    await vi.waitFor(() => expect(a.endBooking).toHaveBeenCalled());
  });

  it("says a conflict in Rust's words and reads the room again", async () => {
    const conflict = { kind: "conflict", message: "Someone else booked that time a moment ago. Look again and retry." };
    const a = api({ roomView: vi.fn(async () => busy), extendBooking: vi.fn(async () => Promise.reject(conflict)) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>(".featured [data-testid=extend]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe(conflict.message));
    expect(root.querySelector("[data-testid=status]")?.classList.contains("error")).toBe(true);
    expect(a.roomView).toHaveBeenCalledTimes(2);
  });

  it("makes a new meeting: the length, then the ID, passcode, numbers and a QR code", async () => {
    const a = api({ roomView: vi.fn(async () => free) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=meet-now-open]")!.click();
    const lengths = [...root.querySelectorAll<HTMLButtonElement>("[data-testid=meet-now-length]")];
    expect(lengths.map((b) => b.dataset.minutes)).toEqual(["15", "30", "60"]);
    lengths[1].click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=meet-now-id]")?.textContent).toBe("812 3456 7890"));
    expect(a.meetNow).toHaveBeenCalledWith(30);
    expect(root.querySelector("[data-testid=meet-now-passcode]")?.textContent).toBe("482913");
    expect(root.querySelector("[data-testid=meet-now-booked]")?.textContent).toBe("The room is booked until 10:35.");
    const qr = root.querySelector("[data-testid=meet-now-qr]")!;
    expect(qr.getAttribute("viewBox")).toBe("0 0 29 29");
    expect(qr.querySelector("path")?.getAttribute("d")).toBe("M4 4h7v1h-7z");
    root.querySelector<HTMLButtonElement>("[data-testid=meet-now-close]")!.click();
    expect(root.querySelector("[data-testid=meet-now]")).toBeNull();
  });

  it("closes the new-meeting dialog with Zoom's refusal in words", async () => {
    const limit = { kind: "rate_limited", message: "This room has created as many Zoom meetings as Zoom allows in a day." };
    const a = api({ roomView: vi.fn(async () => free), meetNow: vi.fn(async () => Promise.reject(limit)) });
    const { root } = await mounted(a);
    root.querySelector<HTMLButtonElement>("[data-testid=meet-now-open]")!.click();
    root.querySelector<HTMLButtonElement>("[data-testid=meet-now-length]")!.click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=status]")?.textContent).toBe(limit.message));
    expect(root.querySelector("[data-testid=meet-now]")).toBeNull();
  });
});

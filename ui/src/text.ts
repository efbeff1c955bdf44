// The room screen's words, read from the one catalogue Rust words its own
// messages from (src-tauri/core/words/en.json), ready for translation. Rust
// sends states, times and numbers, and its tap answers already worded; this
// picks and fills the catalogue's words for the rest.
import type { Countdown, RoomStatus } from "./ipc";
import words from "../../src-tauri/core/words/en.json";

export type WordKey = keyof typeof words;

/** The words for `key`, each `{name}` filled in once (a value is shown as it is). */
export function say(key: WordKey, values: Record<string, string | number> = {}): string {
  return words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export const text = {
  loading: say("screen.loading"),
  now: say("screen.now"),
  next: say("screen.next"),
  nextTomorrow: say("screen.next_tomorrow"),
  laterToday: say("screen.later_today"),
  tomorrow: say("screen.tomorrow"),
  noMore: say("screen.no_more"),
  roomFree: say("screen.room_free"),
  bookedBy: (who: string) => say("screen.booked_by", { who }),

  start: say("button.start"),
  starting: say("button.starting"),
  join: say("button.join"),
  joining: say("button.joining"),
  dialIn: say("button.dial_in"),
  close: say("button.close"),
  startingAsHost: (title: string) => say("tap.starting", { title }),
  joiningTitle: (title: string) => say("tap.joining", { title }),
  opened: say("tap.opened"),
  unknownFailure: say("tap.unknown_failure"),

  status: (s: RoomStatus): string => {
    switch (s.state) {
      case "busy":
        return s.until ? say("status.busy_until", { time: s.until }) : say("status.busy");
      case "starting_soon":
        return say("status.starting_soon");
      case "free":
        return s.until ? say("status.free_until", { time: s.until }) : say("status.free");
    }
  },
  statusDetail: (s: RoomStatus): string => {
    if (s.minutes === null) return s.state === "free" ? say("screen.no_more") : "";
    const left = minutes(s.minutes);
    return s.state === "busy" ? say("status.left", { left }) : say("status.next_in", { left });
  },
  countdown: (c: Countdown): string =>
    say(c.kind === "ends_in" ? "countdown.ends_in" : "countdown.starts_in", { left: minutes(c.minutes) }),

  offline: say("screen.offline"),
  updated: (at: string) => say("screen.updated", { at }),
  offlineAge: (at: string, ago: number) =>
    ago < 1 ? say("screen.offline_as_of", { at }) : say("screen.offline_as_of_ago", { at, ago: minutes(ago) }),
  readingCalendar: say("screen.reading_calendar"),

  joinById: say("keypad.open"),
  keypadTitle: say("keypad.title"),
  keypadIdLabel: say("keypad.id_label"),
  keypadMeeting: (id: string) => say("keypad.meeting", { id }),
  keypadPasscodeLabel: say("keypad.passcode_label"),
  keypadIdHint: say("keypad.id_hint"),
  keypadPasscodeHint: say("keypad.passcode_hint"),
  keypadNext: say("keypad.next"),
  keypadBack: say("keypad.back"),
  keypadDelete: say("keypad.delete"),
  keypadJoin: say("keypad.join"),
  digit: (digit: string) => say("keypad.digit", { digit }),

  dialInTitle: say("dial_in.title"),
  dialInMeetingId: say("dial_in.meeting_id"),
  dialInPasscode: say("dial_in.passcode"),
  dialInNoPasscode: say("dial_in.no_passcode"),
  dialInNumbers: say("dial_in.numbers"),
  dialInAsking: say("dial_in.asking"),

  bookNow: say("button.book_now"),
  bookMinutes: (m: number) => say("button.book_minutes", { minutes: m }),
  bookUntil: (time: string) => say("button.book_until", { time }),
  extend: (m: number) => say("button.extend", { minutes: m }),
  endEarly: say("button.end_early"),
  checkIn: say("button.check_in"),
  meetNow: say("button.meet_now"),
  booking: say("button.booking"),
  meetNowTitle: say("booking.meet_now_title"),
  meetNowStarting: say("booking.meet_now_starting"),
  meetNowScan: say("booking.meet_now_scan"),
  meetNowId: say("booking.meet_now_id"),
  meetNowPasscode: say("booking.meet_now_passcode"),
  meetNowNumbers: say("booking.meet_now_numbers"),
  meetNowBooked: (time: string) => say("booking.meet_now_booked", { time }),

  setupTitle: say("setup.title"),
  setupHint: say("setup.hint"),
  lostContact: say("screen.lost_contact"),
  restart: say("screen.restart"),
};

/** "1 min", "45 min", "1 h 5 min", "3 h". */
export function minutes(n: number): string {
  if (n < 60) return say("duration.minutes", { minutes: n });
  const hours = Math.floor(n / 60);
  const rest = n % 60;
  return rest ? say("duration.hours_minutes", { hours, minutes: rest }) : say("duration.hours", { hours });
}

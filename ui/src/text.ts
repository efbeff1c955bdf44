// Every English word the room screen shows, in one place, ready for
// translation. Rust sends states, times and numbers; this words them.
// (Tap failures arrive worded from Rust, which the CLI shares.)
import type { Countdown, RoomStatus } from "./ipc";

export const text = {
  loading: "Loading the room…",
  now: "Now",
  next: "Next",
  nextTomorrow: "Next · Tomorrow",
  laterToday: "Later today",
  tomorrow: "Tomorrow",
  noMore: "No more meetings today",
  roomFree: "The room is free.",
  allDay: "All day",
  bookedBy: (who: string) => `Booked by ${who}`,

  start: "Start",
  starting: "Starting…",
  join: "Join",
  joining: "Joining…",
  dialIn: "Dial-in",
  startingAsHost: (title: string) => `Starting “${title}” as host…`,
  joiningTitle: (title: string) => `Joining “${title}”…`,
  opened: "Opening Zoom on this computer.",
  unknownFailure: "Something went wrong. Try again, or ask IT.",

  status: (s: RoomStatus): string => {
    switch (s.state) {
      case "busy":
        return s.until ? `Busy until ${s.until}` : "Busy";
      case "starting_soon":
        return "Starting soon";
      case "free":
        return s.until ? `Free until ${s.until}` : "Free";
    }
  },
  statusDetail: (s: RoomStatus): string => {
    if (s.minutes === null) return s.state === "free" ? "No more meetings today" : "";
    const left = minutes(s.minutes);
    return s.state === "busy" ? `${left} left` : `Next meeting in ${left}`;
  },
  countdown: (c: Countdown): string =>
    c.kind === "ends_in" ? `Ends in ${minutes(c.minutes)}` : `Starts in ${minutes(c.minutes)}`,

  offline: "Offline",
  updated: (at: string) => `Calendar updated ${at}`,
  offlineAge: (at: string, ago: number) =>
    ago < 1 ? `Offline · showing the calendar as of ${at}` : `Offline · showing the calendar as of ${at} (${minutes(ago)} ago)`,
  readingCalendar: "Reading the calendar…",

  joinById: "Join by meeting ID",
  keypadTitle: "Join a meeting by its ID",
  keypadIdLabel: "Meeting ID",
  keypadMeeting: (id: string) => `Meeting ${id}`,
  keypadPasscodeLabel: "Passcode (optional)",
  keypadIdHint: "9 to 11 digits, from the invite",
  keypadPasscodeHint: "Numbers only. Leave empty if there is none.",
  keypadNext: "Next",
  keypadBack: "Back",
  keypadDelete: "Delete",
  keypadJoin: "Join",
  close: "Close",
  digit: (d: string) => `Digit ${d}`,

  dialInTitle: "Dial in from the room phone",
  dialInMeetingId: "Meeting ID",
  dialInPasscode: "Passcode",
  dialInNoPasscode: "None needed, or see the invite",
  dialInNumbers: "Numbers to dial",
  dialInAsking: "Asking Zoom…",

  setupTitle: "This room needs setting up",
  setupHint: "Meetings can still be joined from a laptop in the meantime.",
  lostContact: "The room screen lost contact with Roomstart.",
  restart: "Restart Roomstart.",
};

/** "1 min", "45 min", "1 h 5 min", "3 h". */
export function minutes(n: number): string {
  if (n < 60) return `${n} min`;
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

// The one file that talks to Tauri. Types mirror roomstart-core's view.rs and
// the shell's commands.rs; the web view never receives a URL or a secret,
// only event keys it hands back to Rust.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

export type When = "now" | "next" | "later";
export type Day = "today" | "tomorrow";

export interface EventView {
  key: string;
  title: string;
  time: string;
  when: When;
  day: Day;
  service: string | null;
  meeting_number: string | null;
  can_start: boolean;
  can_join: boolean;
  note: string | null;
}

export interface RoomView {
  room_name: string;
  time_zone: string;
  clock: string;
  date: string;
  events: EventView[];
  problems: string[];
  updated: string | null;
}

export type Screen =
  | ({ screen: "room" } & RoomView)
  | { screen: "setup"; problem: string; fix: string };

/** A failure as Rust words it for the room screen: `message` is safe to show. */
export interface CommandError {
  kind: string;
  message: string;
}

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

export const roomView = (): Promise<Screen> => invoke<Screen>("room_view");
export const startMeeting = (key: string): Promise<void> => invoke("start_meeting", { key });
export const joinMeeting = (key: string): Promise<void> => invoke("join_meeting", { key });
export const onRoomChanged = (f: () => void): Promise<UnlistenFn> => listen("room-changed", f);

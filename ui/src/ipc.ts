// The one file that talks to Tauri. The types of what crosses the edge are
// generated from Rust (ui/src/bindings/, by `cargo test`); the web view never
// receives a URL or a secret, only event keys it hands back to Rust.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { PersonMessage } from "./bindings/PersonMessage";
import type { Screen } from "./bindings/Screen";
import type { DialIn } from "./bindings/DialIn";
import type { MeetNow } from "./bindings/MeetNow";
import { withTimeout } from "./timeout";

export type { Day } from "./bindings/Day";
export type { EventView } from "./bindings/EventView";
export type { MessageKind } from "./bindings/MessageKind";
export type { PersonMessage } from "./bindings/PersonMessage";
export type { RoomView } from "./bindings/RoomView";
export type { Screen } from "./bindings/Screen";
export type { When } from "./bindings/When";

export function isPersonMessage(e: unknown): e is PersonMessage {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** A tap answers within 10 s in Rust; the window waits a little longer. */
const TAP_TIMEOUT_MS = 15_000;
const VIEW_TIMEOUT_MS = 5_000;

export const roomView = (): Promise<Screen> => withTimeout(invoke<Screen>("room_view"), VIEW_TIMEOUT_MS);
export const startMeeting = (key: string): Promise<void> =>
  withTimeout(invoke("start_meeting", { key }), TAP_TIMEOUT_MS);
export const joinMeeting = (key: string): Promise<void> =>
  withTimeout(invoke("join_meeting", { key }), TAP_TIMEOUT_MS);
/** Rust pushes the whole screen after each refresh and as each minute turns. */
export const onScreen = (f: (screen: Screen) => void): Promise<UnlistenFn> =>
  listen<Screen>("room-changed", (event) => f(event.payload));
export type { Countdown } from "./bindings/Countdown";
export type { DialIn } from "./bindings/DialIn";
export type { BookChoice } from "./bindings/BookChoice";
export type { BookingView } from "./bindings/BookingView";
export type { MeetNow } from "./bindings/MeetNow";
export type { QrCode } from "./bindings/QrCode";
export type { RoomStatus } from "./bindings/RoomStatus";
export const joinById = (id: string, passcode: string): Promise<void> =>
  withTimeout(invoke("join_by_id", { id, passcode }), TAP_TIMEOUT_MS);
export const dialIn = (key: string): Promise<DialIn> => withTimeout(invoke<DialIn>("dial_in", { key }), TAP_TIMEOUT_MS);
/** Each booking tap answers with the words for the status line. */
export const bookNow = (minutes: number): Promise<string> =>
  withTimeout(invoke<string>("book_now", { minutes }), TAP_TIMEOUT_MS);
export const extendBooking = (minutes: number): Promise<string> =>
  withTimeout(invoke<string>("extend_booking", { minutes }), TAP_TIMEOUT_MS);
export const endBooking = (): Promise<string> => withTimeout(invoke<string>("end_booking"), TAP_TIMEOUT_MS);
export const checkIn = (key: string): Promise<string> => withTimeout(invoke<string>("check_in", { key }), TAP_TIMEOUT_MS);
/** Creating, starting and booking: the create and the start each have Rust's 10 s. */
export const meetNow = (minutes: number): Promise<MeetNow> =>
  withTimeout(invoke<MeetNow>("meet_now", { minutes }), 2 * TAP_TIMEOUT_MS);

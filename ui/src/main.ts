import { createApp } from "./app";
import { text } from "./text";
import { el } from "./views/dom";
import { bookNow, checkIn, dialIn, endBooking, extendBooking, joinById, joinMeeting, meetNow, onScreen, roomView, startMeeting } from "./ipc";

const root = document.getElementById("app")!;
root.replaceChildren(el("p", { class: "loading", role: "status" }, text.loading));
const app = createApp(root, { roomView, startMeeting, joinMeeting, joinById, dialIn, bookNow, extendBooking, endBooking, checkIn, meetNow });

// A room screen, not a document: no context menu, no selection, no dragging.
for (const name of ["contextmenu", "selectstart", "dragstart"]) {
  document.addEventListener(name, (e) => e.preventDefault());
}
document.addEventListener("keydown", (e) => app.key(e));

// Asked once for the first paint; from then on Rust pushes every change,
// the clock's minute included, so nothing here polls.
void app.refresh();
void onScreen((screen) => app.show(screen));

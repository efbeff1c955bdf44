import { createApp } from "./app";
import { joinMeeting, onScreen, roomView, startMeeting } from "./ipc";

const root = document.getElementById("app")!;
const app = createApp(root, { roomView, startMeeting, joinMeeting });

// Asked once for the first paint; from then on Rust pushes every change,
// the clock's minute included, so nothing here polls.
void app.refresh();
void onScreen((screen) => app.show(screen));

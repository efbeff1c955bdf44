import { createApp } from "./app";
import { joinMeeting, onRoomChanged, roomView, startMeeting } from "./ipc";

const root = document.getElementById("app")!;
const app = createApp(root, { roomView, startMeeting, joinMeeting });

void app.refresh();
void onRoomChanged(() => void app.refresh());
// The clock and the now/next split move with time, not only with the calendar.
setInterval(() => void app.refresh(), 15_000);

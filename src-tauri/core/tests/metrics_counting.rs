//! Issue 22: what the metrics count, against the simulated Zoom and feed over
//! loopback: requests by API and status where they are sent, taps by result,
//! calendar errors by kind, and the room's state. The counters are the
//! process's, so this binary holds one test, and it compares before and after.

mod common;

use common::{now, room, room_with, sim};
use roomstart_core::calendar::CalendarSource;
use roomstart_core::metrics::{
    self, Api, CalendarErrorKind, RoomState, Sample, Tallies, TapAction, TapResult,
};
use roomstart_core::Secret;
use roomstart_sim::{Faults, LinkStyle};

fn requests(t: &Tallies, api: Api, code: Option<u16>) -> u64 {
    t.requests.get(&(api, code)).copied().unwrap_or(0)
}

fn taps(t: &Tallies, action: TapAction, result: TapResult) -> u64 {
    t.taps.get(&(action, result)).copied().unwrap_or(0)
}

#[tokio::test]
async fn requests_taps_errors_and_the_rooms_state_are_counted() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, roomstart_sim::CLIENT_SECRET);
    let before = metrics::tallies();
    room.refresh(now()).await;
    let after = metrics::tallies();
    assert_eq!(
        requests(&after, Api::Feed, Some(200)) - requests(&before, Api::Feed, Some(200)),
        1
    );
    assert_eq!(
        requests(&after, Api::Oauth, Some(200)) - requests(&before, Api::Oauth, Some(200)),
        1
    );
    assert!(requests(&after, Api::Zoom, Some(200)) > requests(&before, Api::Zoom, Some(200)));

    let health = room.health(now()).await;
    assert_eq!(
        health.state,
        RoomState::Busy,
        "the demo day has a meeting under way"
    );
    assert_eq!(health.calendars, [("room".to_string(), Some(now()))]);

    // Start and Join on the meeting under way; Start and Join on the event with no link.
    let view = room.view(now()).await;
    let (sync, no_link) = (&view.events[0].key, &view.events[1].key);
    room.start(sync, now()).await.unwrap();
    room.join(sync).await.unwrap();
    room.start(no_link, now()).await.unwrap_err();
    room.join(no_link).await.unwrap_err();
    room.join_by_id("12", "").await.unwrap_err();
    // Zoom down: a tap that fails for something broken.
    sim.set_faults(Faults {
        server_error: Some(503),
        ..Faults::default()
    });
    room.start(sync, now()).await.unwrap_err();
    sim.set_faults(Faults::default());
    let tapped = metrics::tallies();
    for (action, result, n) in [
        (TapAction::Start, TapResult::Ok, 1),
        (TapAction::Join, TapResult::Ok, 1),
        (TapAction::Start, TapResult::Refused, 1),
        (TapAction::Join, TapResult::Refused, 1),
        (TapAction::JoinById, TapResult::Refused, 1),
        (TapAction::Start, TapResult::Error, 1),
    ] {
        assert_eq!(
            taps(&tapped, action, result) - taps(&after, action, result),
            n,
            "{action:?} {result:?}"
        );
    }
    assert_eq!(tapped.tap_seconds.count - after.tap_seconds.count, 6);
    assert!(requests(&tapped, Api::Zoom, Some(503)) > requests(&after, Api::Zoom, Some(503)));

    // A feed nobody answers: counted with no status, the room reads offline.
    let unreachable = room_with(
        &sim,
        common::client(&sim, roomstart_sim::CLIENT_SECRET),
        |s| {
            s.sources = vec![CalendarSource::ics_url(
                "lobby",
                Secret::new("http://127.0.0.1:9/feed.ics"),
            )];
        },
    );
    unreachable.refresh(now()).await;
    let failed = metrics::tallies();
    assert_eq!(
        requests(&failed, Api::Feed, None) - requests(&tapped, Api::Feed, None),
        1
    );
    let errors = |t: &Tallies| {
        t.calendar_errors
            .get(&("lobby".to_string(), CalendarErrorKind::Unreachable))
            .copied()
            .unwrap_or(0)
    };
    assert_eq!(errors(&failed) - errors(&tapped), 1);
    let health = unreachable.health(now()).await;
    assert_eq!(health.state, RoomState::Offline);
    assert_eq!(health.calendars, [("lobby".to_string(), None)]);

    // And as the file says it.
    let text = metrics::text::render(&Sample::new("test", health, Vec::new()), &failed);
    for line in [
        r#"roomstart_room_state{state="offline"} 1"#,
        r#"roomstart_calendar_last_success_timestamp_seconds{source="lobby"} 0"#,
        r#"roomstart_api_requests_total{api="feed",code="none"} "#,
        r#"roomstart_calendar_errors_total{source="lobby",kind="unreachable"} "#,
        r#"roomstart_taps_total{action="start",result="error"} "#,
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
}

//! Issue 20's second round of attacks on the room, each through the room's
//! one API over loopback, as the window and the CLI call it: Start rests on
//! Zoom's schedule and `now`, never on the invite's span or an organizer
//! nobody vouches for; dial-in's passcode obeys the same rule; and the screen
//! stays honest and small whatever the invites say.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{now, room_with, sim};
use roomstart_core::calendar::graph::GraphSource;
use roomstart_core::calendar::CalendarSource;
use roomstart_core::room::agenda::StartDecision;
use roomstart_core::room::view::RoomState;
use roomstart_core::room::{StartError, StartVia};
use roomstart_core::Secret;
use roomstart_sim::{
    LinkStyle, Simulation, CLIENT_SECRET, DEMO_TITLES, GRAPH_CLIENT_ID, ROOM_MAILBOX, TENANT_ID,
};

const DESIGN_REVIEW: &str = "https://us06web.zoom.us/j/81234567890?pwd=ZGVzaWduLXJldmlldy1kZW1vLTI";

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// An invite anyone could send the room, `minutes` long from `start`.
fn invite(
    sim: &Simulation,
    uid: &str,
    title: &str,
    start: DateTime<Utc>,
    minutes: i64,
    body: &str,
) {
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{now}\r\nDTSTART:{start}\r\nDTEND:{end}\r\n\
         SUMMARY:{title}\r\nDESCRIPTION:Join Zoom Meeting\\n{body}\r\nEND:VEVENT\r\n",
        now = stamp(now()),
        start = stamp(start),
        end = stamp(start + Duration::minutes(minutes)),
    ));
}

fn key_of(view: &roomstart_core::room::view::RoomView, title: &str) -> String {
    view.events
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| panic!("{title} is on the screen"))
        .key
        .clone()
}

/// Item 1: an invite from now until tonight, carrying the link of a meeting
/// Zoom schedules two hours from now, got Start now (its ZAK reached the opener).
#[tokio::test]
async fn a_long_invite_does_not_borrow_a_meeting_zoom_schedules_later() {
    let sim = sim(LinkStyle::Zoom).await;
    invite(
        &sim,
        "long@evil.example",
        "All evening",
        now(),
        14 * 60,
        DESIGN_REVIEW,
    );
    let room = common::room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let key = key_of(&room.view(now()).await, "All evening");

    let refused = room.start(&key, now()).await.unwrap_err();
    assert!(
        matches!(refused, StartError::NotConfirmed(_)),
        "{refused:?}"
    );
    assert!(room.opened().is_empty(), "no start link reached the opener");

    // When Zoom has the design review starting, the invite that covers it may start it.
    let then = now() + Duration::minutes(110);
    room.refresh(then).await;
    let key = key_of(&room.view(then).await, "All evening");
    room.start(&key, then).await.unwrap();
    assert_eq!(room.opened().len(), 1);
}

fn graph(sim: &Simulation) -> CalendarSource {
    let (graph_base, login_base) = sim.graph_bases();
    let mut source = GraphSource::new(
        "aurora".into(),
        TENANT_ID.into(),
        GRAPH_CLIENT_ID.into(),
        Secret::new(CLIENT_SECRET),
        ROOM_MAILBOX.into(),
    );
    source.graph_base = graph_base.parse().unwrap();
    source.login_base = login_base.parse().unwrap();
    CalendarSource::Graph(Box::new(source))
}

/// Item 2: with `host_users = ["*"]`, an ICS feed's ORGANIZER (whatever the
/// sender typed) earned Start for any meeting of the account. Such events are
/// now join-only; a Graph or Google room, whose calendar vouches, still starts.
#[tokio::test]
async fn with_every_user_as_host_an_ics_organizer_earns_no_start() {
    let sim = sim(LinkStyle::Zoom).await;
    let everyone = |s: &mut roomstart_core::room::RoomSetup| {
        let zoom = s.zoom.as_mut().unwrap();
        zoom.host_users = vec!["*".into()];
        zoom.start_via = StartVia::Https;
    };
    let on_ics = room_with(&sim, common::client(&sim, CLIENT_SECRET), everyone);
    on_ics.refresh(now()).await;
    let view = on_ics.view(now()).await;
    let sync = view
        .events
        .iter()
        .find(|e| e.title == DEMO_TITLES[0])
        .unwrap();
    assert!(!sync.can_start, "{sync:?}");
    assert_eq!(
        sync.note.as_deref(),
        Some("This calendar cannot confirm who sent the invite: join only")
    );
    assert!(sync.can_join);
    let refused = on_ics.start(&sync.key, now()).await.unwrap_err();
    assert!(
        matches!(
            refused,
            StartError::NotAllowed(StartDecision::OrganizerNotVouched)
        ),
        "{refused:?}"
    );
    assert!(on_ics.opened().is_empty());

    let on_graph = room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        everyone(s);
        s.sources = vec![graph(&sim)];
    });
    on_graph.refresh(now()).await;
    let key = key_of(&on_graph.view(now()).await, DEMO_TITLES[0]);
    on_graph.start(&key, now()).await.unwrap();
    assert_eq!(on_graph.opened().len(), 1);
}

/// Item 3: dial-in never ran the confirmation or looked at the time, so an
/// invite for later (or one under `"*"`) revealed the phone passcode.
#[tokio::test]
async fn dial_in_reveals_a_passcode_only_when_start_would_be_allowed() {
    let sim = sim(LinkStyle::Zoom).await;
    invite(
        &sim,
        "later@evil.example",
        "Borrowed later",
        now() + Duration::hours(5),
        60,
        DESIGN_REVIEW,
    );
    invite(
        &sim,
        "now@evil.example",
        "Borrowed now",
        now() - Duration::minutes(5),
        60,
        DESIGN_REVIEW,
    );
    let room = room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.screen.dial_in = true;
        s.screen.dial_in_numbers = vec!["+1 646 558 8656".into()];
    });
    room.refresh(now()).await;
    let view = room.view(now()).await;

    let on_now = room
        .dial_in(&key_of(&view, DEMO_TITLES[0]), now())
        .await
        .unwrap();
    assert_eq!(on_now.passcode.as_deref(), Some("482913"));

    for title in ["Borrowed later", "Borrowed now"] {
        let shown = room.dial_in(&key_of(&view, title), now()).await.unwrap();
        assert_eq!(shown.meeting_id, "812 3456 7890", "{title}");
        assert_eq!(
            shown.passcode, None,
            "{title}: no passcode for a borrowed link"
        );
        assert_eq!(shown.numbers, ["+1 646 558 8656"]);
    }
}

/// Items 6 and 7: a week-long invite held the big card and made the band say
/// "Busy until" next week; a 32 KiB UID rode in every instance's key.
#[tokio::test]
async fn the_screen_stays_honest_and_small_whatever_the_invites_say() {
    let sim = sim(LinkStyle::Zoom).await;
    invite(
        &sim,
        "week@evil.example",
        "Offsite week",
        now() - Duration::days(1),
        7 * 24 * 60,
        DESIGN_REVIEW,
    );
    let uid = format!("{}@evil.example", "u".repeat(30 * 1024));
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{at}\r\nDTSTART:{at}\r\nDURATION:PT5M\r\n\
         RRULE:FREQ=MINUTELY;INTERVAL=10;COUNT=400\r\nSUMMARY:Every ten minutes\r\nEND:VEVENT\r\n",
        at = stamp(now() + Duration::minutes(30)),
    ));
    let room = common::room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let view = room.view(now()).await;

    assert_eq!(
        view.events[0].title, DEMO_TITLES[0],
        "the meeting on now has the card"
    );
    assert_eq!(view.status.state, RoomState::Busy);
    assert!(
        view.status.minutes.unwrap() <= 60,
        "busy until the sync ends, not next week: {:?}",
        view.status
    );
    assert!(view.events.iter().all(|e| e.key.len() == 32));
    let json = serde_json::to_vec(&view).unwrap();
    assert!(view.events.len() <= 200);
    assert!(json.len() < 256 * 1024, "{} bytes", json.len());
}

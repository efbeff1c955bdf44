//! Invites built to hurt the room, sent to its feed over HTTP: they must not
//! freeze the screen or earn a Start that Zoom's own record does not confirm.

mod common;

use chrono::Duration;
use common::{now, room, room_with, sim};
use roomstart_core::room::view::MessageKind;
use roomstart_core::room::StartError;
use roomstart_sim::{LinkStyle, Simulation, CLIENT_SECRET};

/// A VEVENT as anyone's mail client might send the room.
fn invite(
    sim: &Simulation,
    uid: &str,
    title: &str,
    minutes_from_now: i64,
    link: &str,
    extra: &str,
) {
    let at = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let start = now() + Duration::minutes(minutes_from_now);
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp}\r\nDTSTART:{start}\r\nDTEND:{end}\r\n\
         SUMMARY:{title}\r\nDESCRIPTION:Join Zoom Meeting\\n{link}\r\n{extra}END:VEVENT\r\n",
        stamp = at(now()),
        start = at(start),
        end = at(start + Duration::minutes(60)),
    ));
}

#[tokio::test]
async fn a_meeting_number_with_leading_zeros_is_no_meeting_and_the_screen_still_draws() {
    let sim = sim(LinkStyle::Zoom).await;
    invite(
        &sim,
        "zeros@evil.example",
        "Zeros",
        0,
        "https://us06web.zoom.us/j/000000001?pwd=x",
        "",
    );
    invite(
        &sim,
        "zero@evil.example",
        "Zero",
        0,
        "https://us06web.zoom.us/j/0857463524",
        "",
    );
    let room = room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let view = room.view(now()).await;
    for title in ["Zeros", "Zero"] {
        let e = view.events.iter().find(|e| e.title == title).expect(title);
        assert!(!e.can_start, "{e:?}");
        assert_eq!(e.meeting_number, None, "{e:?}");
    }
}

#[tokio::test]
async fn an_invite_now_with_the_link_of_a_later_meeting_does_not_start_it() {
    let sim = sim(LinkStyle::Zoom).await;
    // The design review is the account's, at 00:40; Mallory invites the room at 22:40.
    invite(
        &sim,
        "borrowed@evil.example",
        "Quick chat",
        0,
        "https://us06web.zoom.us/j/81234567890?pwd=ZGVzaWduLXJldmlldy1kZW1vLTI",
        "",
    );
    let room = room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let view = room.view(now()).await;
    let borrowed = view
        .events
        .iter()
        .find(|e| e.title == "Quick chat")
        .unwrap();
    let before = sim.requests("meeting");
    let refused = room.start(&borrowed.key, now()).await.unwrap_err();
    assert!(
        matches!(refused, StartError::NotConfirmed(_)),
        "{refused:?}"
    );
    assert_eq!(
        sim.requests("meeting") - before,
        1,
        "still one Get meeting per tap"
    );
    assert!(room.opened().is_empty(), "nothing was opened");
    assert!(sim.issued_start_urls().len() <= 1);
    let said = roomstart_core::room::view::PersonMessage::from(&refused);
    assert_eq!(said.kind, MessageKind::NotConfirmed);
    // The real meeting, at its own time, still starts.
    let key = room.sync_key().await;
    room.tap_start(&key).await.unwrap();
}

#[tokio::test]
async fn an_edited_cache_grants_no_start_and_the_cache_keeps_no_private_title() {
    let dir = std::env::temp_dir().join(format!("roomstart-tamper-{}", std::process::id()));
    let cache = dir.join("agenda.json");
    let sim = sim(LinkStyle::Zoom).await;
    invite(
        &sim,
        "private@x.example",
        "Layoffs planning",
        30,
        "",
        "CLASS:PRIVATE\r\n",
    );
    let with_cache = |s: &mut roomstart_core::room::RoomSetup| s.cache_file = Some(cache.clone());
    let first = room_with(&sim, common::client(&sim, CLIENT_SECRET), with_cache);
    first.refresh(now()).await;
    let saved = std::fs::read_to_string(&cache).unwrap();
    assert!(
        !saved.contains("Layoffs"),
        "a private title stays off the disk"
    );

    // Someone at the computer marks every event as hosted here, and the network goes.
    let mut edited: serde_json::Value = serde_json::from_str(&saved).unwrap();
    for e in edited["events"].as_array_mut().unwrap() {
        e["hosted_here"] = true.into();
    }
    std::fs::write(&cache, edited.to_string()).unwrap();
    drop(sim);
    let restarted = room_with(
        &common::sim(LinkStyle::Zoom).await,
        common::client_nowhere(),
        with_cache,
    );
    let view = restarted.view(now()).await;
    assert!(!view.events.is_empty());
    assert!(
        view.events.iter().all(|e| !e.can_start),
        "{:?}",
        view.events
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn join_opens_no_look_alike_of_another_service() {
    let sim = sim(LinkStyle::Zoom).await;
    for (uid, link) in [
        (
            "teams@evil.example",
            "https://teams.microsoft.com.evil.example/l/meetup-join/x",
        ),
        (
            "meet@evil.example",
            "https://meet.google.com.evil.example/abc-defg-hij",
        ),
        ("webex@evil.example", "https://evilwebex.com/meet/x"),
    ] {
        invite(&sim, uid, uid, 0, link, "");
    }
    invite(
        &sim,
        "teams@ok.example",
        "Real Teams",
        0,
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
        "",
    );
    let room = room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let view = room.view(now()).await;
    for uid in [
        "teams@evil.example",
        "meet@evil.example",
        "webex@evil.example",
    ] {
        let e = view.events.iter().find(|e| e.title == uid).unwrap();
        assert!(!e.can_join, "{e:?}");
        assert!(room.join(&e.key).await.is_err());
    }
    let teams = view
        .events
        .iter()
        .find(|e| e.title == "Real Teams")
        .unwrap();
    room.join(&teams.key).await.unwrap();
    assert_eq!(room.opened().len(), 1);
    assert!(room.opened()[0].starts_with("https://teams.microsoft.com/"));
}

/// The worst invite we could build: a series firing every minute, each
/// instance carrying a 200 KB description crowded with near-links.
fn exhausting_invite(sim: &Simulation) {
    let filler = "https://zoom.us/j/ http:/ zoommtg:/ ".repeat(200 * 1024 / 36);
    let start = now().format("%Y%m%dT%H%M%SZ");
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:flood@evil.example\r\nDTSTART:{start}\r\nDURATION:PT1M\r\n\
         RRULE:FREQ=MINUTELY;COUNT=5000\r\nSUMMARY:Flood\r\nDESCRIPTION:{filler}\r\nEND:VEVENT\r\n"
    ));
}

#[tokio::test]
async fn an_invite_built_to_exhaust_the_room_is_cut_down_to_size() {
    let sim = sim(LinkStyle::Zoom).await;
    exhausting_invite(&sim);
    let room = room(&sim, CLIENT_SECRET);
    room.refresh(now()).await;
    let view = room.view(now()).await;
    let floods = view.events.iter().filter(|e| e.title == "Flood").count();
    assert!(floods <= 200, "{floods} instances");
    // The room's real meetings are still there, and still start.
    let key = room.sync_key().await;
    room.tap_start(&key).await.unwrap();
}

#[tokio::test]
async fn a_feed_larger_than_the_ceiling_is_refused_with_a_clear_message() {
    let sim = sim(LinkStyle::Zoom).await;
    let huge = format!(
        "BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n",
        "X-FILL:y\r\n".repeat(2_200_000)
    );
    let url = sim.serve_feed(huge);
    let room = room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![roomstart_core::calendar::CalendarSource::ics_url(
            "huge",
            roomstart_core::Secret::new(url),
        )]
    });
    room.refresh(now()).await;
    let view = room.view(now()).await;
    let problem = &view.problems[0];
    assert_eq!(problem.kind, MessageKind::CalendarFailing);
    assert_eq!(problem.message, "The calendar “huge” could not be read.");
}

#[tokio::test]
async fn a_slow_calendar_never_holds_up_a_tap_or_the_screen() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = std::sync::Arc::new(room(&sim, CLIENT_SECRET));
    let key = room.sync_key().await;
    // The feed now takes 5 s to answer; a refresh starts and waits on it.
    sim.set_faults(roomstart_sim::Faults {
        feed_delay: Some(std::time::Duration::from_secs(5)),
        ..Default::default()
    });
    let refreshing = {
        let room = room.clone();
        tokio::spawn(async move { room.refresh(now()).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // The screen and a tap use the last agenda meanwhile.
    assert_eq!(room.view(now()).await.events.len(), 4);
    room.tap_start(&key).await.unwrap();
    assert!(
        !refreshing.is_finished(),
        "the tap did not wait for the refresh"
    );
    refreshing.await.unwrap();
}

#[tokio::test]
async fn thousands_of_invites_are_cut_to_what_a_screen_can_hold() {
    let sim = sim(LinkStyle::Zoom).await;
    let start = now().format("%Y%m%dT%H%M%SZ");
    let events: String = (0..3_000)
        .map(|i| format!("BEGIN:VEVENT\r\nUID:spam-{i}@evil.example\r\nDTSTART:{start}\r\nDURATION:PT30M\r\nSUMMARY:Spam {i}\r\nEND:VEVENT\r\n"))
        .collect();
    let url = sim.serve_feed(format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n"));
    let room = room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources
            .push(roomstart_core::calendar::CalendarSource::ics_url(
                "spam",
                roomstart_core::Secret::new(url),
            ))
    });
    room.refresh(now()).await;
    let view = room.view(now()).await;
    let spam = view
        .events
        .iter()
        .filter(|e| e.title.starts_with("Spam"))
        .count();
    // The agenda holds what one source may bring; the screen, what it can show.
    assert!(spam < roomstart_core::room::view::MAX_ROWS, "{spam}");
    assert_eq!(view.events[0].title, roomstart_sim::DEMO_TITLES[0]);
    let report = room
        .agenda_report(now(), now() + chrono::Duration::days(1), now())
        .await;
    let listed = report.events.iter().filter(|e| e.title.starts_with("Spam"));
    assert_eq!(listed.count(), roomstart_core::calendar::MAX_EVENTS);
}

#[tokio::test]
async fn thousands_of_broken_invites_are_reported_in_a_few_lines_not_lost() {
    let sim = sim(LinkStyle::Zoom).await;
    let events: String = (0..2_000)
        .map(|i| format!("BEGIN:VEVENT\r\nUID:broken-{i}@evil.example\r\nDTSTART:soon\r\nSUMMARY:Broken {i}\r\nEND:VEVENT\r\n"))
        .collect();
    let url = sim.serve_feed(format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n"));
    let room = room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources
            .push(roomstart_core::calendar::CalendarSource::ics_url(
                "spam",
                roomstart_core::Secret::new(url),
            ))
    });
    room.refresh(now()).await;
    let report = room
        .agenda_report(now(), now() + chrono::Duration::days(1), now())
        .await;
    assert_eq!(report.problems.len(), 51, "{:?}", &report.problems[..3]);
    assert!(report.problems[0].starts_with("spam: event at line"));
    assert_eq!(
        report.problems[50],
        "and 1950 more things the sources could not read (see the log)"
    );
    // The room's own calendar still reads, and the screen says nothing of it.
    let view = room.view(now()).await;
    assert!(view
        .events
        .iter()
        .any(|e| e.title == roomstart_sim::DEMO_TITLES[0]));
    assert!(view.problems.is_empty(), "{:?}", view.problems);
}

//! The room books itself, through `Room` as the window and the CLI call it,
//! against the Google and Graph fakes and the Zoom fake over loopback:
//! Book now, Extend, End early, conflicts in words, check-in and the release
//! of a no-show, the hourly limit, and Meet now with its QR code.

mod common;

use chrono::{DateTime, Duration, Utc};
use roomstart_core::metrics::{TapResult, WriteAction};
use roomstart_core::room::booking::{BookingSetup, CheckIn, Refusal};
use roomstart_core::room::view::{MessageKind, PersonMessage};
use roomstart_core::room::{BookingError, MeetNowError};
use roomstart_sim::{
    CalendarEdit, LinkStyle, Simulation, CLIENT_SECRET, DEMO_TITLES, HOST_EMAIL, HOST_ID,
};

use common::writable::{source, Vendor, VENDORS};

/// 22:40: "Weekly sync" (hosted here) has been on since 22:30 and ends at
/// 23:30; the whiteboard session starts at 23:40.
fn now() -> DateTime<Utc> {
    common::now()
}

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

/// A room on `vendor`'s calendar that books itself, checks in with the
/// defaults (5 min before, 10 after), and makes new meetings for the host.
async fn room(vendor: Vendor) -> (Simulation, common::TestRoom) {
    let sim = common::sim(LinkStyle::Zoom).await;
    let client = common::client(&sim, CLIENT_SECRET);
    let room = common::room_with(&sim, client, |setup| {
        setup.sources = vec![source(&sim, vendor)];
        setup.booking = BookingSetup {
            enabled: true,
            check_in: Some(CheckIn::default()),
            ledger_file: None,
        };
        if let Some(zoom) = setup.zoom.as_mut() {
            zoom.room_user = Some(HOST_EMAIL.into());
        }
        setup.screen.dial_in_numbers = vec!["+44 20 3481 5240".into()];
    });
    room.refresh(now()).await;
    (sim, room)
}

fn shown(view: &roomstart_core::room::view::RoomView, title: &str) -> Option<(String, String)> {
    view.events
        .iter()
        .find(|e| e.title == title)
        .map(|e| (e.start.clone(), e.end.clone()))
}

#[tokio::test]
async fn end_early_then_book_now_then_extend_each_written_and_confirmed_by_a_read() {
    for vendor in VENDORS {
        let (sim, room) = room(vendor).await;
        let view = room.view(now()).await;
        let booking = view.booking.clone().expect("the room books itself");
        assert!(booking.book.is_empty(), "{vendor:?}: a meeting is on");
        assert_eq!(
            booking.current_key.as_deref(),
            Some(view.events[0].key.as_str())
        );
        // The whiteboard session at 23:40 leaves no room after 23:30 to extend into.
        assert!(booking.extend_minutes.is_empty(), "{vendor:?}");
        assert!(booking.can_end_early);

        let ended = room.end_early(now()).await.unwrap();
        assert_eq!(ended.end, now());
        // Shown at once, before any read.
        let view = room.view(now()).await;
        assert!(
            shown(&view, DEMO_TITLES[0]).is_none(),
            "{vendor:?}: {view:?}"
        );
        let options = |view: &roomstart_core::room::view::RoomView| -> Vec<(u32, Option<String>)> {
            view.booking
                .as_ref()
                .unwrap()
                .book
                .iter()
                .map(|c| (c.minutes, c.until.clone()))
                .collect()
        };
        assert_eq!(
            options(&view),
            [(15, None), (30, None), (60, None)],
            "{vendor:?}"
        );
        let view = room.view(now() + minutes(5)).await;
        let choices: Vec<(u32, Option<String>)> = view
            .booking
            .as_ref()
            .unwrap()
            .book
            .iter()
            .map(|c| (c.minutes, c.until.clone()))
            .collect();
        // An hour would run into the 23:40 session: it is offered until then.
        assert_eq!(
            choices,
            [(15, None), (30, None), (60, Some("23:40".into()))],
            "{vendor:?}"
        );

        let booked = room
            .book_now(30, now() + Duration::seconds(20))
            .await
            .unwrap();
        assert_eq!((booked.start, booked.end), (now(), now() + minutes(30)));
        let extended = room.extend(15, now() + minutes(1)).await.unwrap();
        assert_eq!(extended.end, now() + minutes(45));
        assert_eq!(
            extended.key, booked.key,
            "{vendor:?}: the walk-up was extended"
        );

        // A read of the calendar confirms all three writes.
        room.refresh(now() + minutes(2)).await;
        let view = room.view(now() + minutes(2)).await;
        let walk_up = view
            .events
            .iter()
            .find(|e| e.key == booked.key)
            .unwrap_or_else(|| panic!("{vendor:?}: the walk-up is on the calendar: {view:?}"));
        assert_eq!(walk_up.title, "Walk-up meeting");
        assert!(
            walk_up.end.contains("T23:25:00"),
            "{vendor:?}: {}",
            walk_up.end
        );
        assert!(
            shown(&view, DEMO_TITLES[0]).is_none(),
            "{vendor:?}: the sync stays ended"
        );
        let kinds: Vec<&str> = sim.calendar_writes().iter().map(|w| w.kind).collect();
        assert_eq!(kinds, ["set_end", "book", "set_end"], "{vendor:?}");
    }
    // Each write is counted for the metrics (process-wide: other tests add to it).
    let tallies = roomstart_core::metrics::tallies();
    let counted = |action| {
        tallies
            .writes
            .get(&(action, TapResult::Ok))
            .copied()
            .unwrap_or(0)
    };
    assert!(counted(WriteAction::BookNow) >= 2 && counted(WriteAction::Extend) >= 2);
    let health = roomstart_core::metrics::RoomHealth {
        state: roomstart_core::metrics::RoomState::Free,
        calendars: Vec::new(),
    };
    let sample = roomstart_core::metrics::Sample::new("test", health, Vec::new());
    assert!(roomstart_core::metrics::text::render(&sample, &tallies)
        .contains("roomstart_writes_total{action=\"book_now\",result=\"ok\"}"));
}

#[tokio::test]
async fn a_change_made_elsewhere_is_a_conflict_in_words_and_nothing_is_lost() {
    for vendor in VENDORS {
        let (sim, room) = room(vendor).await;
        // Someone renames the meeting after the room last read it.
        sim.edit_calendar(
            "demo-sync@roomstart.test",
            CalendarEdit::Retitle("Weekly sync (moved agenda)".into()),
        );
        let refused = room.end_early(now()).await.unwrap_err();
        assert!(
            matches!(refused, BookingError::Write(_)),
            "{vendor:?}: {refused:?}"
        );
        let said = PersonMessage::from(&refused);
        assert_eq!(said.kind, MessageKind::Conflict, "{vendor:?}");
        assert!(said.message.contains("changed since"), "{}", said.message);
        // Nothing was written; the next read brings the new version, and then it works.
        assert!(sim.calendar_writes().is_empty());
        room.refresh(now()).await;
        room.end_early(now()).await.unwrap();

        // Extend only into time that is free when the room writes: a booking
        // made since the room's last read takes it.
        let (sim, room) = self::room(vendor).await;
        room.end_early(now()).await.unwrap();
        room.book_now(15, now()).await.unwrap();
        sim.add_recurring("late-booking", "Someone's 1:1", now() + minutes(20), 30, 1);
        let refused = room.extend(15, now() + minutes(1)).await.unwrap_err();
        let said = PersonMessage::from(&refused);
        assert_eq!(said.kind, MessageKind::Conflict, "{vendor:?}: {refused:?}");
        assert!(
            said.message.contains("Someone else booked"),
            "{}",
            said.message
        );
    }
}

#[tokio::test]
async fn a_no_show_is_released_once_and_only_its_occurrence_a_checked_in_one_is_kept() {
    for vendor in VENDORS {
        let (sim, room) = room(vendor).await;
        // 22:40 is 10 minutes after the sync's start: Check in is still offered.
        let view = room.view(now()).await;
        assert!(view.events[0].can_check_in, "{vendor:?}");
        room.poll(now()).await;
        assert!(
            sim.calendar_writes().is_empty(),
            "{vendor:?}: not released yet"
        );

        // A minute later nobody has checked in: the room declines that occurrence.
        room.poll(now() + minutes(1)).await;
        let writes = sim.calendar_writes();
        assert_eq!(writes.len(), 1, "{vendor:?}: {writes:?}");
        assert_eq!(writes[0].kind, "decline");
        assert!(writes[0]
            .comment
            .contains("nobody checked in within 10 minutes"));
        let view = room.view(now() + minutes(1)).await;
        assert!(shown(&view, DEMO_TITLES[0]).is_none(), "{vendor:?}");
        // Released once: later rounds do not try again.
        room.poll(now() + minutes(3)).await;
        assert_eq!(sim.calendar_writes().len(), 1, "{vendor:?}");
        // The room reads it as released too.
        room.refresh(now() + minutes(4)).await;
        assert!(shown(&room.view(now() + minutes(4)).await, DEMO_TITLES[0]).is_none());

        // Checked in (or started, or joined): kept.
        let (sim, room) = self::room(vendor).await;
        let checked = room.check_in(None, now()).await.unwrap();
        assert_eq!(checked.start, now() - minutes(10));
        assert!(!room.view(now()).await.events[0].can_check_in);
        room.poll(now() + minutes(15)).await;
        assert!(
            sim.calendar_writes().is_empty(),
            "{vendor:?}: checked in, kept"
        );
    }
}

#[tokio::test]
async fn starting_the_meeting_checks_it_in() {
    let (sim, room) = room(Vendor::Graph).await;
    let key = room.view(now()).await.events[0].key.clone();
    room.start(&key, now()).await.unwrap();
    room.poll(now() + minutes(15)).await;
    assert!(sim.calendar_writes().is_empty());
}

#[tokio::test]
async fn a_booking_of_eight_hours_is_never_released() {
    let (sim, room) = room(Vendor::Google).await;
    sim.add_recurring(
        "offsite",
        "Offsite (all of it)",
        now() - minutes(30),
        8 * 60,
        1,
    );
    room.refresh(now()).await;
    room.check_in(None, now()).await.unwrap();
    room.poll(now() + minutes(60)).await;
    assert!(
        sim.calendar_writes().is_empty(),
        "{:?}",
        sim.calendar_writes()
    );
}

#[tokio::test]
async fn six_writes_an_hour_then_the_room_says_to_wait() {
    let (_sim, room) = room(Vendor::Graph).await;
    let at = |m: i64| now() + minutes(m);
    room.end_early(at(0)).await.unwrap();
    room.book_now(15, at(0)).await.unwrap();
    room.extend(15, at(1)).await.unwrap();
    room.extend(15, at(2)).await.unwrap();
    room.extend(15, at(3)).await.unwrap();
    room.end_early(at(4)).await.unwrap();
    assert_eq!(room.view(at(5)).await.booking.unwrap().writes_left, 0);
    let refused = room.book_now(15, at(5)).await.unwrap_err();
    assert!(matches!(refused, BookingError::TooManyWrites { next_at } if next_at == at(60)));
    let said = PersonMessage::from(&refused);
    assert_eq!(said.kind, MessageKind::TooManyWrites);
    // Check-in is not a write: it is never refused for the limit.
    // The two writes of 22:40 are an hour old at 23:40.
    assert_eq!(room.view(at(60)).await.booking.unwrap().writes_left, 2);
}

#[tokio::test]
async fn meet_now_creates_starts_as_host_books_the_room_with_the_link_and_shows_a_qr_code() {
    for vendor in VENDORS {
        let (sim, room) = room(vendor).await;
        room.end_early(now()).await.unwrap();
        let made = room.meet_now(30, now()).await.unwrap();
        let created = sim.created_meetings();
        assert_eq!(created.len(), 1, "{vendor:?}");
        // The fresh start link went to the opener, and nowhere else.
        let opened = room.opened();
        assert_eq!(opened.len(), 1);
        assert!(
            opened[0].contains(&format!("/s/{}", created[0].id)),
            "{}",
            opened[0]
        );
        assert_eq!(sim.issued_start_urls().last(), Some(&opened[0]));
        assert_eq!(made.meeting_id.replace(' ', ""), created[0].id.to_string());
        assert!(made
            .passcode
            .as_deref()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit())));
        assert_eq!(made.numbers, ["+44 20 3481 5240"]);
        assert_eq!(made.booked_until.as_deref(), Some("23:10"), "{vendor:?}");
        // The QR code scans to the meeting's join link.
        let scanned = decode(&made.qr);
        assert!(
            scanned.starts_with("https://us06web.zoom.us/j/"),
            "{scanned}"
        );
        assert!(scanned.contains(&created[0].id.to_string()));
        // The room's booking carries the link: the calendar has it, and Join on the screen.
        room.refresh(now() + minutes(1)).await;
        let view = room.view(now() + minutes(1)).await;
        let walk_up = view
            .events
            .iter()
            .find(|e| e.title == "Walk-up meeting")
            .unwrap();
        assert!(walk_up.can_join, "{vendor:?}: {walk_up:?}");
        assert_eq!(
            walk_up.meeting_number.as_deref(),
            Some(made.meeting_id.as_str())
        );
    }
}

#[tokio::test]
async fn meet_now_refusals_say_why() {
    let (sim, room) = room(Vendor::Graph).await;
    sim.set_creates_today(HOST_ID, roomstart_sim::CREATES_PER_USER_PER_DAY);
    let refused = room.meet_now(30, now()).await.unwrap_err();
    let said = PersonMessage::from(&refused);
    assert_eq!(said.kind, MessageKind::RateLimited, "{refused:?}");
    assert!(
        said.message.contains("resets at 00:00 GMT"),
        "{}",
        said.message
    );
    assert!(room.opened().is_empty());

    let (sim, room) = self::room(Vendor::Graph).await;
    sim.set_faults(roomstart_sim::Faults {
        scopes: Some("meeting:read:admin user:read:token:admin".into()),
        ..Default::default()
    });
    // The token the room holds was minted before: the next one lacks the scope.
    sim.revoke_tokens();
    let refused = room.meet_now(30, now()).await.unwrap_err();
    assert!(matches!(refused, MeetNowError::Zoom(_)));
    let said = PersonMessage::from(&refused);
    assert_eq!(said.kind, MessageKind::Scope);
    assert!(said.message.contains("meeting:write"), "{}", said.message);

    // A meeting is on: the meeting is made and started, the room is not booked, and says so.
    let (_sim, room) = self::room(Vendor::Graph).await;
    let made = room.meet_now(15, now()).await.unwrap();
    assert_eq!(made.booked_until, None);
    let why = made.not_booked.expect("says why the room was not booked");
    assert_eq!(why.kind, MessageKind::NotNow);
}

#[tokio::test]
async fn an_ics_room_offers_no_booking_and_refuses_it_in_words() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |setup| {
        setup.booking = BookingSetup {
            enabled: true,
            check_in: Some(CheckIn::default()),
            ledger_file: None,
        };
    });
    room.refresh(now()).await;
    let view = room.view(now()).await;
    assert!(view.booking.is_none());
    assert!(view.events.iter().all(|e| !e.can_check_in));
    let refused = room.end_early(now()).await.unwrap_err();
    assert!(matches!(refused, BookingError::ReadOnlyCalendar));
    assert_eq!(PersonMessage::from(&refused).kind, MessageKind::ReadOnly);
    // Nobody checks in on a feed, and nothing is released.
    room.poll(now() + minutes(30)).await;
    assert!(matches!(
        room.check_in(None, now()).await.unwrap_err(),
        BookingError::Refused(Refusal::NotCheckInTime)
    ));
}

fn decode(qr: &roomstart_core::qr::QrCode) -> String {
    const SCALE: usize = 4;
    let side = qr.size as usize * SCALE;
    let mut pixels = vec![255u8; side * side];
    for run in qr.path.split('z').filter(|r| !r.is_empty()) {
        let n: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        for y in n[1] * SCALE..(n[1] + 1) * SCALE {
            for x in n[0] * SCALE..(n[0] + n[2]) * SCALE {
                pixels[y * side + x] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    image.detect_grids()[0].decode().unwrap().1
}

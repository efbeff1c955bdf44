//! Writing the room's calendar on Google and Graph against the fakes over
//! loopback: each write shows in the room's next read (full and incremental),
//! a stale etag is a conflict, and credentials that may only read say so.

mod common;

use chrono::{DateTime, Duration, Utc};
use roomstart_core::calendar::write::{NewBooking, WriteAccess, WriteError};
use roomstart_core::calendar::{CalendarEvent, CalendarSource, Reading};
use roomstart_core::http::HttpClients;
use roomstart_core::Secret;
use roomstart_sim::{CalendarEdit, LinkStyle, Simulation, DEMO_TITLES};

use common::writable::{source, Vendor, VENDORS};

/// A room reading its calendar: the refresh loop's incremental reads, or one look.
struct Room {
    sim: Simulation,
    source: CalendarSource,
    http: HttpClients,
    now: DateTime<Utc>,
}

impl Room {
    async fn new(vendor: Vendor) -> Room {
        let sim = common::sim(LinkStyle::Zoom).await;
        let now = common::now();
        // A daily stand-up, three occurrences, the first later today.
        sim.add_recurring("standup", "Stand-up", now + Duration::hours(5), 15, 3);
        Room {
            source: source(&sim, vendor),
            sim,
            http: HttpClients::new(),
            now,
        }
    }

    fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.now - Duration::hours(12), self.now + Duration::days(3))
    }

    /// What the room would show: events neither cancelled nor declined by it.
    async fn read(&self, reading: Reading) -> Vec<CalendarEvent> {
        let parsed = self
            .source
            .fetch(&self.http, chrono_tz::UTC, self.window(), reading)
            .await
            .unwrap();
        let mut events: Vec<_> = parsed.events.into_iter().filter(|e| !e.cancelled).collect();
        events.sort_by_key(|e| e.start);
        events
    }

    async fn event(&self, title: &str) -> CalendarEvent {
        let events = self.read(Reading::Once).await;
        events.into_iter().find(|e| e.title == title).unwrap()
    }

    fn client(&self) -> &reqwest::Client {
        &self.http.api
    }
}

#[tokio::test]
async fn a_booking_shows_in_the_next_read_full_and_incremental() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        room.read(Reading::Follow).await;
        let booking = NewBooking {
            title: "Walk-up meeting".into(),
            start: room.now + Duration::minutes(50),
            end: room.now + Duration::minutes(80),
            body: "Booked at the room".into(),
            link: String::new(),
        };
        let written = room.source.book(room.client(), &booking).await.unwrap();
        assert!(!written.etag.is_empty(), "{vendor:?}");
        for reading in [Reading::Follow, Reading::Once] {
            let events = room.read(reading).await;
            let booked = events.iter().find(|e| e.uid == written.id);
            let booked = booked.unwrap_or_else(|| panic!("{vendor:?} {reading:?}: {events:?}"));
            assert_eq!(booked.title, "Walk-up meeting");
            assert_eq!((booked.start, booked.end), (booking.start, booking.end));
            assert_eq!(booked.etag, written.etag, "{vendor:?} {reading:?}");
        }
        let writes = room.sim.calendar_writes();
        assert_eq!(writes.len(), 1, "{vendor:?}");
        assert_eq!(writes[0].kind, "book");
        assert_eq!(writes[0].event_id, written.id);
    }
}

#[tokio::test]
async fn a_new_end_shows_in_the_next_read_with_a_new_etag() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        room.read(Reading::Follow).await;
        let whiteboard = room.event(DEMO_TITLES[1]).await;
        let end = whiteboard.end + Duration::minutes(15);
        let written = room
            .source
            .set_end(room.client(), &whiteboard.uid, &whiteboard.etag, end)
            .await
            .unwrap();
        assert_eq!(written.id, whiteboard.uid, "{vendor:?}");
        assert_ne!(written.etag, whiteboard.etag, "{vendor:?}: a new version");
        for reading in [Reading::Follow, Reading::Once] {
            let events = room.read(reading).await;
            let moved = events.iter().find(|e| e.uid == whiteboard.uid).unwrap();
            assert_eq!(
                (moved.start, moved.end),
                (whiteboard.start, end),
                "{vendor:?}"
            );
            assert_eq!(moved.etag, written.etag);
        }
        assert_eq!(room.sim.calendar_writes()[0].end, Some(end));
    }
}

#[tokio::test]
async fn a_write_naming_a_version_changed_since_is_refused() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        let whiteboard = room.event(DEMO_TITLES[1]).await;
        room.sim.edit_calendar(
            "demo-whiteboard@roomstart.test",
            CalendarEdit::Retitle("Whiteboard session (moved up)".into()),
        );
        let end = whiteboard.end + Duration::minutes(15);
        let err = room
            .source
            .set_end(room.client(), &whiteboard.uid, &whiteboard.etag, end)
            .await
            .unwrap_err();
        assert!(matches!(err, WriteError::Changed), "{vendor:?}: {err:?}");
        assert!(room.sim.calendar_writes().is_empty());
        let fresh = room.event("Whiteboard session (moved up)").await;
        assert_eq!(fresh.end, whiteboard.end, "{vendor:?}: nothing was lost");
    }
    // Google checks the version the room read before it declines too.
    let room = Room::new(Vendor::Google).await;
    let standup = room.event("Stand-up").await;
    room.sim.edit_calendar(
        &format!(
            "standup_{}@roomstart.test",
            standup.start.format("%Y%m%dT%H%M%SZ")
        ),
        CalendarEdit::Retitle("Stand-up (short)".into()),
    );
    let err = room
        .source
        .release(room.client(), &standup.uid, &standup.etag, "Nobody came")
        .await
        .unwrap_err();
    assert!(matches!(err, WriteError::Changed), "{err:?}");
}

#[tokio::test]
async fn releasing_one_occurrence_takes_only_it_off_the_room() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        let before = room.read(Reading::Follow).await;
        let standups: Vec<_> = before.iter().filter(|e| e.title == "Stand-up").collect();
        assert_eq!(standups.len(), 3, "{vendor:?}");
        let second = standups[1];
        room.source
            .release(room.client(), &second.uid, &second.etag, "Nobody came")
            .await
            .unwrap();
        for reading in [Reading::Follow, Reading::Once] {
            let after = room.read(reading).await;
            let left: Vec<_> = after.iter().filter(|e| e.title == "Stand-up").collect();
            assert_eq!(left.len(), 2, "{vendor:?} {reading:?}: {after:?}");
            assert!(left.iter().all(|e| e.uid != second.uid));
            assert_eq!(
                after.len(),
                before.len() - 1,
                "{vendor:?}: nothing else moved"
            );
        }
        let writes = room.sim.calendar_writes();
        assert_eq!(writes.len(), 1);
        assert_eq!(
            (
                writes[0].kind,
                writes[0].event_id.as_str(),
                writes[0].comment.as_str()
            ),
            ("decline", second.uid.as_str(), "Nobody came"),
            "{vendor:?}"
        );
    }
}

#[tokio::test]
async fn credentials_that_may_only_read_are_told_apart_without_writing() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        assert!(room.source.writable());
        assert_eq!(
            room.source.write_access(room.client()).await.unwrap(),
            WriteAccess::CanWrite,
            "{vendor:?}"
        );
        room.sim.calendar_read_only(true);
        let whiteboard = room.event(DEMO_TITLES[1]).await;
        let booking = NewBooking {
            title: "Walk-up meeting".into(),
            start: room.now,
            end: room.now + Duration::minutes(30),
            body: String::new(),
            link: String::new(),
        };
        let err = room.source.book(room.client(), &booking).await.unwrap_err();
        assert!(matches!(err, WriteError::NotAllowed), "{vendor:?}: {err:?}");
        let err = room
            .source
            .set_end(
                room.client(),
                &whiteboard.uid,
                &whiteboard.etag,
                whiteboard.end,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, WriteError::NotAllowed), "{vendor:?}: {err:?}");
        let WriteAccess::ReadOnly(why) = room.source.write_access(room.client()).await.unwrap()
        else {
            panic!("{vendor:?}: read-only credentials");
        };
        let named = match vendor {
            Vendor::Google => "reader",
            Vendor::Graph => "Calendars.ReadWrite",
        };
        assert!(why.contains(named), "{vendor:?}: {why}");
        assert!(room.sim.calendar_writes().is_empty());
    }
}

#[tokio::test]
async fn google_without_the_write_scope_may_not_write() {
    let room = Room::new(Vendor::Google).await;
    let CalendarSource::Google(mut google) = source(&room.sim, Vendor::Google) else {
        unreachable!()
    };
    google.writes = false;
    let source = CalendarSource::Google(google);
    let whiteboard = room.event(DEMO_TITLES[1]).await;
    let err = source
        .set_end(room.client(), &whiteboard.uid, &whiteboard.etag, room.now)
        .await
        .unwrap_err();
    assert!(matches!(err, WriteError::NotAllowed), "{err:?}");
    assert_eq!(
        source.write_access(room.client()).await.unwrap(),
        WriteAccess::CanWrite,
        "the scope is granted when asked for; the reads' token simply lacks it"
    );
}

#[tokio::test]
async fn busy_reads_the_slot_fresh() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        let sync = room.event(DEMO_TITLES[0]).await;
        let busy = room
            .source
            .busy(room.client(), room.now, room.now + Duration::minutes(30))
            .await
            .unwrap();
        assert_eq!(busy.len(), 1, "{vendor:?}: {busy:?}");
        assert_eq!(
            (busy[0].id.as_str(), busy[0].start, busy[0].end),
            (sync.uid.as_str(), sync.start, sync.end)
        );
        // Released, the slot is free.
        room.source
            .release(room.client(), &sync.uid, &sync.etag, "Nobody came")
            .await
            .unwrap();
        let busy = room
            .source
            .busy(room.client(), room.now, room.now + Duration::minutes(30))
            .await
            .unwrap();
        assert!(busy.is_empty(), "{vendor:?}: {busy:?}");
    }
}

#[tokio::test]
async fn an_ics_feed_is_read_only() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let http = HttpClients::new();
    let feed = CalendarSource::ics_url("aurora", Secret::new(sim.calendar_url()));
    assert!(!feed.writable());
    let WriteAccess::ReadOnly(why) = feed.write_access(&http.api).await.unwrap() else {
        panic!("a feed cannot be written");
    };
    assert!(why.contains("ICS"), "{why}");
    let booking = NewBooking {
        title: "Walk-up meeting".into(),
        start: common::now(),
        end: common::now() + Duration::minutes(30),
        body: String::new(),
        link: String::new(),
    };
    let err = feed.book(&http.api, &booking).await.unwrap_err();
    assert!(matches!(err, WriteError::ReadOnly), "{err:?}");
    let err = feed
        .release(&http.api, "x", "", "Nobody came")
        .await
        .unwrap_err();
    assert!(matches!(err, WriteError::ReadOnly), "{err:?}");
    assert_eq!(sim.requests("calendar"), 0, "nothing was asked of the feed");
}

#[tokio::test]
async fn writes_count_against_the_vendors_rate_limits() {
    for vendor in VENDORS {
        let room = Room::new(vendor).await;
        let whiteboard = room.event(DEMO_TITLES[1]).await;
        // From now on the identity has no requests left.
        room.sim.enforce_quotas(roomstart_sim::quota::Limits {
            google_user_per_minute: 0,
            graph_mailbox_per_10_minutes: 0,
            ..roomstart_sim::quota::Limits::zoom_pro()
        });
        let err = room
            .source
            .set_end(room.client(), &whiteboard.uid, &whiteboard.etag, room.now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, WriteError::RateLimited { .. }),
            "{vendor:?}: {err:?}"
        );
        assert!(room.sim.calendar_writes().is_empty());
    }
}

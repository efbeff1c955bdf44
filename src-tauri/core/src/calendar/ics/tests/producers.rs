//! Calendars written the way Outlook/Exchange, Google, Apple and Nextcloud
//! export them, checked instance by instance.

use super::*;

/// Written the way Outlook/Exchange exports: Windows zone names, UNTIL in
/// local time, an EXDATE with its own TZID, a moved and a cancelled instance.
const OUTLOOK: &str = include_str!("../../../../tests/fixtures/producers/outlook.ics");

#[test]
fn outlook_windows_zones_local_until_exdate_moved_and_cancelled() {
    let got = instances(OUTLOOK, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            "11-02 08:30 Team sync",
            "11-04 08:30 Team sync",
            "11-09 08:30 Team sync",
            // 11-11 is an EXDATE
            "11-16 13:00 Team sync (moved)",
            // 11-18 is cancelled
            "11-23 08:30 Team sync",
            "11-25 08:30 Team sync",
        ]
    );
}

/// Google exports all-day events as DATE values and floating times with X-WR-TIMEZONE.
const GOOGLE: &str = include_str!("../../../../tests/fixtures/producers/google.ics");

#[test]
fn google_all_day_and_floating_across_dst() {
    let got = instances(GOOGLE, "2026-10-29T00:00:00Z", "2026-11-10T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // 09:00 in New York: EDT before 1 November, EST after.
            "10-30 13:00 Standup",
            "11-06 14:00 Standup",
            // Dates in the room (UTC here), whatever X-WR-TIMEZONE says.
            "11-07 00:00 Offsite",
            "11-08 00:00 Offsite",
            "11-09 00:00 Offsite",
        ]
    );
}

/// Written the way Apple Calendar (iCloud) exports: its own VTIMEZONE, a
/// monthly rule by weekday, an EXDATE, and an all-day event on a DST weekend.
const APPLE: &str = include_str!("../../../../tests/fixtures/producers/apple.ics");

#[test]
fn apple_monthly_by_weekday_with_exdate_and_a_multi_day_all_day_event() {
    let got = instances(APPLE, "2026-09-01T00:00:00Z", "2027-01-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // Second Tuesdays, 16:00 in Los Angeles: PDT (UTC-7) until 1 November,
            // then PST (UTC-8), which is midnight UTC the next day.
            "09-08 23:00 Board update",
            // 10-13 is an EXDATE
            "10-31 00:00 Hackathon",
            "11-11 00:00 Board update",
            "12-09 00:00 Board update",
        ]
    );
    let parsed = parse_calendar(APPLE, UTC, "t", wide()).unwrap();
    let board = parsed
        .events
        .iter()
        .find(|e| e.title == "Board update")
        .unwrap();
    assert_eq!(board.url, "https://acme.zoom.us/j/85746352410?pwd=apple");
    let hack = parsed
        .events
        .iter()
        .find(|e| e.title == "Hackathon")
        .unwrap();
    assert!(hack.all_day);
    assert_eq!((hack.end - hack.start).num_hours(), 48);
}

/// Written the way Nextcloud (sabre/vobject) exports a subscription: its
/// VTIMEZONE with X-LIC-LOCATION, UNTIL in UTC, an EXDATE, a moved instance,
/// escaped commas, and lines folded at 75 octets through the Zoom link.
const NEXTCLOUD: &str = include_str!("../../../../tests/fixtures/producers/nextcloud.ics");

#[test]
fn nextcloud_weekly_with_utc_until_exdate_moved_instance_and_a_folded_link() {
    let got = instances(NEXTCLOUD, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // 10:00 in Berlin is 09:00 UTC in November.
            "11-02 09:00 Sprint sync, backend",
            "11-04 09:00 Sprint sync, backend",
            "11-09 09:00 Sprint sync, backend",
            // 11-11 is an EXDATE
            "11-16 09:00 Sprint sync, backend",
            "11-18 13:00 Sprint sync (moved)",
            "11-23 09:00 Sprint sync, backend",
            "11-25 09:00 Sprint sync, backend",
            // UNTIL 22:59:59 UTC on the 30th: the last Monday is kept.
            "11-30 09:00 Sprint sync, backend",
        ]
    );
    let parsed = parse_calendar(NEXTCLOUD, UTC, "t", wide()).unwrap();
    let link = crate::links::find_meeting(&[(
        crate::links::Field::Description,
        &parsed.events[0].description,
    )])
    .unwrap();
    assert_eq!(
        link.join_url.expose(),
        "https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVtby0x"
    );
}

use super::*;

fn at(hhmm: &str) -> DateTime<Utc> {
    format!("2026-11-22T{hhmm}:00Z").parse().unwrap()
}

fn event(title: &str, start: &str, end: &str, location: &str) -> CalendarEvent {
    CalendarEvent {
        uid: title.to_lowercase(),
        title: title.into(),
        start: at(start),
        end: at(end),
        all_day: false,
        cancelled: false,
        private: false,
        recurring: false,
        location: location.into(),
        description: String::new(),
        description_html: String::new(),
        url: String::new(),
        organizer: String::new(),
        conference: vec![],
        source: "room".into(),
        etag: String::new(),
    }
}

fn hosted() -> HashSet<MeetingId> {
    ["85746352410".parse().unwrap()].into()
}

fn one(e: CalendarEvent) -> AgendaEvent {
    build(&[e], &hosted(), at("00:00"), at("23:59")).remove(0)
}

#[test]
fn start_decision_table() {
    let ours = one(event(
        "Sync",
        "10:00",
        "11:00",
        "https://zoom.us/j/85746352410",
    ));
    let theirs = one(event(
        "Partner",
        "10:00",
        "11:00",
        "https://acme.zoom.us/j/93456789012",
    ));
    let meet = one(event(
        "Meet",
        "10:00",
        "11:00",
        "https://meet.google.com/abc-defg-hij",
    ));
    let personal = one(event("PMR", "10:00", "11:00", "https://zoom.us/my/dana"));
    let none = one(event("Lunch", "10:00", "11:00", "Kitchen"));
    let w = StartWindow::default();
    let check = |e: &AgendaEvent, now: &str, expected: StartDecision| {
        assert_eq!(
            start_decision(e, at(now), w),
            expected,
            "{} at {now}",
            e.title
        );
    };
    check(
        &ours,
        "09:44",
        StartDecision::TooEarly {
            opens_at: at("09:45"),
        },
    );
    let allowed = StartDecision::Allowed("85746352410".parse().unwrap());
    check(&ours, "09:45", allowed.clone());
    check(&ours, "10:30", allowed.clone());
    check(&ours, "10:59", allowed);
    check(&ours, "11:00", StartDecision::Ended);
    check(&theirs, "10:30", StartDecision::NotHostedHere);
    check(&meet, "10:30", StartDecision::NotZoom(Service::Meet));
    check(&personal, "10:30", StartDecision::NoMeetingId);
    check(&none, "10:30", StartDecision::NoMeetingLink);
    assert!(join_allowed(&theirs, at("10:30"), w));
    assert!(
        join_allowed(&theirs, at("06:00"), w),
        "an attendee may join early"
    );
    assert!(!join_allowed(&theirs, at("11:00"), w));
    assert!(!join_allowed(&none, at("10:30"), w));
}

#[test]
fn build_orders_filters_and_matches() {
    let mut cancelled = event("Cancelled", "08:00", "09:00", "");
    cancelled.cancelled = true;
    let events = [
        event("Late", "15:00", "16:00", ""),
        event("Early", "09:00", "10:00", "https://zoom.us/j/85746352410"),
        cancelled,
        event("Yesterday", "00:00", "00:00", ""),
        event("Tomorrow", "23:59", "23:59", ""),
    ];
    let agenda = build(&events, &hosted(), at("06:00"), at("20:00"));
    let titles: Vec<&str> = agenda.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Early", "Late"]);
    assert!(agenda[0].hosted_here);
    assert!(!agenda[1].hosted_here);
}

#[test]
fn today_follows_the_room_zone() {
    let (from, to) = today(at("23:30"), chrono_tz::Asia::Tokyo);
    assert_eq!(from.to_rfc3339(), "2026-11-22T15:00:00+00:00");
    assert_eq!(to.to_rfc3339(), "2026-11-23T15:00:00+00:00");
}

fn summary(id: &str, topic: &str, start: Option<&str>) -> crate::zoom::MeetingSummary {
    serde_json::from_value(serde_json::json!({
        "id": id.parse::<u64>().unwrap(),
        "topic": topic,
        "type": 2,
        "start_time": start.map(|s| format!("2026-11-22T{s}:00Z")),
        "duration": 30,
        "join_url": format!("https://zoom.us/j/{id}?pwd=x"),
    }))
    .unwrap()
}

#[test]
fn unlisted_zoom_meetings_fill_in_without_duplicates() {
    let calendar = [event(
        "Sync",
        "10:00",
        "11:00",
        "https://zoom.us/j/85746352410",
    )];
    let meetings = [
        summary("85746352410", "Sync (on the calendar)", Some("10:00")),
        summary("81234567890", "Board prep", Some("14:00")),
        summary("87700112233", "Office hours", None),
    ];
    let extra = unlisted_zoom_meetings(&meetings, &calendar);
    assert_eq!(
        extra.len(),
        1,
        "the listed one and the one with no time are left out"
    );
    assert_eq!(extra[0].title, "Board prep");
    assert_eq!((extra[0].end - extra[0].start).num_minutes(), 30);
    let mut all = calendar.to_vec();
    all.extend(extra);
    let hosted = [
        "85746352410".parse().unwrap(),
        "81234567890".parse().unwrap(),
    ]
    .into();
    let agenda = build(&all, &hosted, at("00:00"), at("23:59"));
    let titles: Vec<&str> = agenda.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Sync", "Board prep"]);
    assert!(agenda[1].hosted_here && agenda[1].source == "zoom");
}

#[test]
fn the_same_meeting_from_two_sources_shows_once() {
    let mut ics = event("Sync", "10:00", "11:00", "https://zoom.us/j/85746352410");
    ics.source = "ics".into();
    let mut graph = event(
        "Sync (Dana Reyes)",
        "10:00",
        "11:00",
        "https://zoom.us/j/85746352410?pwd=y",
    );
    graph.source = "graph".into();
    let mut lunch_a = event("Lunch", "12:00", "13:00", "");
    lunch_a.source = "ics".into();
    let mut lunch_b = event("lunch", "12:00", "13:00", "");
    lunch_b.source = "graph".into();
    // A second booking on the same source at the same time is a real event.
    let mut other = event("Lunch", "12:00", "13:00", "");
    other.source = "ics".into();
    other.uid = "lunch-2".into();
    let agenda = build(
        &[ics, graph, lunch_a, lunch_b, other],
        &hosted(),
        at("00:00"),
        at("23:59"),
    );
    let shown: Vec<(&str, &str)> = agenda
        .iter()
        .map(|e| (e.title.as_str(), e.source.as_str()))
        .collect();
    assert_eq!(shown, [("Sync", "ics"), ("Lunch", "ics"), ("Lunch", "ics")]);
}

/// Issue 20, item 7: a 32 KiB UID no longer rides in every instance's key.
#[test]
fn keys_are_short_stable_and_distinct_whatever_the_uid() {
    let long = CalendarEvent {
        uid: "u".repeat(32 * 1024),
        ..event("Sync", "10:00", "11:00", "")
    };
    let key = one(long.clone()).key;
    assert_eq!(key.len(), 32);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(one(long.clone()).key, key, "stable across refreshes");
    let later = CalendarEvent {
        start: at("12:00"),
        end: at("13:00"),
        ..long.clone()
    };
    let elsewhere = CalendarEvent {
        source: "room-2".into(),
        ..long
    };
    assert_ne!(one(later).key, key);
    assert_ne!(one(elsewhere).key, key);
}

#[test]
fn a_start_resting_on_an_unvouched_organizer_is_join_only() {
    let ours = one(event(
        "Sync",
        "10:00",
        "11:00",
        "https://zoom.us/j/85746352410",
    ));
    let w = StartWindow::default();
    let on_a_feed = AgendaEvent {
        start_rests_on_organizer: true,
        ..ours.clone()
    };
    assert_eq!(
        start_decision(&on_a_feed, at("10:30"), w),
        StartDecision::OrganizerNotVouched
    );
    let on_graph = AgendaEvent {
        organizer_vouched: true,
        ..on_a_feed
    };
    assert!(matches!(
        start_decision(&on_graph, at("10:30"), w),
        StartDecision::Allowed(_)
    ));
}

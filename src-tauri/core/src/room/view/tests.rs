use super::*;
use crate::room::StartError;
use crate::zoom;

#[test]
fn an_event_without_a_link_says_why_where_that_can_be_known() {
    let at = |s: &str| -> DateTime<Utc> { format!("2026-11-22T{s}:00Z").parse().unwrap() };
    let event = |private: bool, has_text: bool| AgendaEvent {
        private,
        has_text,
        ..AgendaEvent::timed("Review", at("10:00"), at("11:00"))
    };
    let note = |e: AgendaEvent| {
        event_view(
            &e,
            (When::Now, Day::Today),
            at("10:30"),
            chrono_tz::UTC,
            StartWindow::default(),
            TimeStyle::default(),
        )
        .note
    };
    assert_eq!(
        note(event(true, true)).as_deref(),
        Some("Private event: no details are shared with the room")
    );
    assert_eq!(
        note(event(false, false)).as_deref(),
        Some("The invite reached the room without its text, so no link")
    );
    assert_eq!(
        note(event(false, true)).as_deref(),
        Some("No meeting link in the invite")
    );
    let private = event_view(
        &event(true, true),
        (When::Now, Day::Today),
        at("10:30"),
        chrono_tz::UTC,
        StartWindow::default(),
        TimeStyle::default(),
    );
    assert_eq!(
        private.title, "Private meeting",
        "a private title is not shown"
    );
}

#[test]
fn person_messages_have_a_pinned_shape() {
    let msg = PersonMessage::from(&StartError::Zoom(zoom::Error::MeetingNotFound {
        id: "85746352410".parse().unwrap(),
    }));
    let json = serde_json::to_value(&msg).unwrap();
    assert_eq!(json["kind"], "not_found");
    assert_eq!(json.as_object().unwrap().len(), 2);
    assert!(json["message"].as_str().unwrap().starts_with("Zoom says"));
}

fn timed(title: &str, start: &str, end: &str) -> AgendaEvent {
    AgendaEvent::timed(title, start.parse().unwrap(), end.parse().unwrap())
}

fn shown(agenda: &[AgendaEvent], zone: Tz, now: &str) -> Vec<(String, When, Day)> {
    let input = ViewInput {
        room_name: "Aurora",
        zone,
        agenda,
        problems: &[],
        refreshed_at: None,
        window: StartWindow::default(),
        screen: &ScreenOptions::default(),
    };
    room_view(&input, now.parse().unwrap())
        .events
        .into_iter()
        .map(|e| (e.title, e.when, e.day))
        .collect()
}

#[test]
fn late_in_the_evening_the_screen_shows_tomorrow() {
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    let agenda = [
        timed("Late call", "2026-11-23T21:30:00Z", "2026-11-23T22:30:00Z"),
        timed("Standup", "2026-11-24T08:00:00Z", "2026-11-24T08:15:00Z"),
        timed("Review", "2026-11-24T13:00:00Z", "2026-11-24T14:00:00Z"),
        timed("Day after", "2026-11-25T08:00:00Z", "2026-11-25T09:00:00Z"),
    ];
    // 22:40 in Berlin: the late call is on, and tomorrow follows it.
    assert_eq!(
        shown(&agenda, berlin, "2026-11-23T21:40:00Z"),
        [
            ("Late call".into(), When::Now, Day::Today),
            ("Standup".into(), When::Next, Day::Tomorrow),
            ("Review".into(), When::Later, Day::Tomorrow),
        ]
    );
    // 23:55 with nothing left today: tomorrow's first meeting is next.
    assert_eq!(
        shown(&agenda, berlin, "2026-11-23T22:55:00Z"),
        [
            ("Standup".into(), When::Next, Day::Tomorrow),
            ("Review".into(), When::Later, Day::Tomorrow),
        ]
    );
    // Just after midnight, "tomorrow" has become today.
    assert_eq!(
        shown(&agenda, berlin, "2026-11-23T23:05:00Z")[0],
        ("Standup".into(), When::Next, Day::Today)
    );
}

#[test]
fn tomorrow_ends_at_its_own_midnight_across_a_dst_change() {
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    // Sunday 29 March 2026 has 23 hours in Berlin (02:00 CET becomes 03:00 CEST).
    let agenda = [
        timed(
            "Sunday late",
            "2026-03-29T21:30:00Z",
            "2026-03-29T21:45:00Z",
        ),
        timed(
            "Monday early",
            "2026-03-29T22:30:00Z",
            "2026-03-29T23:00:00Z",
        ),
    ];
    // Saturday 23:00 CET: Sunday 23:30 CEST is still tomorrow; Monday 00:30 is not.
    assert_eq!(
        shown(&agenda, berlin, "2026-03-28T22:00:00Z"),
        [("Sunday late".into(), When::Next, Day::Tomorrow)]
    );
    // Sunday 01:59 CET, a minute before the change: the same two days.
    assert_eq!(
        shown(&agenda, berlin, "2026-03-29T00:59:00Z"),
        [
            ("Sunday late".into(), When::Next, Day::Today),
            ("Monday early".into(), When::Later, Day::Tomorrow),
        ]
    );
}

#[test]
fn an_all_day_event_carries_its_dates_on_screen_and_in_agenda_json() {
    // Every source places an all-day event at the room's midnights: here
    // 23 November in Los Angeles, which is 08:00 UTC.
    let zone = chrono_tz::America::Los_Angeles;
    let mut offsite = timed("Offsite", "2026-11-23T08:00:00Z", "2026-11-25T08:00:00Z");
    offsite.all_day = true;
    let review = timed("Review", "2026-11-23T18:00:00Z", "2026-11-23T19:00:00Z");
    let agenda = [offsite, review];
    let now: DateTime<Utc> = "2026-11-23T17:00:00Z".parse().unwrap();
    let input = ViewInput {
        room_name: "Aurora",
        zone,
        agenda: &agenda,
        problems: &[],
        refreshed_at: None,
        window: StartWindow::default(),
        screen: &ScreenOptions::default(),
    };
    let view = room_view(&input, now);
    let bounds: Vec<(&str, &str, &str)> = view
        .events
        .iter()
        .map(|e| (e.start.as_str(), e.end.as_str(), e.time.as_str()))
        .collect();
    // The all-day note comes after the meeting still to come.
    assert_eq!(
        bounds,
        [
            (
                "2026-11-23T10:00:00-08:00",
                "2026-11-23T11:00:00-08:00",
                "10:00 – 11:00"
            ),
            ("2026-11-23", "2026-11-25", "All day"),
        ]
    );
    let unreadable = ["room: event at line 9 skipped: it has no DTSTART".to_string()];
    let report = agenda_report(
        "Aurora",
        zone,
        &agenda,
        (&[], &unreadable),
        (
            now - chrono::Duration::days(1),
            now + chrono::Duration::days(1),
        ),
        now,
        StartWindow::default(),
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["events"][0]["start"], "2026-11-23");
    assert_eq!(json["events"][0]["end"], "2026-11-25");
    assert_eq!(json["events"][0]["all_day"], true);
    assert_eq!(json["events"][1]["start"], "2026-11-23T10:00:00-08:00");
    // What a source could not read is reported, naming the source.
    assert_eq!(json["problems"][0], unreadable[0].as_str());
}

#[test]
fn private_mode_hides_titles_and_organisers_and_the_room_writes_its_own_clock() {
    let mut review = timed(
        "Board review",
        "2026-11-23T14:00:00Z",
        "2026-11-23T15:00:00Z",
    );
    review.organizer = "ceo@contoso.com".into();
    review.key = "k1".into();
    review.link = crate::links::find_meeting(&[(
        crate::links::Field::Location,
        "https://zoom.us/j/85746352410",
    )]);
    let agenda = [review];
    let view = |screen: &ScreenOptions, now: &str| {
        let input = ViewInput {
            room_name: "Aurora",
            zone: chrono_tz::UTC,
            agenda: &agenda,
            problems: &[],
            refreshed_at: Some("2026-11-23T13:30:00Z".parse().unwrap()),
            window: StartWindow::default(),
            screen,
        };
        room_view(&input, now.parse().unwrap())
    };
    let open = view(&ScreenOptions::default(), "2026-11-23T13:56:00Z");
    let e = &open.events[0];
    assert_eq!(
        (e.title.as_str(), e.organizer.as_deref()),
        ("Board review", Some("ceo@contoso.com"))
    );
    assert_eq!(e.countdown, Some(Countdown::StartsIn(4)));
    assert!(e.can_join && !e.can_dial_in);
    assert_eq!(open.status.state, RoomState::StartingSoon);
    assert_eq!(
        (open.clock.as_str(), open.updated_minutes_ago),
        ("13:56", Some(26))
    );

    let private = ScreenOptions {
        private: true,
        dial_in: true,
        time: TimeStyle::for_locale("en_US", None),
        ..ScreenOptions::default()
    };
    let closed = view(&private, "2026-11-23T14:48:00Z");
    let e = &closed.events[0];
    assert_eq!(
        (e.title.as_str(), e.organizer.as_deref()),
        ("Private meeting", None)
    );
    assert!(
        e.can_dial_in,
        "a Zoom meeting with an ID may be dialled into"
    );
    assert_eq!(e.time, "2:00 PM – 3:00 PM");
    assert_eq!(e.countdown, Some(Countdown::EndsIn(12)));
    assert_eq!(closed.status.until.as_deref(), Some("3:00 PM"));
    assert_eq!(closed.date, "Monday, November 23");
    let json = serde_json::to_string(&closed).unwrap();
    assert!(
        !json.contains("Board review") && !json.contains("ceo@"),
        "{json}"
    );
}

#[test]
fn a_huge_title_is_cut_to_a_few_lines_at_a_character_boundary() {
    assert_eq!(display_title(&"é".repeat(40_000)).chars().count(), 161);
    assert!(display_title(&"é".repeat(40_000)).ends_with('…'));
    assert_eq!(display_title("  Review  "), "Review");
    assert_eq!(display_title("   "), "Untitled meeting");
}

#[test]
fn footer_times_follow_the_rooms_12_hour_setting() {
    let zone: Tz = "America/New_York".parse().unwrap();
    let at: DateTime<Utc> = "2026-11-24T19:05:00Z".parse().unwrap();
    let twelve = TimeStyle::for_locale("en_US", None);
    let saved = PersonMessage::showing_saved_agenda(at, zone, twelve);
    assert_eq!(
        saved.message,
        "No answer from the calendar yet: showing the agenda saved at 2:05 PM on Tuesday, November 24"
    );
    let error = crate::calendar::Error {
        source_name: "Aurora".into(),
        problem: crate::calendar::Problem::Ics(crate::calendar::ics::Error::NotACalendar),
    };
    let failing = PersonMessage::calendar_failing(&error, Some(at), zone, twelve);
    assert_eq!(
        failing.message,
        "The calendar “Aurora” sent something that is not a calendar; showing what it said at 2:05 PM"
    );
    assert_eq!(failing.kind, MessageKind::CalendarFailing);
}

/// Issue 20, item 6: a week-long invite does not take the big card.
#[test]
fn the_meeting_on_now_takes_the_big_card_from_a_long_booking_around_it() {
    let agenda = [
        timed(
            "Offsite week",
            "2026-11-23T00:00:00Z",
            "2026-11-30T00:00:00Z",
        ),
        AgendaEvent {
            all_day: true,
            ..timed(
                "Holiday note",
                "2026-11-23T00:00:00Z",
                "2026-11-24T00:00:00Z",
            )
        },
        timed(
            "Design review",
            "2026-11-23T10:00:00Z",
            "2026-11-23T11:00:00Z",
        ),
        timed("Standup", "2026-11-23T14:00:00Z", "2026-11-23T14:15:00Z"),
    ];
    let rows = shown(&agenda, chrono_tz::UTC, "2026-11-23T10:20:00Z");
    assert_eq!(rows[0], ("Design review".into(), When::Now, Day::Today));
    assert_eq!(rows[1], ("Offsite week".into(), When::Now, Day::Today));
    assert_eq!(rows[2], ("Standup".into(), When::Next, Day::Today));
    assert_eq!(rows[3].0, "Holiday note", "all-day notes come last");
    // The band speaks of the meeting in the room, not of next week.
    let status = status::room_status(
        &agenda,
        "2026-11-23T10:20:00Z".parse().unwrap(),
        "2026-11-24T00:00:00Z".parse().unwrap(),
        |t| t.format("%d %H:%M").to_string(),
    );
    assert_eq!(
        (status.state, status.until.as_deref()),
        (RoomState::Busy, Some("23 11:00"))
    );
    // With no meeting on, the long booking is what the room is doing.
    let rows = shown(&agenda, chrono_tz::UTC, "2026-11-23T12:00:00Z");
    assert_eq!(rows[0], ("Offsite week".into(), When::Now, Day::Today));
    // An all-day note never features over a meeting still to come.
    let notes = [agenda[1].clone(), agenda[3].clone()];
    let rows = shown(&notes, chrono_tz::UTC, "2026-11-23T12:00:00Z");
    assert_eq!(rows[0], ("Standup".into(), When::Next, Day::Today));
}

/// Issue 20, item 7: whatever the calendar holds, the screen stays small.
#[test]
fn the_screen_has_at_most_200_rows_and_256_kb_whatever_the_calendar_holds() {
    let widest = "\u{1F600}".repeat(200);
    let controls = "\u{1}".repeat(200);
    let start: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let agenda: Vec<AgendaEvent> = (0..1000)
        .map(|i| AgendaEvent {
            key: format!("{i:032x}"),
            organizer: format!(
                "{}@example.com",
                if i % 2 == 0 { &widest } else { &controls }
            ),
            ..AgendaEvent::timed(
                if i % 2 == 0 { &widest } else { &controls },
                start + chrono::Duration::minutes(i),
                start + chrono::Duration::minutes(i + 30),
            )
        })
        .collect();
    let input = ViewInput {
        room_name: "Aurora",
        zone: chrono_tz::UTC,
        agenda: &agenda,
        problems: &[],
        refreshed_at: Some(start),
        window: StartWindow::default(),
        screen: &ScreenOptions::default(),
    };
    let view = room_view(&input, start);
    let json = serde_json::to_vec(&view).unwrap();
    assert!(view.events.len() <= MAX_ROWS, "{} rows", view.events.len());
    assert!(view.events.len() >= 100, "the budget keeps ordinary rows");
    assert!(json.len() < 256 * 1024, "{} bytes", json.len());
    assert!(!view.events[1].title.contains('\u{1}'));
}

use chrono::{DateTime, Duration, Utc};

use super::*;

fn at(hhmm: &str) -> DateTime<Utc> {
    format!("2026-12-03T{hhmm}:00Z").parse().unwrap()
}

fn event(title: &str, from: &str, to: &str) -> AgendaEvent {
    AgendaEvent::timed(title, at(from), at(to))
}

#[test]
fn a_walk_up_starts_this_minute_and_never_runs_into_the_next_booking() {
    let agenda = [event("Standup", "10:00", "10:30")];
    let now = at("09:20") + Duration::seconds(42);
    assert_eq!(book_now_end(&agenda, 30, now), Ok(at("09:50")));
    assert_eq!(book_now_end(&agenda, 60, now), Ok(at("10:00")));
    assert_eq!(minute_of(now), at("09:20"));
    // Five minutes before the next booking there is nothing worth booking.
    assert_eq!(
        book_now_end(&agenda, 15, at("09:56")),
        Err(Refusal::NextTooSoon)
    );
    assert_eq!(book_now_end(&agenda, 45, now), Err(Refusal::NotOffered));
}

#[test]
fn a_meeting_ended_this_minute_does_not_block_a_walk_up() {
    // End now at 10:20:10 leaves a meeting 10:00–10:20; one booked and
    // ended within a minute is zero-length.
    let agenda = [
        event("Review", "10:00", "10:20"),
        event("Walk-up", "10:20", "10:20"),
    ];
    let now = at("10:20") + Duration::seconds(40);
    assert_eq!(book_now_end(&agenda, 30, now), Ok(at("10:50")));
    assert_eq!(book_options(&agenda, now), vec![15, 30, 60]);
}

#[test]
fn a_walk_up_is_refused_while_a_meeting_is_on() {
    let agenda = [event("Standup", "10:00", "10:30")];
    assert_eq!(
        book_now_end(&agenda, 15, at("10:10")),
        Err(Refusal::RoomBusy)
    );
    assert!(book_options(&agenda, at("10:10")).is_empty());
}

#[test]
fn the_longest_walk_up_offered_is_cut_to_the_next_booking() {
    let agenda = [event("Standup", "10:00", "10:30")];
    assert_eq!(book_options(&agenda, at("08:00")), vec![15, 30, 60]);
    // 40 minutes free: 15 and 30 fit; 60 runs until 10:00.
    assert_eq!(book_options(&agenda, at("09:20")), vec![15, 30, 60]);
    // 20 minutes free: 15 fits, and 30 runs until 10:00.
    assert_eq!(book_options(&agenda, at("09:40")), vec![15, 30]);
    // 4 minutes free: nothing.
    assert!(book_options(&agenda, at("09:56")).is_empty());
}

#[test]
fn all_day_notes_and_long_holds_do_not_make_the_room_busy() {
    let agenda = [
        AgendaEvent {
            all_day: true,
            ..event("Office closed?", "00:00", "23:59")
        },
        event("Conference hold", "07:00", "19:00"),
    ];
    assert_eq!(book_now_end(&agenda, 30, at("09:00")), Ok(at("09:30")));
}

#[test]
fn extend_only_into_free_time() {
    let agenda = [
        event("Review", "10:00", "10:30"),
        event("Planning", "10:45", "11:30"),
    ];
    let now = at("10:20");
    assert_eq!(
        extend_end(&agenda, 15, now).map(|(_, end)| end),
        Ok(at("10:45"))
    );
    assert_eq!(
        extend_end(&agenda, 30, now).err(),
        Some(Refusal::NextTooSoon)
    );
    assert_eq!(extend_options(&agenda, now), vec![15]);
    let back_to_back = [
        event("Review", "10:00", "10:30"),
        event("Planning", "10:30", "11:30"),
    ];
    assert_eq!(
        extend_end(&back_to_back, 15, now).err(),
        Some(Refusal::NextStartsAtEnd)
    );
    assert_eq!(
        extend_end(&agenda, 20, now).err(),
        Some(Refusal::NotOffered)
    );
    assert_eq!(
        extend_end(&agenda, 15, at("09:00")).err(),
        Some(Refusal::NothingOn)
    );
}

#[test]
fn end_early_ends_at_this_minute_never_before_the_start() {
    let agenda = [event("Review", "10:00", "11:00")];
    let (on, end) = end_early(&agenda, at("10:17") + Duration::seconds(30)).unwrap();
    assert_eq!((on.title.as_str(), end), ("Review", at("10:17")));
    assert_eq!(
        end_early(&agenda, at("11:00")).err(),
        Some(Refusal::NothingOn)
    );
}

#[test]
fn check_in_opens_five_minutes_before_and_a_no_show_is_due_ten_after() {
    let rule = CheckIn::default();
    let e = event("Review", "10:00", "11:00");
    let state = |hhmm: &str, checked: bool| check_in_state(&e, &rule, checked, at(hhmm));
    assert_eq!(state("09:54", false), CheckInState::NotYet);
    assert_eq!(state("09:55", false), CheckInState::Open);
    assert_eq!(state("10:10", false), CheckInState::Open);
    assert_eq!(state("10:11", false), CheckInState::NoShow);
    assert_eq!(state("10:11", true), CheckInState::CheckedIn);
    assert_eq!(state("11:00", false), CheckInState::Over);
}

#[test]
fn long_all_day_and_exempt_bookings_are_never_released() {
    let rule = CheckIn {
        exempt_organizers: vec!["board@example.com".into()],
        ..CheckIn::default()
    };
    let eight_hours = event("Workshop", "09:00", "17:00");
    let all_day = AgendaEvent {
        all_day: true,
        ..event("Holiday", "00:00", "23:00")
    };
    let board = AgendaEvent {
        organizer: "Board@Example.com".into(),
        ..event("Board", "10:00", "11:00")
    };
    for e in [&eight_hours, &all_day, &board] {
        assert_eq!(
            check_in_state(e, &rule, false, at("10:30")),
            CheckInState::Exempt,
            "{}",
            e.title
        );
    }
    let short = event("Sync", "10:00", "16:59");
    assert_eq!(
        check_in_state(&short, &rule, false, at("10:30")),
        CheckInState::NoShow
    );
}

#[test]
fn the_check_in_target_is_the_open_booking_first_to_start() {
    let rule = CheckIn::default();
    let agenda = [
        event("Earlier", "09:58", "10:30"),
        event("Later", "10:03", "10:30"),
    ];
    let none = |_: &str| false;
    let target = check_in_target(&agenda, &rule, &none, at("10:00")).unwrap();
    assert_eq!(target.title, "Earlier");
    let earlier_done = |k: &str| k == "Earlier";
    let target = check_in_target(&agenda, &rule, &earlier_done, at("10:00")).unwrap();
    assert_eq!(target.title, "Later");
    assert!(check_in_target(&agenda, &rule, &none, at("09:00")).is_none());
}

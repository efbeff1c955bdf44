use super::*;

fn at(hhmm: &str) -> DateTime<Utc> {
    format!("2026-11-23T{hhmm}:00Z").parse().unwrap()
}

fn event(start: &str, end: &str) -> AgendaEvent {
    AgendaEvent {
        key: format!("{start}-{end}"),
        ..AgendaEvent::timed("Review", at(start), at(end))
    }
}

fn status_at(agenda: &[AgendaEvent], now: &str) -> (RoomState, Option<String>, Option<u32>) {
    let s = room_status(agenda, at(now), at("23:59"), |t| {
        t.format("%H:%M").to_string()
    });
    (s.state, s.until, s.minutes)
}

#[test]
fn busy_lasts_to_the_end_of_meetings_that_follow_on_without_a_gap() {
    let agenda = [
        event("10:00", "11:00"),
        event("10:30", "11:30"),
        event("11:30", "12:00"),
        event("12:30", "13:00"),
    ];
    assert_eq!(
        status_at(&agenda, "10:48"),
        (RoomState::Busy, Some("12:00".into()), Some(72))
    );
    // 30 s to go still reads "1 min", never "0 min".
    let s = room_status(
        &agenda,
        at("11:59") + Duration::seconds(30),
        at("23:59"),
        |_| String::new(),
    );
    assert_eq!(s.minutes, Some(1));
}

#[test]
fn free_until_the_next_start_and_starting_soon_ten_minutes_before() {
    let agenda = [event("14:00", "15:00")];
    assert_eq!(
        status_at(&agenda, "09:00"),
        (RoomState::Free, Some("14:00".into()), Some(300))
    );
    assert_eq!(
        status_at(&agenda, "13:49"),
        (RoomState::Free, Some("14:00".into()), Some(11))
    );
    assert_eq!(
        status_at(&agenda, "13:50"),
        (RoomState::StartingSoon, Some("14:00".into()), Some(10))
    );
    assert_eq!(
        status_at(&agenda, "15:00"),
        (RoomState::Free, None, None),
        "ended: free"
    );
    // A start after today's end leaves the room free for the rest of the day.
    let s = room_status(&agenda, at("09:00"), at("12:00"), |_| String::new());
    assert_eq!((s.state, s.until), (RoomState::Free, None));
}

#[test]
fn an_all_day_event_never_makes_the_room_busy() {
    let mut all_day = event("00:00", "23:59");
    all_day.all_day = true;
    assert_eq!(status_at(&[all_day.clone()], "10:00").0, RoomState::Free);
    assert_eq!(countdown(&all_day, at("10:00"), at("23:59")), None);
}

#[test]
fn the_countdown_runs_to_the_end_or_to_a_start_today() {
    let e = event("10:00", "11:00");
    assert_eq!(
        countdown(&e, at("10:48"), at("23:59")),
        Some(Countdown::EndsIn(12))
    );
    assert_eq!(
        countdown(&e, at("09:56"), at("23:59")),
        Some(Countdown::StartsIn(4))
    );
    assert_eq!(countdown(&e, at("11:00"), at("23:59")), None, "ended");
    assert_eq!(
        countdown(&e, at("09:00"), at("09:30")),
        None,
        "tomorrow's: no countdown"
    );
}

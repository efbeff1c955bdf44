//! Parse and expand a busy room's ICS feed: about 1 MB, a year of recurring
//! meetings, about 2,000 instances in the window. Run:
//!   cargo bench -p roomstart-core --bench ics

use std::fmt::Write;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use roomstart_core::calendar::ics::parse_calendar;

const RUNS: usize = 30;

fn busy_room() -> String {
    let invite = "Dana Reyes is inviting you to a scheduled Zoom meeting.\\n\\nJoin Zoom Meeting\\n\
        https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVtby0x\\n\\nMeeting ID: 857 4635 2410\\n\
        Passcode: 482913\\n\\n---\\n\\nOne tap mobile\\n+13462487799\\,\\,85746352410#\\,\\,\\,\\,*482913# US (Houston)\\n\
        +16694449171\\,\\,85746352410#\\,\\,\\,\\,*482913# US\\n\\nDial by your location\\n• +1 346 248 7799 US (Houston)\\n\
        • +1 669 444 9171 US\\n• +1 719 359 4580 US\\n• +1 253 205 0468 US\\n\\nFind your local number: https://us06web.zoom.us/u/kdGfX";
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bench//EN\r\nX-WR-TIMEZONE:Europe/Berlin\r\n",
    );
    // 40 weekly series through 2026: about 2,080 instances in the year.
    for i in 0..40 {
        let (day, hour) = (["MO", "TU", "WE", "TH", "FR"][i % 5], 8 + (i / 5));
        write!(
            ics,
            "BEGIN:VEVENT\r\nUID:series-{i}@bench\r\nSUMMARY:Series {i}\r\nDTSTART;TZID=Europe/Berlin:20260105T{hour:02}0000\r\n\
             DTEND;TZID=Europe/Berlin:20260105T{hour:02}4500\r\nRRULE:FREQ=WEEKLY;BYDAY={day};UNTIL=20261231T230000Z\r\n\
             EXDATE;TZID=Europe/Berlin:20260406T{hour:02}0000\r\nDESCRIPTION:{invite}\r\nEND:VEVENT\r\n"
        )
        .unwrap();
    }
    // Moved instances and one-off meetings fill the rest of the megabyte.
    let mut n = 0;
    while ics.len() < 1_000_000 {
        let (month, day) = (1 + n % 12, 1 + n % 28);
        write!(
            ics,
            "BEGIN:VEVENT\r\nUID:single-{n}@bench\r\nSUMMARY:One-off {n}\r\nDTSTART:2025{month:02}{day:02}T120000Z\r\n\
             DTEND:2025{month:02}{day:02}T130000Z\r\nLOCATION:Aurora\r\nDESCRIPTION:{invite}\r\nEND:VEVENT\r\n"
        )
        .unwrap();
        n += 1;
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

fn main() {
    let ics = busy_room();
    let window: (DateTime<Utc>, DateTime<Utc>) = (
        "2026-01-01T00:00:00Z".parse().unwrap(),
        "2027-01-01T00:00:00Z".parse().unwrap(),
    );
    let mut times: Vec<Duration> = Vec::new();
    let mut in_window = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let parsed = parse_calendar(&ics, chrono_tz::UTC, "bench", window).expect("a calendar");
        times.push(t.elapsed());
        in_window = parsed
            .events
            .iter()
            .filter(|e| e.start < window.1 && e.end > window.0)
            .count();
        std::hint::black_box(parsed);
    }
    times.sort();
    println!(
        "busy room ICS: {:.2} MB, {in_window} instances in 2026",
        ics.len() as f64 / 1e6
    );
    println!(
        "  parse and expand: median {:?}, min {:?}, max {:?} over {RUNS} runs",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
}

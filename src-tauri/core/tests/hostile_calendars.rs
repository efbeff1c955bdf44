//! Calendars built to exhaust or crash the room, sent to its ICS feed over
//! loopback and read as `roomstart agenda` reads them (a refresh, then the
//! agenda report): each hostile event costs only itself, and says so.

mod common;

use chrono::Duration;
use common::{now, room, sim};
use roomstart_core::room::view::AgendaReport;
use roomstart_sim::{LinkStyle, Simulation, CLIENT_SECRET};

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// An ordinary meeting beside the hostile one, which must still be shown.
fn ordinary(sim: &Simulation) {
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:ordinary@example.com\r\nDTSTART:{}\r\nDURATION:PT30M\r\n\
         SUMMARY:Ordinary\r\nEND:VEVENT\r\n",
        at(now() + Duration::minutes(5))
    ));
}

/// What `roomstart agenda` prints, for the room's two days.
async fn agenda(sim: &Simulation) -> AgendaReport {
    let room = room(sim, CLIENT_SECRET);
    let window = (now() - Duration::hours(12), now() + Duration::hours(36));
    room.refresh_between(now(), window).await;
    // A second read of the same feed (a 304) reads the same.
    room.refresh_between(now(), window).await;
    room.agenda_report(window.0, window.1, now()).await
}

fn titled<'a>(report: &'a AgendaReport, title: &str) -> Vec<&'a str> {
    report
        .events
        .iter()
        .filter(|e| e.title == title)
        .map(|e| e.start.as_str())
        .collect()
}

/// Issue 20, item 5: `DateTime - TimeDelta` overflowed in the recurrence
/// reader and `agenda` exited 101; in the window every refresh panicked.
#[tokio::test]
async fn a_period_of_fifteen_million_weeks_costs_only_its_event() {
    let sim = sim(LinkStyle::Zoom).await;
    ordinary(&sim);
    for (uid, rdate) in [
        ("weeks", "RDATE;VALUE=PERIOD:{start}/P15000000W"),
        ("back", "RDATE;VALUE=PERIOD:{start}/-P15000000W"),
        ("days", "RDATE;VALUE=PERIOD:{start}/P99999999D"),
        ("year", "RDATE;VALUE=PERIOD:{start}/99991231T000000Z"),
        ("far", "RDATE:99991231T235959Z,00010101T000000Z"),
    ] {
        let rdate = rdate.replace("{start}", &at(now()));
        sim.invite_room(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}@evil.example\r\nDTSTART:{}\r\nDURATION:PT30M\r\n\
             {rdate}\r\nSUMMARY:Period {uid}\r\nEND:VEVENT\r\n",
            at(now())
        ));
    }
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:duration@evil.example\r\nDTSTART:{}\r\n\
         DURATION:P10000000W\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Duration\r\nEND:VEVENT\r\n",
        at(now())
    ));
    let report = agenda(&sim).await;
    assert_eq!(titled(&report, "Ordinary").len(), 1, "{report:#?}");
    for uid in ["weeks", "back", "days", "duration"] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("past the year 9999")),
            "{uid}: {:#?}",
            report.problems
        );
    }
    assert!(titled(&report, "Period weeks").is_empty());
    assert!(titled(&report, "Duration").is_empty());
}

/// The kind of rule (its was 617 bytes; this is 506): every second
/// of every day of the year.
fn short_rule() -> String {
    let list = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let rule =
        format!(
        "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={};BYMINUTE={};BYSECOND={}",
        (1..=12).map(|i| i.to_string()).collect::<Vec<_>>().join(","),
        list(24),
        list(60),
        list(60),
    );
    rule
}

/// Issue 20, item 4: the `rrule` crate filled a whole year's buffer (31
/// million instances, 1.5 GB) before any limit applied, once per RRULE line
/// and on every refresh. Its cost is now counted from the text first.
#[tokio::test]
async fn one_short_rule_is_left_out_before_it_is_expanded() {
    let sim = sim(LinkStyle::Zoom).await;
    ordinary(&sim);
    let rule = short_rule();
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:rule@evil.example\r\nDTSTART:{}\r\nDURATION:PT1M\r\n\
         {rule}\r\n{rule}\r\n{rule}\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Rule\r\nEND:VEVENT\r\n",
        at(now() - Duration::days(7))
    ));
    // Many RRULE lines each within the budget, and a time zone's rule.
    let cheap = "RRULE:FREQ=DAILY;BYHOUR=9,10\r\n".repeat(40);
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:lines@evil.example\r\nDTSTART:{}\r\nDURATION:PT1M\r\n\
         {cheap}SUMMARY:Lines\r\nEND:VEVENT\r\n",
        at(now() - Duration::days(7))
    ));
    let report = agenda(&sim).await;
    assert_eq!(titled(&report, "Ordinary").len(), 1, "{report:#?}");
    // The weekly rule beside it still counts: today's instance is shown.
    assert_eq!(titled(&report, "Rule").len(), 1, "{report:#?}");
    let left_out = report
        .problems
        .iter()
        .filter(|p| p.contains("would build 31622400 instances") && p.contains("left out"))
        .count();
    assert_eq!(left_out, 3, "{:#?}", report.problems);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("more than 4 RRULE lines")),
        "{:#?}",
        report.problems
    );
}

//! `roomstart agenda`: what the room will show, for IT scripts and tests.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use roomstart_core::room::agenda;
use roomstart_core::room::Room;
use roomstart_core::setup::config::{self, ConfigFiles};

use super::fail;

pub async fn run(
    files: &ConfigFiles,
    from: Option<&str>,
    to: Option<&str>,
    json: bool,
) -> ExitCode {
    let parse = |flag: &str, value: Option<&str>| -> Result<Option<DateTime<Utc>>, String> {
        value
            .map(|v| {
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| format!("--{flag} {v:?} is not an RFC 3339 time such as 2026-11-23T08:00:00+01:00: {e}"))
            })
            .transpose()
    };
    let (from, to) = match (parse("from", from), parse("to", to)) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let setup = match config::load(files) {
        Ok(loaded) => match loaded.config.room_setup().await {
            Ok(setup) => setup,
            Err(e) => return fail(e),
        },
        Err(e) => return fail(e),
    };
    let now = Utc::now();
    // By default what the room screen covers, so late at night the next meeting shows.
    let (shown_from, shown_to) = agenda::today_and_tomorrow(now, setup.zone);
    let window = (from.unwrap_or(shown_from), to.unwrap_or(shown_to));
    if window.1 <= window.0 {
        return fail("--to must be after --from");
    }
    let room = Room::new(setup);
    room.refresh_between(now, window).await;
    let report = room.agenda_report(window.0, window.1, now).await;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        );
    } else {
        println!(
            "{} ({}), {} to {}",
            report.room, report.time_zone, report.from, report.to
        );
        for e in &report.events {
            let meeting = e.meeting.as_ref().map_or(String::new(), |m| {
                format!(
                    "  [{:?}{}{}]",
                    m.service,
                    m.meeting_id
                        .as_ref()
                        .map_or(String::new(), |id| format!(" {id}")),
                    if m.startable { ", startable" } else { "" }
                )
            });
            // RFC 3339 in the room's zone, or an all-day event's dates.
            let span = match e.all_day {
                true => all_day_span(&e.start, &e.end),
                false => format!(
                    "{} {} – {}",
                    &e.start[..10],
                    &e.start[11..16],
                    &e.end[11..16]
                ),
            };
            println!("{span}  {}{meeting}", e.title);
        }
        for p in &report.problems {
            println!("! {p}");
        }
    }
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// "2026-11-23 (all day)", or its first and last day: `end` is exclusive.
fn all_day_span(start: &str, end: &str) -> String {
    let last = chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.pred_opt())
        .map(|d| d.to_string());
    match last {
        Some(last) if last.as_str() > start => format!("{start} – {last} (all day)"),
        _ => format!("{start} (all day)"),
    }
}

//! Reads an iCalendar (RFC 5545) feed into calendar events.

mod lines;
mod recur;
mod series;
mod time;
mod vtimezone;
mod windows_zones;

pub use time::zone_named;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::calendar::event::{capped, midnight_in, CalendarEvent, ParsedCalendar};
use lines::{content_lines, unescape_text, Property};
use series::Override;
use time::Zones;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("this is not an iCalendar file: it has no BEGIN:VCALENDAR")]
    NotACalendar,
}

/// Reads every VEVENT; recurring ones are expanded into their instances that
/// meet `window`. `room_zone` places floating times when the calendar names no
/// X-WR-TIMEZONE, and every DATE. An event that cannot be read is skipped with a warning.
pub fn parse_calendar(
    text: &str,
    room_zone: Tz,
    source: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<ParsedCalendar, Error> {
    let props = content_lines(text);
    if !props
        .iter()
        .any(|p| p.name == "BEGIN" && p.value.eq_ignore_ascii_case("VCALENDAR"))
    {
        return Err(Error::NotACalendar);
    }
    let floating = props
        .iter()
        .find(|p| p.name == "X-WR-TIMEZONE")
        .and_then(|p| zone_named(&p.value))
        .unwrap_or(room_zone);
    let (defined, zone_warnings) = vtimezone::definitions(&props, vtimezone::years_for(window));
    let zones = Zones::new(floating, room_zone, defined);

    let mut parsed = ParsedCalendar::default();
    parsed
        .warnings
        .extend(zone_warnings.into_iter().map(|w| format!("{source}: {w}")));
    let vevents = vevents(props);
    let mut overrides: HashMap<String, Vec<Override>> = HashMap::new();
    let mut masters = Vec::new();
    for (line, props) in &vevents {
        let warn = |why: String| format!("{source}: event at line {line} skipped: {why}");
        let get = |name: &str| props.iter().find(|p| p.name == name);
        match event(props, &zones, source) {
            Err(why) => parsed.warnings.push(warn(why)),
            Ok(mut e) => match get("RECURRENCE-ID") {
                // An event without a UID is its own event: named by its line,
                // it neither replaces nor hides another UID-less one.
                rid if e.uid.trim().is_empty() => {
                    e.uid = format!("no-uid-line-{line}");
                    // An override with no series to belong to is one event.
                    match e.recurring && rid.is_none() {
                        true => series::add_master(&mut masters, master(*line, props, e)),
                        false => parsed.events.push(e),
                    }
                }
                Some(rid) => match series::RecurrenceId::read(rid, &zones) {
                    Ok(recurrence_id) => series::add_override(
                        overrides.entry(e.uid.clone()).or_default(),
                        Override {
                            recurrence_id,
                            this_and_future: rid.param("RANGE") == Some("THISANDFUTURE"),
                            has_rule: get("RRULE").is_some(),
                            version: series::Version::of(props),
                            event: e,
                        },
                    ),
                    Err(why) => parsed.warnings.push(warn(why)),
                },
                None if e.recurring => series::add_master(&mut masters, master(*line, props, e)),
                None => parsed.events.push(e),
            },
        }
    }
    for master in masters {
        let line = master.line;
        let overridden = overrides.remove(&master.event.uid).unwrap_or_default();
        let expanded = series::standing(&master, overridden, &zones).and_then(|standing| {
            let (instances, cut) = expand(&master, &standing, &zones, window)?;
            Ok((instances, cut, standing))
        });
        match expanded {
            Ok((instances, cut, standing)) => {
                parsed.events.extend(instances);
                parsed.events.extend(standing.into_iter().map(|o| o.event));
                parsed.warnings.extend(
                    cut.map(|why| format!("{source}: recurring event at line {line}: {why}")),
                );
            }
            Err(why) => parsed.warnings.push(format!(
                "{source}: recurring event at line {line} skipped: {why}"
            )),
        }
    }
    // Overrides of a series the feed does not carry stand on their own.
    parsed
        .events
        .extend(overrides.into_values().flatten().map(|o| o.event));
    parsed.warnings.extend(zones.unknown().into_iter().map(|tzid| {
        format!(
            "{source}: time zone {tzid:?} is neither a known zone nor defined in the calendar; its times are read in {}",
            zones.floating.name()
        )
    }));
    Ok(parsed)
}

fn master<'a>(line: usize, props: &'a [Property], event: CalendarEvent) -> series::Master<'a> {
    series::Master {
        line,
        props,
        event,
        version: series::Version::of(props),
    }
}

/// Each top-level VEVENT's properties (nested VALARMs left out), with its first line.
fn vevents(props: Vec<Property>) -> Vec<(usize, Vec<Property>)> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Vec<Property> = Vec::new();
    let mut began_at = 0;
    for prop in props {
        let in_event = stack.last().map(String::as_str) == Some("VEVENT");
        match prop.name.as_str() {
            "BEGIN" => {
                if prop.value.eq_ignore_ascii_case("VEVENT") && !stack.iter().any(|c| c == "VEVENT")
                {
                    began_at = prop.line;
                }
                stack.push(prop.value.to_ascii_uppercase());
            }
            "END" => {
                let closed = stack.pop();
                if closed.as_deref() == Some("VEVENT") && !stack.iter().any(|c| c == "VEVENT") {
                    out.push((began_at, std::mem::take(&mut current)));
                }
            }
            _ if in_event => current.push(prop),
            _ => {}
        }
    }
    out
}

/// The most instances one series may put in a read's window. A meeting room's
/// series repeat at most hourly; a rule firing every minute is hostile.
const MAX_INSTANCES: usize = 200;

fn expand(
    master: &series::Master,
    overrides: &[Override],
    zones: &Zones,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<(Vec<CalendarEvent>, Option<String>), String> {
    let rule = series::recurrence(master.props)?;
    let series = &master.event;
    let length = series.end - series.start;
    // An all-day instance ends on a room midnight, however long DST makes its days.
    let days = |e: &CalendarEvent| {
        let date = |t: DateTime<Utc>| t.with_timezone(&zones.room).date_naive();
        date(e.end) - date(e.start)
    };
    let end_of = |e: &CalendarEvent, start: DateTime<Utc>, length: Duration| match e.all_day {
        true => midnight_in(
            zones.room,
            start.with_timezone(&zones.room).date_naive() + days(e),
        ),
        false => start + length,
    };
    // Widen the window by the longest shift a THISANDFUTURE override applies.
    let shift = overrides
        .iter()
        .filter(|o| o.this_and_future)
        .map(|o| (o.event.start - o.recurrence_id.at).abs())
        .max()
        .unwrap_or_else(Duration::zero);
    let found = recur::instances(&rule, zones, length, from - shift, to + shift)?;
    let mut instances = Vec::new();
    for found in found {
        if instances.len() == MAX_INSTANCES {
            let cut = format!("it repeats more than {MAX_INSTANCES} times in the window read; the first {MAX_INSTANCES} are shown");
            return Ok((instances, Some(cut)));
        }
        let start = found.start;
        if overrides
            .iter()
            .any(|o| o.recurrence_id.names(start, found.wall, series.all_day))
        {
            continue; // the override stands in its place
        }
        let shape = overrides
            .iter()
            .filter(|o| o.this_and_future && o.recurrence_id.at < start)
            .max_by_key(|o| o.recurrence_id.at);
        let mut instance = match shape {
            Some(o) => {
                let mut e = o.event.clone();
                e.start = start + (o.event.start - o.recurrence_id.at);
                e.end = end_of(&o.event, e.start, o.event.end - o.event.start);
                e
            }
            None => {
                let mut e = series.clone();
                e.start = start;
                e.end = match found.length {
                    Some(period) => start + period,
                    None => end_of(series, start, length),
                };
                e
            }
        };
        instance.recurring = true;
        if instance.start < to && instance.end > from {
            instances.push(instance);
        }
    }
    Ok((instances, None))
}

fn event(props: &[Property], zones: &Zones, source: &str) -> Result<CalendarEvent, String> {
    let get = |name: &str| props.iter().find(|p| p.name == name);
    // Capped: every instance of a series carries its own copy.
    let text = |name: &str| {
        get(name)
            .map(|p| capped(unescape_text(&p.value)))
            .unwrap_or_default()
    };

    let start = time::moment(get("DTSTART").ok_or("it has no DTSTART")?, zones)?;
    let end = match (get("DTEND"), get("DURATION")) {
        (Some(p), _) => time::moment(p, zones)?.at,
        (None, Some(p)) => {
            let length = time::duration(&p.value)
                .ok_or_else(|| format!("DURATION {:?} is not a duration", p.value))?;
            start
                .at
                .checked_add_signed(length)
                .ok_or("its DURATION is out of range")?
        }
        (None, None) if start.all_day => start.at + Duration::days(1),
        (None, None) => start.at,
    };
    // Swapped times are shown as the span they name, as the reference reader
    // does, rather than losing the meeting.
    let (start_at, end) = (start.at.min(end), start.at.max(end));
    // A day runs from midnight to midnight in the room. An end that is no
    // later midnight (DTEND equal to the DATE, an hours DURATION, a
    // date-time DTEND) still ends the day it falls on, and never before
    // the first: Google, Apple and Outlook all show such an event all day.
    let end = match start.all_day {
        true => all_day_end(start_at, end, zones.room),
        false => end,
    };
    let conference = props
        .iter()
        .filter(|p| p.name == "CONFERENCE" || p.name == "X-MICROSOFT-SKYPETEAMSMEETINGURL")
        .map(|p| p.value.clone())
        .collect();
    let description_html = props
        .iter()
        .find(|p| p.name == "X-ALT-DESC" && p.param("FMTTYPE") == Some("text/html"))
        .map(|p| capped(unescape_text(&p.value)))
        .unwrap_or_default();

    Ok(CalendarEvent {
        uid: text("UID"),
        title: text("SUMMARY"),
        start: start_at,
        end,
        all_day: start.all_day,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        private: matches!(
            text("CLASS").to_ascii_uppercase().as_str(),
            "PRIVATE" | "CONFIDENTIAL"
        ),
        recurring: get("RRULE").is_some() || get("RDATE").is_some(),
        location: text("LOCATION"),
        description: text("DESCRIPTION"),
        description_html,
        url: text("URL"),
        organizer: get("ORGANIZER").map_or_else(String::new, |p| email_of(&p.value)),
        conference,
        source: source.to_string(),
    })
}

/// The room midnight an all-day event ends at: the day `end` falls in, or
/// the next one when `end` is past that day's midnight; at least a day on.
fn all_day_end(start: DateTime<Utc>, end: DateTime<Utc>, room: Tz) -> DateTime<Utc> {
    let first = start.with_timezone(&room).date_naive();
    let local = end.with_timezone(&room);
    let mut last = local.date_naive();
    if midnight_in(room, last) < end {
        last = last.succ_opt().unwrap_or(last);
    }
    midnight_in(room, last.max(first.succ_opt().unwrap_or(first)))
}

#[cfg(test)]
mod tests;

/// `mailto:Dana@Example.com` → `dana@example.com`; anything else names nobody.
fn email_of(address: &str) -> String {
    let address = address.trim();
    match address.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => address[7..].to_lowercase(),
        _ => String::new(),
    }
}

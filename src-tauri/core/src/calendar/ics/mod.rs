//! Reads an iCalendar (RFC 5545) feed into calendar events.

mod lines;
mod recur;
mod time;
mod vtimezone;
mod windows_zones;

pub use time::zone_named;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::calendar::event::{capped, CalendarEvent, ParsedCalendar};
use lines::{content_lines, unescape_text, Property};
use time::Zones;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("this is not an iCalendar file: it has no BEGIN:VCALENDAR")]
    NotACalendar,
}

/// Reads every VEVENT; recurring ones are expanded into their instances that
/// meet `window`. `room_zone` places floating times when the calendar names no
/// X-WR-TIMEZONE. An event that cannot be read is skipped with a warning.
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
    let zones = Zones::new(floating, defined);

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
                _ if e.uid.trim().is_empty() => {
                    e.uid = format!("no-uid-line-{line}");
                    match e.recurring {
                        true => masters.push((*line, props, e)),
                        false => parsed.events.push(e),
                    }
                }
                Some(rid) => match time::moment(rid, &zones) {
                    Ok(m) => overrides.entry(e.uid.clone()).or_default().push(Override {
                        recurrence_id: m.at,
                        this_and_future: rid.param("RANGE") == Some("THISANDFUTURE"),
                        event: e,
                    }),
                    Err(why) => parsed.warnings.push(warn(why)),
                },
                None if e.recurring => masters.push((*line, props, e)),
                None => parsed.events.push(e),
            },
        }
    }
    for (line, props, master) in masters {
        let overridden = overrides.get(&master.uid).map_or(&[][..], Vec::as_slice);
        match expand(props, &master, overridden, &zones, window) {
            Ok((instances, cut)) => {
                parsed.events.extend(instances);
                parsed.warnings.extend(
                    cut.map(|why| format!("{source}: recurring event at line {line}: {why}")),
                );
            }
            Err(why) => parsed.warnings.push(format!(
                "{source}: recurring event at line {line} skipped: {why}"
            )),
        }
    }
    parsed
        .events
        .extend(overrides.into_values().flatten().map(|o| o.event));
    Ok(parsed)
}

/// A RECURRENCE-ID instance: it replaces the instance that started at
/// `recurrence_id`, and with RANGE=THISANDFUTURE every later one too.
struct Override {
    recurrence_id: DateTime<Utc>,
    this_and_future: bool,
    event: CalendarEvent,
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
    props: &[Property],
    master: &CalendarEvent,
    overrides: &[Override],
    zones: &Zones,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<(Vec<CalendarEvent>, Option<String>), String> {
    let all = |name: &str| props.iter().filter(|p| p.name == name).collect::<Vec<_>>();
    let rule = recur::Recurrence {
        dtstart: props
            .iter()
            .find(|p| p.name == "DTSTART")
            .ok_or("it has no DTSTART")?,
        rrule: props.iter().find(|p| p.name == "RRULE"),
        rdates: all("RDATE"),
        exdates: all("EXDATE"),
    };
    let length = master.end - master.start;
    // Widen the window by the longest shift a THISANDFUTURE override applies.
    let shift = overrides
        .iter()
        .filter(|o| o.this_and_future)
        .map(|o| (o.event.start - o.recurrence_id).abs())
        .max()
        .unwrap_or_else(Duration::zero);
    let starts = recur::instance_starts(&rule, zones, length, from - shift, to + shift)?;
    let mut instances = Vec::new();
    for start in starts {
        if instances.len() == MAX_INSTANCES {
            let cut = format!("it repeats more than {MAX_INSTANCES} times in the window read; the first {MAX_INSTANCES} are shown");
            return Ok((instances, Some(cut)));
        }
        if overrides.iter().any(|o| o.recurrence_id == start) {
            continue; // the override stands in its place
        }
        let shape = overrides
            .iter()
            .filter(|o| o.this_and_future && o.recurrence_id < start)
            .max_by_key(|o| o.recurrence_id);
        let mut instance = match shape {
            Some(o) => {
                let mut e = o.event.clone();
                e.start = start + (o.event.start - o.recurrence_id);
                e.end = e.start + (o.event.end - o.event.start);
                e
            }
            None => {
                let mut e = master.clone();
                e.start = start;
                e.end = start + length;
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
    if end < start.at {
        return Err("it ends before it starts".into());
    }
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
        start: start.at,
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

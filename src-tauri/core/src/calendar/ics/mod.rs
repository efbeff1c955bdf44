//! Reads an iCalendar (RFC 5545) feed into calendar events.

mod components;
mod lines;
mod recur;
mod rule_text;
mod series;
mod time;
mod vtimezone;
mod windows_zones;

pub use time::zone_named;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::calendar::event::{capped, midnight_in, CalendarEvent, ParsedCalendar};
use crate::calendar::MAX_EVENTS;
use lines::{unescape_text, Property};
use series::Override;
use time::Zones;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("this is not an iCalendar file: it has no BEGIN:VCALENDAR")]
    NotACalendar,
    #[error("this calendar could not be read")]
    Unreadable,
}

/// Reads every VEVENT; recurring ones are expanded into their instances that
/// meet `window`, and only events that meet it are kept. `room_zone` places
/// floating times when the calendar names no X-WR-TIMEZONE, and every DATE.
///
/// Each event costs only itself: one that cannot be read, or whose reading
/// would panic, is skipped with a warning; a rule too costly to expand is left
/// out with one. What the feed holds is bounded before it is expanded (the
/// lines an event may keep, the series and overrides read, `MAX_EVENTS` kept).
pub fn parse_calendar(
    text: &str,
    room_zone: Tz,
    source: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<ParsedCalendar, Error> {
    // Each event is read behind its own guard; this one is for the reader's.
    unwound(|| read(text, room_zone, source, window)).unwrap_or(Err(Error::Unreadable))
}

fn read(
    text: &str,
    room_zone: Tz,
    source: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<ParsedCalendar, Error> {
    let head = components::head(text);
    if !head.calendar {
        return Err(Error::NotACalendar);
    }
    let floating = head
        .timezone
        .as_deref()
        .and_then(zone_named)
        .unwrap_or(room_zone);
    let mut parsed = ParsedCalendar::default();
    let mut notes = Notes::new(source);
    let defined = unwound(|| vtimezone::definitions(&head.zones, vtimezone::years_for(window)));
    let defined = match defined {
        Ok((defined, warnings)) => {
            warnings.into_iter().for_each(|w| notes.push(w));
            defined
        }
        Err(why) => {
            notes.push(format!("its time zone definitions were skipped: {why}"));
            HashMap::new()
        }
    };
    head.notes.into_iter().for_each(|w| notes.push(w));
    let zones = Zones::new(floating, room_zone, defined);
    let mut kept = Kept::new(window);

    let mut overrides: HashMap<String, Vec<Override>> = HashMap::new();
    let mut kept_overrides = 0;
    let mut masters = Vec::new();
    let mut master_of: HashMap<String, usize> = HashMap::new();
    for (line, props) in components::vevents(text) {
        let warn = |why: String| format!("event at line {line} skipped: {why}");
        let get = |name: &str| props.iter().find(|p| p.name == name);
        let mut e = match unwound(|| event(&props, &zones, source)).and_then(|e| e) {
            Ok(e) => e,
            Err(why) => {
                notes.push(warn(why));
                continue;
            }
        };
        let rid = get("RECURRENCE-ID");
        // An event without a UID is its own event: named by its line, it
        // neither replaces nor hides another UID-less one; an override with
        // no series to belong to is one event.
        let uid_less = e.uid.trim().is_empty();
        if uid_less {
            e.uid = format!("no-uid-line-{line}");
        }
        let rid = match rid {
            Some(rid) if !uid_less => rid,
            _ if e.recurring && rid.is_none() => {
                let new = master(line, props, e);
                if let Err(why) = add_master(&mut masters, &mut master_of, new) {
                    notes.push(warn(why));
                }
                continue;
            }
            _ => {
                kept.push(e);
                continue;
            }
        };
        let recurrence_id =
            match unwound(|| series::RecurrenceId::read(rid, &zones)).and_then(|r| r) {
                Ok(id) => id,
                Err(why) => {
                    notes.push(warn(why));
                    continue;
                }
            };
        let this_and_future = rid.param("RANGE") == Some("THISANDFUTURE");
        // Only an override that may touch the window is kept: it is there, or
        // it moves or hides an instance near it, or it reshapes later ones.
        let near = recurrence_id.at < time::later(window.1, Duration::days(2))
            && recurrence_id.at > time::later(window.0, -Duration::days(MAX_REACH_DAYS));
        if !(this_and_future || near || kept.meets(&e)) {
            continue;
        }
        let same_uid = overrides.entry(e.uid.clone()).or_default();
        if same_uid.len() >= MAX_OVERRIDES_PER_SERIES || kept_overrides >= MAX_OVERRIDES {
            notes.push(warn(format!(
                "the feed changes more than {MAX_OVERRIDES_PER_SERIES} instances of one series near the dates read, or {MAX_OVERRIDES} in all"
            )));
            continue;
        }
        kept_overrides += 1;
        let new = Override {
            recurrence_id,
            this_and_future,
            has_rule: get("RRULE").is_some(),
            version: series::Version::of(&props),
            event: e,
        };
        series::add_override(same_uid, new);
    }
    let mut steps = recur::Steps::new(MAX_CALENDAR_STEPS);
    masters.sort_by_cached_key(|m| {
        let span = window.0 - m.event.start;
        m.props
            .iter()
            .filter(|p| p.name == "RRULE")
            .map(|p| recur::steps_over(&p.value, span))
            .fold(0, u64::saturating_add)
    });
    for master in masters {
        let line = master.line;
        let overridden = overrides.remove(&master.event.uid).unwrap_or_default();
        let expanded = unwound(|| {
            series::standing(&master, overridden, &zones, &mut steps).and_then(|standing| {
                let (instances, cut) = expand(&master, &standing, &zones, window, &mut steps)?;
                Ok((instances, cut, standing))
            })
        })
        .and_then(|r| r);
        match expanded {
            Ok((instances, cut, standing)) => {
                instances.into_iter().for_each(|e| kept.push(e));
                standing.into_iter().for_each(|o| kept.push(o.event));
                cut.into_iter()
                    .for_each(|why| notes.push(format!("recurring event at line {line}: {why}")));
            }
            Err(why) => notes.push(format!("recurring event at line {line} skipped: {why}")),
        }
    }
    // Overrides of a series the feed does not carry stand on their own.
    overrides
        .into_values()
        .flatten()
        .for_each(|o| kept.push(o.event));
    for tzid in zones.unknown() {
        notes.push(format!(
            "time zone {tzid:?} is neither a known zone nor defined in the calendar; its times are read in {}",
            zones.floating.name()
        ));
    }
    let (events, cut) = kept.finish();
    parsed.events = events;
    if cut {
        notes.push(format!(
            "more than {MAX_EVENTS} events in the window read; the first {MAX_EVENTS} are kept"
        ));
    }
    parsed.warnings = notes.finish();
    Ok(parsed)
}

/// How far before the window an override's instance may start and still be
/// kept: an instance of a long series may reach into the window.
const MAX_REACH_DAYS: i64 = 400;
/// Overrides read for one series, and for the whole calendar: a busy room's
/// daily series, changed every day for years, has a few hundred near the window.
const MAX_OVERRIDES_PER_SERIES: usize = 2_000;
const MAX_OVERRIDES: usize = 20_000;
/// Series read: a room's calendar of years holds hundreds.
const MAX_SERIES: usize = 5_000;
/// Rule steps the whole calendar may take (each series may take
/// `recur::MAX_STEPS` of them): the cheapest series are expanded first, so
/// costly ones left out do not take a room's ordinary ones with them.
const MAX_CALENDAR_STEPS: usize = 2_000_000;
/// Warnings kept word for word (the room shows a few and counts the rest);
/// beyond these, one line counts them.
const MAX_NOTES: usize = 10_000;

/// `f`, with a panic turned into an error: the last defence that keeps one
/// event's fault from taking down the source, the refresh or the screen.
fn unwound<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!("reading a calendar event panicked: {why}");
        "it could not be read".to_string()
    })
}

/// The source's warnings, the first `MAX_NOTES` of them word for word.
struct Notes<'s> {
    source: &'s str,
    kept: Vec<String>,
    more: usize,
}

impl<'s> Notes<'s> {
    fn new(source: &'s str) -> Self {
        Notes {
            source,
            kept: Vec::new(),
            more: 0,
        }
    }

    fn push(&mut self, why: String) {
        match self.kept.len() < MAX_NOTES {
            true => self.kept.push(format!("{}: {why}", self.source)),
            false => self.more += 1,
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.kept.push(format!(
                "{}: and {} more events or rules that could not be read",
                self.source, self.more
            ));
        }
        self.kept
    }
}

/// The events that meet the window, at most `MAX_EVENTS` of them (the
/// earliest), never more than twice that in memory.
struct Kept {
    window: (DateTime<Utc>, DateTime<Utc>),
    events: Vec<CalendarEvent>,
    cut: bool,
}

impl Kept {
    fn new(window: (DateTime<Utc>, DateTime<Utc>)) -> Self {
        Kept {
            window,
            events: Vec::new(),
            cut: false,
        }
    }

    fn meets(&self, e: &CalendarEvent) -> bool {
        let (from, to) = self.window;
        (e.start < to && e.end > from) || (e.start == e.end && e.start >= from && e.start < to)
    }

    fn push(&mut self, e: CalendarEvent) {
        if !self.meets(&e) {
            return;
        }
        self.events.push(e);
        if self.events.len() >= 2 * MAX_EVENTS {
            self.trim();
        }
    }

    fn trim(&mut self) {
        if self.events.len() > MAX_EVENTS {
            // Stable: events of one start keep the feed's order.
            self.events.sort_by_key(|e| e.start);
            self.events.truncate(MAX_EVENTS);
            self.cut = true;
        }
    }

    /// The events by start (events of one start in the order read).
    fn finish(mut self) -> (Vec<CalendarEvent>, bool) {
        self.trim();
        self.events.sort_by_key(|e| e.start);
        (self.events, self.cut)
    }
}

fn master<'a>(line: usize, props: Vec<Property<'a>>, event: CalendarEvent) -> series::Master<'a> {
    series::Master {
        line,
        version: series::Version::of(&props),
        props,
        event,
    }
}

/// Of several masters with one UID, the latest version: a re-sent series
/// replaces the old one, its new EXDATEs included.
fn add_master<'a>(
    masters: &mut Vec<series::Master<'a>>,
    index: &mut HashMap<String, usize>,
    new: series::Master<'a>,
) -> Result<(), String> {
    match index.get(&new.event.uid) {
        Some(&at) if masters[at].version < new.version => masters[at] = new,
        Some(_) => {}
        None if masters.len() >= MAX_SERIES => {
            return Err(format!(
                "the feed has more than {MAX_SERIES} recurring events"
            ))
        }
        None => {
            index.insert(new.event.uid.clone(), masters.len());
            masters.push(new);
        }
    }
    Ok(())
}

/// The most instances one series may put in a read's window. A meeting room's
/// series repeat at most hourly; a rule firing every minute is hostile.
const MAX_INSTANCES: usize = 200;

fn expand(
    master: &series::Master,
    overrides: &[Override],
    zones: &Zones,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    steps: &mut recur::Steps,
) -> Result<(Vec<CalendarEvent>, Vec<String>), String> {
    let rule = series::recurrence(&master.props)?;
    let series = &master.event;
    let length = series.end - series.start;
    // An all-day instance ends on a room midnight, however long DST makes its days.
    let days = |e: &CalendarEvent| {
        let date = |t: DateTime<Utc>| t.with_timezone(&zones.room).date_naive();
        date(e.end) - date(e.start)
    };
    let end_of = |e: &CalendarEvent, start: DateTime<Utc>, length: Duration| match e.all_day {
        true => {
            let first = start.with_timezone(&zones.room).date_naive();
            match first.checked_add_signed(days(e)) {
                Some(last) => midnight_in(zones.room, last),
                None => time::later(start, length),
            }
        }
        false => time::later(start, length),
    };
    // Widen the window by the longest shift a THISANDFUTURE override applies.
    let shift = overrides
        .iter()
        .filter(|o| o.this_and_future)
        .map(|o| (o.event.start - o.recurrence_id.at).abs())
        .max()
        .unwrap_or_else(Duration::zero);
    let (found, mut notes) = recur::instances(
        &rule,
        zones,
        length,
        time::later(from, -shift),
        time::later(to, shift),
        steps,
    )?;
    let mut instances = Vec::new();
    for found in found {
        if instances.len() == MAX_INSTANCES {
            notes.push(format!("it repeats more than {MAX_INSTANCES} times in the window read; the first {MAX_INSTANCES} are shown"));
            break;
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
                e.start = time::later(start, o.event.start - o.recurrence_id.at);
                e.end = end_of(&o.event, e.start, o.event.end - o.event.start);
                e
            }
            None => {
                let mut e = series.clone();
                e.start = start;
                e.end = match found.length {
                    Some(period) => time::later(start, period),
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
    Ok((instances, notes))
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
            time::plus_written(start.at, length).ok_or_else(|| {
                format!("its DURATION {:?} ends past the year 9999", p.value.trim())
            })?
        }
        (None, None) if start.all_day => time::later(start.at, Duration::days(1)),
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
        .map(|p| p.value.to_string())
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
        etag: String::new(),
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

//! The calendar's components, read a line at a time: of each VEVENT and
//! VTIMEZONE only the lines the reader uses are kept, as many of each as it
//! reads, and every other line is dropped as it is met. A feed of millions of
//! tiny lines costs the reader a pass over its text, not a copy of each line.

use super::lines::{lines, Line, Property};
use super::recur;

/// What the reader needs before the events: whether this is a calendar, the
/// zone its floating times are in, and the lines of its VTIMEZONEs.
pub struct Head<'a> {
    pub calendar: bool,
    pub timezone: Option<String>,
    pub zones: Vec<Property<'a>>,
    pub notes: Vec<String>,
}

/// The lines a VTIMEZONE is read from.
const ZONE_LINES: &[&str] = &[
    "BEGIN",
    "END",
    "TZID",
    "DTSTART",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "RRULE",
    "RDATE",
];

/// VTIMEZONE lines kept, for all zones together: a zone takes about twenty.
const MAX_ZONE_LINES: usize = 20_000;

pub fn head(text: &str) -> Head<'_> {
    let mut head = Head {
        calendar: false,
        timezone: None,
        zones: Vec::new(),
        notes: Vec::new(),
    };
    let mut in_zone = false;
    let mut dropped = false;
    let wanted = |name: &str| {
        name.eq_ignore_ascii_case("X-WR-TIMEZONE")
            || ZONE_LINES.iter().any(|n| n.eq_ignore_ascii_case(name))
    };
    for prop in lines(text).filter_map(|l| kept(l, wanted)) {
        let value = prop.value.trim();
        match &*prop.name {
            "BEGIN" if value.eq_ignore_ascii_case("VCALENDAR") => head.calendar = true,
            "BEGIN" if value.eq_ignore_ascii_case("VTIMEZONE") => in_zone = true,
            "X-WR-TIMEZONE" => {
                if head.timezone.is_none() {
                    head.timezone = Some(value.to_string());
                }
                continue;
            }
            _ => {}
        }
        if !in_zone {
            continue;
        }
        if prop.name == "END" && value.eq_ignore_ascii_case("VTIMEZONE") {
            in_zone = false;
        }
        match head.zones.len() < MAX_ZONE_LINES {
            true => head.zones.push(prop),
            false => dropped = true,
        }
    }
    if dropped {
        head.notes.push(format!(
            "its time zones take more than {MAX_ZONE_LINES} lines; the rest are not read"
        ));
    }
    head
}

/// The lines an event is read from, and how many of each are kept: the
/// reader uses the first of most, and several only of these.
const EVENT_LINES: &[(&str, usize)] = &[
    ("DTSTART", 1),
    ("DTEND", 1),
    ("DURATION", 1),
    ("RECURRENCE-ID", 1),
    ("UID", 1),
    ("SUMMARY", 1),
    ("STATUS", 1),
    ("CLASS", 1),
    ("LOCATION", 1),
    ("DESCRIPTION", 1),
    ("URL", 1),
    ("ORGANIZER", 1),
    ("SEQUENCE", 1),
    ("LAST-MODIFIED", 1),
    ("DTSTAMP", 1),
    // One more than are read, so that a series with too many is told.
    ("RRULE", recur::MAX_RULES + 1),
    // Outlook writes an EXDATE line for each instance deleted.
    ("RDATE", recur::MAX_DATES),
    ("EXDATE", recur::MAX_DATES),
    ("CONFERENCE", 20),
    ("X-MICROSOFT-SKYPETEAMSMEETINGURL", 20),
    ("X-ALT-DESC", 10),
];

/// Each top-level VEVENT's lines (nested VALARMs left out), with its first
/// line number, one event at a time.
pub fn vevents(text: &str) -> impl Iterator<Item = (usize, Vec<Property<'_>>)> {
    // Whether each open component is a VEVENT, and how many VEVENTs are open.
    let mut stack: Vec<bool> = Vec::new();
    let mut events_open = 0;
    let mut current: Vec<Property> = Vec::new();
    let mut counts = [0usize; EVENT_LINES.len()];
    let mut began_at = 0;
    let wanted = |name: &str| {
        name.eq_ignore_ascii_case("BEGIN")
            || name.eq_ignore_ascii_case("END")
            || EVENT_LINES
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let mut props = lines(text).filter_map(move |l| kept(l, wanted));
    std::iter::from_fn(move || {
        for prop in props.by_ref() {
            let in_event = stack.last() == Some(&true);
            match &*prop.name {
                "BEGIN" => {
                    let is_event = prop.value.trim().eq_ignore_ascii_case("VEVENT");
                    if is_event && events_open == 0 {
                        began_at = prop.line;
                        current.clear();
                        counts = [0; EVENT_LINES.len()];
                    }
                    events_open += usize::from(is_event);
                    stack.push(is_event);
                }
                "END" => {
                    let closed_event = stack.pop() == Some(true);
                    events_open -= usize::from(closed_event);
                    if closed_event && events_open == 0 {
                        return Some((began_at, std::mem::take(&mut current)));
                    }
                }
                name if in_event => {
                    if let Some(i) = EVENT_LINES.iter().position(|(n, _)| *n == name) {
                        if counts[i] < EVENT_LINES[i].1 {
                            counts[i] += 1;
                            current.push(prop);
                        }
                    }
                }
                _ => {}
            }
        }
        None
    })
}

/// The line as a property when `wanted` names it; judged by its name alone
/// before it is split, when the name can be read without splitting.
fn kept<'a>(line: Line<'a>, wanted: impl Fn(&str) -> bool) -> Option<Property<'a>> {
    if let Some(name) = line.name() {
        if !wanted(name) {
            return None;
        }
    }
    line.property().filter(|p| wanted(&p.name))
}

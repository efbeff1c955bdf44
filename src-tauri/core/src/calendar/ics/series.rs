//! A recurring event's identity: which of several masters with one UID is
//! current, which RECURRENCE-ID overrides belong to it, and which instance
//! each one replaces, however its producer wrote the value.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::lines::Property;
use super::recur;
use super::time::{self, Zones};
use crate::calendar::event::CalendarEvent;

/// A series' master VEVENT, with what decides between re-sent copies.
pub struct Master<'a> {
    pub line: usize,
    pub props: Vec<Property<'a>>,
    pub event: CalendarEvent,
    pub version: Version,
}

/// SEQUENCE, then LAST-MODIFIED or DTSTAMP: a re-sent series or instance
/// with a higher one replaces the older copy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    sequence: i64,
    stamp: String,
}

impl Version {
    pub fn of(props: &[Property]) -> Version {
        let get = |name: &str| props.iter().find(|p| p.name == name);
        Version {
            sequence: get("SEQUENCE")
                .and_then(|p| p.value.trim().parse().ok())
                .unwrap_or(0),
            // Both are UTC `YYYYMMDDTHHMMSSZ`, which sort as text.
            stamp: get("LAST-MODIFIED")
                .or_else(|| get("DTSTAMP"))
                .map_or_else(String::new, |p| p.value.trim().to_string()),
        }
    }
}

/// The instance a RECURRENCE-ID (or EXDATE) names.
#[derive(Debug, Clone, Copy)]
pub struct RecurrenceId {
    /// The instant, in the value's own zone (a DATE: the room's midnight).
    pub at: DateTime<Utc>,
    /// The value as written, for floating values and dates.
    wall: NaiveDateTime,
    date_only: bool,
    floating: bool,
}

impl RecurrenceId {
    pub fn read(prop: &Property, zones: &Zones) -> Result<RecurrenceId, String> {
        let (wall, date_only) = time::wall_time(prop)?;
        Ok(RecurrenceId {
            at: time::moment(prop, zones)?.at,
            wall,
            date_only,
            floating: prop.param("TZID").is_none() && !prop.value.trim().ends_with('Z'),
        })
    }

    /// Whether this names the instance at `start` (`wall` in the series'
    /// zone). Producers disagree on the value type: Outlook names a day of an
    /// all-day series with a zoned midnight, others with a DATE, a floating or
    /// a UTC time. The same instant always matches; so does the same date when
    /// either side is a day, and the same wall-clock time when it is floating.
    pub fn names(&self, start: DateTime<Utc>, wall: NaiveDateTime, all_day: bool) -> bool {
        self.at == start
            || ((self.date_only || all_day) && self.wall.date() == wall.date())
            || (self.floating && self.wall == wall)
    }

    fn same(&self, other: &RecurrenceId, all_day: bool) -> bool {
        other.names(self.at, self.wall, all_day || self.date_only)
    }
}

/// A RECURRENCE-ID instance: it replaces the instance its ID names, and with
/// RANGE=THISANDFUTURE every later one too.
pub struct Override {
    pub recurrence_id: RecurrenceId,
    pub this_and_future: bool,
    /// Some producers copy the series' RRULE into an override.
    pub has_rule: bool,
    pub version: Version,
    pub event: CalendarEvent,
}

/// Of several overrides naming one instance, the latest version.
pub fn add_override(overrides: &mut Vec<Override>, new: Override) {
    match overrides
        .iter_mut()
        .find(|o| o.recurrence_id.same(&new.recurrence_id, new.event.all_day))
    {
        Some(old) if old.version < new.version => *old = new,
        Some(_) => {}
        None => overrides.push(new),
    }
}

/// Overrides that still stand against `master`: not deleted by one of its
/// EXDATEs, and not a stale copy of the series (an override with its own
/// RRULE, older than the master, naming no instance the master still has).
pub fn standing(
    master: &Master,
    overrides: Vec<Override>,
    zones: &Zones,
    steps: &mut recur::Steps,
) -> Result<Vec<Override>, String> {
    let all_day = master.event.all_day;
    let mut exdates = Vec::new();
    for p in master.props.iter().filter(|p| p.name == "EXDATE") {
        for value in p.listed_values().take(recur::MAX_DATES) {
            exdates.push(RecurrenceId::read(&p.with_value(value), zones)?);
        }
    }
    let overrides: Vec<Override> = overrides
        .into_iter()
        .filter(|o| !exdates.iter().any(|x| x.same(&o.recurrence_id, all_day)))
        .collect();
    let is_stale_copy = |o: &Override| o.has_rule && o.version.sequence < master.version.sequence;
    // The master's instances around the stale copies' IDs, walked once for
    // all of them: a feed of many copies must not walk the rule for each.
    let stale_ids = overrides
        .iter()
        .filter(|o| is_stale_copy(o))
        .map(|o| o.recurrence_id.at);
    let named = match (stale_ids.clone().min(), stale_ids.max()) {
        (Some(first), Some(last)) => {
            let length = master.event.end - master.event.start;
            let rule = recurrence(&master.props)?;
            let around = (
                time::later(first, -Duration::days(1)),
                time::later(last, Duration::days(2)),
            );
            recur::instances(&rule, zones, length, around.0, around.1, steps)?.0
        }
        _ => Vec::new(),
    };
    Ok(overrides
        .into_iter()
        .filter(|o| {
            !is_stale_copy(o)
                || named
                    .iter()
                    .any(|i| o.recurrence_id.names(i.start, i.wall, all_day))
        })
        .collect())
}

pub fn recurrence<'a>(props: &'a [Property<'a>]) -> Result<recur::Recurrence<'a>, String> {
    let all = |name: &str| props.iter().filter(|p| p.name == name).collect::<Vec<_>>();
    Ok(recur::Recurrence {
        dtstart: props
            .iter()
            .find(|p| p.name == "DTSTART")
            .ok_or("it has no DTSTART")?,
        rrules: all("RRULE"),
        rdates: all("RDATE"),
        exdates: all("EXDATE"),
    })
}

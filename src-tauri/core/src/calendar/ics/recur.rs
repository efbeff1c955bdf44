//! Recurrence: RRULE, RDATE and EXDATE expanded into instance starts inside a
//! window. The rule arithmetic is the `rrule` crate's; what real calendars get
//! wrong (UNTIL in DTSTART's zone instead of UTC) is mended here first.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::{RRule, RRuleSet, Unvalidated};

use super::lines::Property;
use super::time::{self, Zone, Zones};

/// More instances than a room calendar can hold in any window we ask for.
const MAX_INSTANCES: usize = 5000;

/// Instances a rule may produce before the window: a daily meeting since 1750
/// fits; a rule firing every second since 2000 is refused rather than stalling
/// the reader (`rrule` walks every instance from DTSTART on).
const MAX_STEPS: usize = 100_000;

/// The set's instances in `[after, before]`, at most `max` of them.
pub(super) fn between(
    set: RRuleSet,
    after: DateTime<rrule::Tz>,
    before: DateTime<rrule::Tz>,
    max: usize,
) -> Result<Vec<DateTime<rrule::Tz>>, String> {
    // `limit` also stops a rule that can never match (BYMONTHDAY=31;BYMONTH=2).
    let set = set.limit();
    let mut found = Vec::new();
    for (step, at) in set.into_iter().enumerate() {
        if at > before || found.len() >= max {
            break;
        }
        if step >= MAX_STEPS {
            return Err(format!(
                "its rule repeats more than {MAX_STEPS} times before the dates asked for"
            ));
        }
        if at >= after {
            found.push(at);
        }
    }
    Ok(found)
}

pub struct Recurrence<'a> {
    pub dtstart: &'a Property,
    /// RFC 5545 allows one; RFC 2445 and some producers still write several.
    pub rrules: Vec<&'a Property>,
    pub rdates: Vec<&'a Property>,
    pub exdates: Vec<&'a Property>,
}

/// One instance of a series.
pub struct Instance {
    pub start: DateTime<Utc>,
    /// Its wall-clock time in the series' zone, which RECURRENCE-IDs may name.
    pub wall: NaiveDateTime,
    /// An RDATE PERIOD gives its own length.
    pub length: Option<Duration>,
}

/// The instances whose span `[start, start + length)` meets `[from, to)`.
///
/// The rule runs on wall-clock times (held as if UTC), as RFC 5545 defines it,
/// and each instance is then placed in DTSTART's zone: a named one or one the
/// calendar defines in a VTIMEZONE. An all-day series runs on the room's dates.
pub fn instances(
    r: &Recurrence,
    zones: &Zones,
    length: Duration,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Instance>, String> {
    let (first_wall, all_day) = time::wall_time(r.dtstart)?;
    let zone = match all_day {
        true => Zone::Named(zones.room),
        false => zones.of(r.dtstart)?,
    };
    let as_rule_time = |wall: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&wall);
    let first = as_rule_time(first_wall);
    let mut set = RRuleSet::new(first);
    for p in &r.rrules {
        let text = wall_until(&without_bad_count(&p.value), &zone, all_day);
        let rule: RRule<Unvalidated> = text
            .parse()
            .map_err(|e| format!("RRULE {:?}: {e}", p.value))?;
        set = set.rrule(
            rule.validate(first)
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?,
        );
    }
    if r.rrules.is_empty() {
        // RDATE alone: DTSTART is the first instance.
        set = set.rdate(first);
    }
    let mut periods = Vec::new();
    for p in &r.rdates {
        for value in each_value(p, zones, &zone, all_day)? {
            set = set.rdate(as_rule_time(value.wall));
            if let Some(length) = value.length {
                periods.push((value.wall, length));
            }
        }
    }
    let mut excluded_days = Vec::new();
    for p in &r.exdates {
        for value in each_value(p, zones, &zone, all_day)? {
            match value.date_only && !all_day {
                // A DATE excludes a timed series' instances on that day.
                true => excluded_days.push(value.wall.date()),
                false => set = set.exdate(as_rule_time(value.wall)),
            }
        }
    }
    // A day either side covers any offset; the exact cut is made in UTC below.
    let longest = periods
        .iter()
        .map(|p| p.1)
        .max()
        .unwrap_or(length)
        .max(length);
    let walls = between(
        set,
        as_rule_time(zone.wall(from - longest)) - Duration::days(1),
        as_rule_time(zone.wall(to)) + Duration::days(1),
        MAX_INSTANCES,
    )?;
    Ok(walls
        .into_iter()
        .map(|d| d.naive_utc())
        .filter(|wall| !excluded_days.contains(&wall.date()))
        .map(|wall| Instance {
            start: zone.instant(wall),
            wall,
            length: periods.iter().find(|p| p.0 == wall).map(|p| p.1),
        })
        .filter(|i| {
            let length = i.length.unwrap_or(length);
            i.start < to && i.start + length > from
                || (length.is_zero() && i.start >= from && i.start < to)
        })
        .collect())
}

/// An RDATE or EXDATE value in the series' wall-clock time.
struct Value {
    wall: NaiveDateTime,
    date_only: bool,
    length: Option<Duration>,
}

/// RDATE and EXDATE may list several values, each in the property's zone. A
/// PERIOD (`start/end` or `start/duration`) gives its instance's length. For
/// an all-day series a value names a day: its date as written.
fn each_value(
    p: &Property,
    zones: &Zones,
    series_zone: &Zone,
    all_day: bool,
) -> Result<Vec<Value>, String> {
    p.listed_values()
        .map(|v| {
            let mut parts = v.splitn(2, '/');
            let start = p.with_value(parts.next().unwrap_or(v));
            let (written, date_only) = time::wall_time(&start)?;
            let at = time::moment(&start, zones)?.at;
            let length = match parts.next() {
                Some(end) if end.trim().starts_with(['P', '+', '-']) => time::duration(end),
                Some(end) => time::moment(&p.with_value(end), zones)
                    .ok()
                    .map(|m| m.at - at),
                None => None,
            };
            let wall = match all_day || date_only {
                true => written
                    .date()
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight exists"),
                false => series_zone.wall(at),
            };
            Ok(Value {
                wall,
                date_only,
                length: length.filter(|l| *l >= Duration::zero()),
            })
        })
        .collect()
}

/// A rule with both UNTIL and COUNT, or a COUNT below 1, loses its COUNT:
/// RFC 5545 forbids both, and the producers that write them (`COUNT=-1`
/// beside an UNTIL) mean the UNTIL, as their own clients show it.
fn without_bad_count(rule: &str) -> String {
    let parts: Vec<&str> = rule.split(';').collect();
    let has_until = parts.iter().any(|p| p.starts_with("UNTIL="));
    parts
        .into_iter()
        .filter(|p| match p.strip_prefix("COUNT=") {
            Some(n) => !has_until && n.trim().parse::<i64>().is_ok_and(|n| n >= 1),
            None => true,
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// UNTIL in the wall-clock time the rule runs on. RFC 5545 wants it in UTC
/// when DTSTART has a zone; Outlook and others write it in local time or as a
/// date, which is wall-clock time already. On an all-day series, whose dates
/// belong to no zone, a UTC UNTIL is read as written: Outlook ends a
/// fortnightly series on 16 September with `UNTIL=20200916T230000Z`, and
/// reading that as 17 September in London would add a Thursday it never shows.
fn wall_until(rule: &str, zone: &Zone, all_day: bool) -> String {
    rule.split(';')
        .map(|part| {
            let Some(value) = part.strip_prefix("UNTIL=") else {
                return part.to_string();
            };
            let wall = match value.strip_suffix('Z') {
                Some(utc) => NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
                    .ok()
                    .map(|u| match all_day {
                        true => u,
                        false => zone.wall(u.and_utc()),
                    }),
                None => NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                    .ok()
                    .or_else(|| {
                        NaiveDate::parse_from_str(value, "%Y%m%d")
                            .ok()
                            .and_then(|d| d.and_hms_opt(23, 59, 59))
                    }),
            };
            match wall {
                Some(w) => format!("UNTIL={}", w.format("%Y%m%dT%H%M%SZ")),
                None => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

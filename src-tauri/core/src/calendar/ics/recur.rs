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
    pub rrule: Option<&'a Property>,
    pub rdates: Vec<&'a Property>,
    pub exdates: Vec<&'a Property>,
}

/// Starts of the instances whose span `[start, start + length)` meets `[from, to)`.
///
/// The rule runs on wall-clock times (held as if UTC), as RFC 5545 defines it,
/// and each instance is then placed in DTSTART's zone: a named one or one the
/// calendar defines in a VTIMEZONE.
pub fn instance_starts(
    r: &Recurrence,
    zones: &Zones,
    length: Duration,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, String> {
    let (first_wall, all_day) = time::wall_time(r.dtstart)?;
    let zone = match all_day {
        true => Zone::Named(zones.floating),
        false => zones.of(r.dtstart)?,
    };
    let as_rule_time = |wall: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&wall);
    let walled = |at: DateTime<Utc>| as_rule_time(zone.wall(at));
    let mut set = match r.rrule {
        Some(p) => {
            let text = wall_until(&p.value, &zone);
            let rule: RRule<Unvalidated> = text
                .parse()
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?;
            rule.build(as_rule_time(first_wall))
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?
        }
        // RDATE alone: DTSTART is the first instance.
        None => RRuleSet::new(as_rule_time(first_wall)).rdate(as_rule_time(first_wall)),
    };
    for p in &r.rdates {
        for at in each_value(p, zones)? {
            set = set.rdate(walled(at));
        }
    }
    for p in &r.exdates {
        for at in each_value(p, zones)? {
            set = set.exdate(walled(at));
        }
    }
    // A day either side covers any offset; the exact cut is made in UTC below.
    let dates = between(
        set,
        walled(from - length) - Duration::days(1),
        walled(to) + Duration::days(1),
        MAX_INSTANCES,
    )?;
    Ok(dates
        .into_iter()
        .map(|d| zone.instant(d.naive_utc()))
        .filter(|s| *s < to && *s + length > from || (length.is_zero() && *s >= from && *s < to))
        .collect())
}

/// RDATE and EXDATE may list several values, each in the property's zone.
/// A PERIOD value (`start/end` or `start/duration`) counts by its start.
fn each_value(p: &Property, zones: &Zones) -> Result<Vec<DateTime<Utc>>, String> {
    p.value
        .split(',')
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            let start = v.split('/').next().unwrap_or(v);
            let one = Property {
                value: start.trim().to_string(),
                ..p.clone()
            };
            time::moment(&one, zones).map(|m| m.at)
        })
        .collect()
}

/// UNTIL in the wall-clock time the rule runs on. RFC 5545 wants it in UTC
/// when DTSTART has a zone; Outlook and others write it in local time or as a
/// date, which is wall-clock time already.
fn wall_until(rule: &str, zone: &Zone) -> String {
    rule.split(';')
        .map(|part| {
            let Some(value) = part.strip_prefix("UNTIL=") else {
                return part.to_string();
            };
            let wall = match value.strip_suffix('Z') {
                Some(utc) => NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
                    .ok()
                    .map(|u| zone.wall(u.and_utc())),
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

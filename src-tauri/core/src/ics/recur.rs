//! Recurrence: RRULE, RDATE and EXDATE expanded into instance starts inside a
//! window. The rule arithmetic is the `rrule` crate's; what real calendars get
//! wrong (UNTIL in DTSTART's zone instead of UTC) is mended here first.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{RRule, RRuleSet, Unvalidated};

use super::lines::Property;
use super::time;

/// More instances than a room calendar can hold in any window we ask for.
const MAX_INSTANCES: u16 = 5000;

pub struct Recurrence<'a> {
    pub dtstart: &'a Property,
    pub rrule: Option<&'a Property>,
    pub rdates: Vec<&'a Property>,
    pub exdates: Vec<&'a Property>,
}

/// Starts of the instances whose span `[start, start + length)` meets `[from, to)`.
pub fn instance_starts(
    r: &Recurrence,
    floating: Tz,
    length: Duration,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, String> {
    let zone = start_zone(r.dtstart, floating);
    let rz = rrule::Tz::Tz(zone);
    let first = time::moment(r.dtstart, floating)?.at.with_timezone(&rz);
    let mut set = match r.rrule {
        Some(p) => {
            let text = utc_until(&p.value, zone);
            let rule: RRule<Unvalidated> = text
                .parse()
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?;
            rule.build(first)
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?
        }
        // RDATE alone: DTSTART is the first instance.
        None => RRuleSet::new(first).rdate(first),
    };
    for p in &r.rdates {
        for at in each_value(p, floating)? {
            set = set.rdate(at.with_timezone(&rz));
        }
    }
    for p in &r.exdates {
        for at in each_value(p, floating)? {
            set = set.exdate(at.with_timezone(&rz));
        }
    }
    let earliest = (from - length).with_timezone(&rz);
    let result = set
        .after(earliest)
        .before(to.with_timezone(&rz))
        .all(MAX_INSTANCES);
    Ok(result
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .filter(|s| *s < to && *s + length > from || (length.is_zero() && *s >= from && *s < to))
        .collect())
}

/// The zone DTSTART's wall-clock times recur in.
fn start_zone(dtstart: &Property, floating: Tz) -> Tz {
    if dtstart.value.trim().ends_with('Z') {
        return Tz::UTC;
    }
    dtstart
        .param("TZID")
        .and_then(time::zone_named)
        .unwrap_or(floating)
}

/// RDATE and EXDATE may list several values, each in the property's zone.
fn each_value(p: &Property, floating: Tz) -> Result<Vec<DateTime<Utc>>, String> {
    p.value
        .split(',')
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            let one = Property {
                value: v.trim().to_string(),
                ..p.clone()
            };
            time::moment(&one, floating).map(|m| m.at)
        })
        .collect()
}

/// RFC 5545 wants UNTIL in UTC when DTSTART has a zone; Outlook and others
/// write it in local time or as a date. Rewrite it as UTC.
fn utc_until(rule: &str, zone: Tz) -> String {
    rule.split(';')
        .map(|part| {
            let Some(value) = part.strip_prefix("UNTIL=") else {
                return part.to_string();
            };
            if value.ends_with('Z') {
                return part.to_string();
            }
            let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                .ok()
                .or_else(|| {
                    NaiveDate::parse_from_str(value, "%Y%m%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(23, 59, 59))
                });
            match local.and_then(|l| zone.from_local_datetime(&l).latest()) {
                Some(at) => format!("UNTIL={}", at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")),
                None => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

//! DATE, DATE-TIME (UTC, zoned, floating) and DURATION values.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::lines::Property;
use super::vtimezone::DefinedZone;

/// A DTSTART/DTEND resolved to an instant; `all_day` for DATE values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub all_day: bool,
}

/// How a calendar's times resolve: a TZID by IANA or Windows name, else by
/// the VTIMEZONE the calendar defines; a time without one in `floating` (the
/// calendar's X-WR-TIMEZONE, else the room's). A DATE is a day in `room`:
/// an all-day event is on its date wherever the calendar was written.
pub struct Zones {
    pub floating: Tz,
    pub room: Tz,
    defined: HashMap<String, DefinedZone>,
    /// TZIDs neither known nor defined, read as floating and reported.
    unknown: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

/// A zone wall-clock times are read in.
#[derive(Clone, Copy)]
pub enum Zone<'a> {
    Named(Tz),
    Defined(&'a DefinedZone),
}

impl Zones {
    pub fn new(floating: Tz, room: Tz, defined: HashMap<String, DefinedZone>) -> Self {
        Zones {
            floating,
            room,
            defined,
            unknown: Default::default(),
        }
    }

    /// The TZIDs met that name no zone, for the calendar's warnings.
    pub fn unknown(&self) -> Vec<String> {
        self.unknown.borrow().iter().cloned().collect()
    }

    pub fn named(&self, tzid: &str) -> Option<Zone<'_>> {
        zone_named(tzid).map(Zone::Named).or_else(|| {
            self.defined
                .get(tzid.trim().trim_matches('"'))
                .map(Zone::Defined)
        })
    }

    /// The zone a DATE-TIME property's wall-clock time is in.
    pub fn of(&self, prop: &Property) -> Result<Zone<'_>, String> {
        if prop.value.trim().ends_with('Z') {
            return Ok(Zone::Named(Tz::UTC));
        }
        // An unknown TZID (no VTIMEZONE, a producer's private name) is read
        // as floating, as other readers do: the calendar's own zone is the
        // likeliest, and the meeting is shown rather than lost. It is reported.
        let Some(tzid) = prop.param("TZID") else {
            return Ok(Zone::Named(self.floating));
        };
        Ok(self.named(tzid).unwrap_or_else(|| {
            let mut unknown = self.unknown.borrow_mut();
            if unknown.len() < 20 {
                unknown.insert(tzid.chars().take(80).collect());
            }
            Zone::Named(self.floating)
        }))
    }
}

impl Zone<'_> {
    pub fn instant(self, wall: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Named(tz) => local_to_utc(tz, wall),
            Zone::Defined(zone) => zone.instant(wall),
        }
    }

    pub fn wall(self, at: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => at.with_timezone(&tz).naive_local(),
            Zone::Defined(zone) => zone.wall(at),
        }
    }
}

/// The span every time is kept in: the years iCalendar writes (four digits),
/// with days to spare for offsets, so that no sum of a time and a length
/// overflows. chrono's own limit is some 262,000 years; a PERIOD of
/// `P15000000W` is 287,000.
fn bounds() -> (DateTime<Utc>, DateTime<Utc>) {
    let day = |y, m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    };
    (
        day(0, 1, 1).unwrap_or(DateTime::<Utc>::MIN_UTC),
        day(10001, 1, 1).unwrap_or(DateTime::<Utc>::MAX_UTC),
    )
}

/// `at` moved by `by` (back when negative), held inside `bounds`.
pub fn later(at: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    let (earliest, latest) = bounds();
    match at.checked_add_signed(by) {
        Some(t) => t.clamp(earliest, latest),
        None if by < Duration::zero() => earliest,
        None => latest,
    }
}

/// `at` moved by a length the calendar wrote (a DURATION, a PERIOD), when the
/// result is a time iCalendar could write: in the years 1 to 9999.
pub fn plus_written(at: DateTime<Utc>, by: Duration) -> Option<DateTime<Utc>> {
    at.checked_add_signed(by)
        .filter(|t| (1..=9999).contains(&t.year()))
}

/// The value as written: a DATE at midnight, or a DATE-TIME without its `Z`,
/// in the years 1 to 9999 that iCalendar can write.
pub fn wall_time(prop: &Property) -> Result<(NaiveDateTime, bool), String> {
    let (wall, date_only) = written(prop)?;
    match (1..=9999).contains(&wall.year()) {
        true => Ok((wall, date_only)),
        false => Err(format!(
            "{} {:?} is out of range",
            prop.name,
            prop.value.trim()
        )),
    }
}

fn written(prop: &Property) -> Result<(NaiveDateTime, bool), String> {
    let value = prop.value.trim();
    if prop.param("VALUE") == Some("DATE")
        || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()))
    {
        let date = NaiveDate::parse_from_str(value, "%Y%m%d")
            .map_err(|_| format!("{} {value:?} is not a date (YYYYMMDD)", prop.name))?;
        return Ok((date.and_hms_opt(0, 0, 0).expect("midnight exists"), true));
    }
    let naive =
        NaiveDateTime::parse_from_str(value.strip_suffix('Z').unwrap_or(value), "%Y%m%dT%H%M%S")
            .map_err(|_| {
                format!(
                    "{} {value:?} is not a date-time (YYYYMMDDTHHMMSS)",
                    prop.name
                )
            })?;
    Ok((naive, false))
}

pub fn moment(prop: &Property, zones: &Zones) -> Result<Moment, String> {
    let (wall, all_day) = wall_time(prop)?;
    let zone = match all_day {
        true => Zone::Named(zones.room),
        false => zones.of(prop)?,
    };
    Ok(Moment {
        at: zone.instant(wall),
        all_day,
    })
}

/// IANA names, with the `/mozilla.org/…/` style prefixes some producers add.
pub fn zone_named(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    if let Some(tz) = super::windows_zones::iana_for(tzid) {
        return Some(tz);
    }
    // "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin" and similar.
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..parts.len()).find_map(|i| parts[i..].join("/").parse::<Tz>().ok())
}

/// A local time that falls in a DST gap moves forward; one that repeats takes the first.
fn local_to_utc(zone: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => naive
            .checked_add_signed(Duration::hours(1))
            .and_then(|later| zone.from_local_datetime(&later).earliest())
            .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc)),
    }
}

/// RFC 5545 DURATION: `P1D`, `PT1H30M`, `P2W`, `-PT15M`.
pub fn duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    let (sign, rest) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut total, mut number, mut in_time) = (Duration::zero(), String::new(), false);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = if c == 'T' { 0 } else { number.parse().ok()? };
        number.clear();
        // Checked throughout: a hostile calendar may say P9999999999999W.
        let part = match (c, in_time) {
            ('T', _) => {
                in_time = true;
                Some(Duration::zero())
            }
            ('W', false) => Duration::try_weeks(n),
            ('D', false) => Duration::try_days(n),
            ('H', true) => Duration::try_hours(n),
            ('M', true) => Duration::try_minutes(n),
            ('S', true) => Duration::try_seconds(n),
            _ => None,
        }?;
        total = total.checked_add(&part)?;
    }
    number.is_empty().then_some(total * sign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ics::lines::content_lines;

    fn at(line: &str) -> Result<Moment, String> {
        moment(
            &content_lines(line)[0],
            &Zones::new(
                chrono_tz::America::New_York,
                chrono_tz::America::New_York,
                HashMap::new(),
            ),
        )
    }

    #[test]
    fn resolves_each_form() {
        let check = |line: &str, expected: &str, all_day: bool| {
            let m = at(line).unwrap();
            assert_eq!(
                (m.at.to_rfc3339(), m.all_day),
                (expected.to_string(), all_day),
                "{line}"
            );
        };
        check(
            "DTSTART:20261122T100000Z",
            "2026-11-22T10:00:00+00:00",
            false,
        );
        check(
            "DTSTART;TZID=Europe/Berlin:20261122T100000",
            "2026-11-22T09:00:00+00:00",
            false,
        );
        check(
            "DTSTART;TZID=\"Europe/Berlin\":20260722T100000",
            "2026-07-22T08:00:00+00:00",
            false,
        );
        check(
            "DTSTART;TZID=/mozilla.org/20070129_1/Europe/Berlin:20261122T100000",
            "2026-11-22T09:00:00+00:00",
            false,
        );
        check(
            "DTSTART;TZID=W. Europe Standard Time:20260722T100000",
            "2026-07-22T08:00:00+00:00",
            false,
        );
        check(
            "DTSTART;TZID=\"Pacific Standard Time\":20261122T100000",
            "2026-11-22T18:00:00+00:00",
            false,
        );
        check(
            "DTSTART:20261122T100000",
            "2026-11-22T15:00:00+00:00",
            false,
        );
        check(
            "DTSTART;VALUE=DATE:20261122",
            "2026-11-22T05:00:00+00:00",
            true,
        );
        // 02:30 does not exist in New York on 2026-03-08: it moves to 03:30 EDT.
        check(
            "DTSTART:20260308T023000",
            "2026-03-08T07:30:00+00:00",
            false,
        );
    }

    #[test]
    fn rejects_nonsense_with_the_reason() {
        assert!(at("DTSTART:tomorrow")
            .unwrap_err()
            .contains("not a date-time"));
    }

    #[test]
    fn an_unknown_tzid_reads_as_floating_and_is_reported() {
        let zones = Zones::new(chrono_tz::America::New_York, chrono_tz::UTC, HashMap::new());
        let line = "DTSTART;TZID=Mars/Olympus:20261122T100000";
        let props = super::super::lines::content_lines(line);
        let got = moment(&props[0], &zones).unwrap();
        assert_eq!(got.at.to_rfc3339(), "2026-11-22T15:00:00+00:00");
        assert_eq!(zones.unknown(), ["Mars/Olympus"]);
    }

    #[test]
    fn durations() {
        let check = |v: &str, minutes: Option<i64>| {
            assert_eq!(duration(v).map(|d| d.num_minutes()), minutes, "{v}")
        };
        check("PT1H30M", Some(90));
        check("P1D", Some(1440));
        check("P1W", Some(10080));
        check("-PT15M", Some(-15));
        check("P1DT1H", Some(1500));
        check("PT", Some(0));
        check("1H", None);
        check("PT1X", None);
        check("PT5", None);
        check("P9999999999999999W", None);
        check("P99999999999999D", None);
    }
}

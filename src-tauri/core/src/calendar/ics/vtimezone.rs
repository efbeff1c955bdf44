//! VTIMEZONE definitions, for the TZIDs that name no IANA or Windows zone
//! ("Customized Time Zone", "(UTC-03:00) Brasília"). The calendar's own rules
//! are used as written: each STANDARD and DAYLIGHT observance's onsets are
//! expanded over the years the calendar is read for.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::lines::Property;

/// Onsets kept per observance: two a year for centuries is plenty.
const MAX_ONSETS: usize = 1000;

/// Rule steps all of a calendar's time zones may take together.
const MAX_ZONE_STEPS: usize = 1_000_000;

/// A zone as one VTIMEZONE defines it.
#[derive(Debug, Clone)]
pub struct DefinedZone {
    /// When each observance begins, in UTC, with the offset (seconds) it brings; sorted.
    onsets: Vec<(DateTime<Utc>, i32)>,
    /// The offset before the first onset.
    initial: i32,
    /// Every offset the zone takes, sorted, each once.
    offsets: Vec<i32>,
}

struct Observance {
    start: NaiveDateTime,
    offset_from: i32,
    offset_to: i32,
    rrule: Option<String>,
    rdates: Vec<NaiveDateTime>,
}

/// Every VTIMEZONE in `props` whose TZID names no known zone, by TZID, with its onsets between the years
/// `years.0` and `years.1`; and a warning for each that cannot be read.
pub fn definitions(
    props: &[Property],
    years: (i32, i32),
) -> (HashMap<String, DefinedZone>, Vec<String>) {
    let mut zones = HashMap::new();
    let mut warnings = Vec::new();
    let mut tzid: Option<String> = None;
    let mut observances: Vec<Observance> = Vec::new();
    let mut current: Option<Vec<&Property>> = None;
    let mut inside = false;
    let mut steps = super::recur::Steps::new(MAX_ZONE_STEPS);
    for prop in props {
        let component = prop.value.trim().to_ascii_uppercase();
        match (&*prop.name, component.as_str()) {
            ("BEGIN", "VTIMEZONE") => {
                inside = true;
                tzid = None;
                observances.clear();
            }
            ("BEGIN", "STANDARD" | "DAYLIGHT") if inside => current = Some(Vec::new()),
            ("END", "STANDARD" | "DAYLIGHT") if inside => {
                let Some(block) = current.take() else {
                    continue;
                };
                match observance(&block) {
                    Ok(o) => observances.push(o),
                    Err(why) => warnings.push(format!(
                        "time zone {:?}: an observance was skipped: {why}",
                        tzid.as_deref().unwrap_or("?")
                    )),
                }
            }
            ("END", "VTIMEZONE") if inside => {
                inside = false;
                let Some(id) = tzid.take() else { continue };
                // A name chrono-tz knows is read by name; its rules need no expanding.
                if super::zone_named(&id).is_some() {
                    continue;
                }
                match DefinedZone::new(&observances, years, &mut warnings, &mut steps) {
                    Some(zone) => {
                        zones.insert(id, zone);
                    }
                    None => warnings.push(format!("time zone {id:?} defines no observance")),
                }
            }
            ("TZID", _) if inside && current.is_none() => tzid = Some(prop.value.trim().into()),
            _ => {
                if let Some(block) = current.as_mut() {
                    block.push(prop);
                }
            }
        }
    }
    (zones, warnings)
}

fn observance(props: &[&Property]) -> Result<Observance, String> {
    let get = |name: &str| props.iter().find(|p| p.name == name).copied();
    let offset = |name: &str| {
        let p = get(name).ok_or_else(|| format!("it has no {name}"))?;
        utc_offset(&p.value).ok_or_else(|| format!("{name} {:?} is not a UTC offset", p.value))
    };
    let start = get("DTSTART").ok_or("it has no DTSTART")?;
    Ok(Observance {
        start: local(&start.value).ok_or_else(|| format!("DTSTART {:?}", start.value))?,
        offset_from: offset("TZOFFSETFROM")?,
        offset_to: offset("TZOFFSETTO")?,
        rrule: get("RRULE").map(|p| p.value.to_string()),
        rdates: props
            .iter()
            .filter(|p| p.name == "RDATE")
            .flat_map(|p| p.listed_values())
            .filter_map(local)
            .collect(),
    })
}

impl DefinedZone {
    fn new(
        observances: &[Observance],
        (first_year, last_year): (i32, i32),
        warnings: &mut Vec<String>,
        steps: &mut super::recur::Steps,
    ) -> Option<Self> {
        let earliest = observances.iter().min_by_key(|o| o.start)?;
        let (from, to) = (year_start(first_year), year_start(last_year + 1));
        let mut onsets = Vec::new();
        for o in observances {
            // An onset is written in the wall time of the offset it ends.
            let to_utc = |local: NaiveDateTime| {
                Utc.from_utc_datetime(&(local - Duration::seconds(o.offset_from.into())))
            };
            let mut locals = vec![o.start];
            // The RDATEs in the years read, and the last before them: a
            // zone that changes every day for centuries costs only those.
            let in_years = |l: &&NaiveDateTime| l.and_utc() >= from && l.and_utc() < to;
            locals.extend(o.rdates.iter().filter(in_years));
            locals.extend(o.rdates.iter().filter(|l| l.and_utc() < from).max());
            if let Some(rule) = &o.rrule {
                match expand(rule, o.start, from, to, steps) {
                    Ok(onsets) => locals.extend(onsets),
                    Err(why) => {
                        warnings.push(format!("a time zone rule {rule:?} was skipped: {why}"))
                    }
                }
            }
            onsets.extend(locals.into_iter().map(|l| (to_utc(l), o.offset_to)));
        }
        onsets.sort_by_key(|(at, _)| *at);
        onsets.dedup_by_key(|(at, _)| *at);
        let mut offsets: Vec<i32> = onsets.iter().map(|(_, o)| *o).collect();
        offsets.push(earliest.offset_from);
        offsets.sort_unstable();
        offsets.dedup();
        Some(DefinedZone {
            onsets,
            initial: earliest.offset_from,
            offsets,
        })
    }

    /// The offset from UTC, in seconds, at `at`.
    pub fn offset_at(&self, at: DateTime<Utc>) -> i32 {
        let after = self.onsets.partition_point(|(onset, _)| *onset <= at);
        match after {
            0 => self.initial,
            n => self.onsets[n - 1].1,
        }
    }

    /// The wall-clock time at `at`.
    pub fn wall(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc() + Duration::seconds(self.offset_at(at).into())
    }

    /// A wall-clock time as an instant: a repeated time takes its first
    /// occurrence, a skipped one the offset before the gap (RFC 5545 3.3.5).
    pub fn instant(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        let fits = self
            .offsets
            .iter()
            .map(|o| Utc.from_utc_datetime(&(wall - Duration::seconds((*o).into()))))
            .filter(|at| self.wall(*at) == wall)
            .min();
        fits.unwrap_or_else(|| {
            let before = self.offset_at(Utc.from_utc_datetime(&(wall - Duration::days(1))));
            Utc.from_utc_datetime(&(wall - Duration::seconds(before.into())))
        })
    }
}

/// The rule's onsets in `[from, to)`, computed in wall time (treated as UTC).
fn expand(
    rule: &str,
    start: NaiveDateTime,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    steps: &mut super::recur::Steps,
) -> Result<Vec<NaiveDateTime>, String> {
    let cost = super::recur::per_period(rule);
    if cost > super::recur::MAX_PER_PERIOD {
        return Err(format!("it would build {cost} onsets at a time"));
    }
    let parsed = super::rule_text::parse(&wall_until(rule))?;
    let set = parsed
        .build(rrule::Tz::UTC.from_utc_datetime(&start))
        .map_err(|e| format!("{e}"))?;
    let dates = super::recur::between(
        set,
        from.with_timezone(&rrule::Tz::UTC),
        to.with_timezone(&rrule::Tz::UTC),
        MAX_ONSETS,
        steps,
    )?;
    Ok(dates.into_iter().map(|d| d.naive_utc()).collect())
}

/// UNTIL as the same wall-time-as-UTC the rule is expanded in.
fn wall_until(rule: &str) -> String {
    rule.split(';')
        .map(|part| match part.strip_prefix("UNTIL=") {
            Some(v) if v.len() == 8 => format!("UNTIL={v}T235959Z"),
            Some(v) if !v.ends_with('Z') => format!("UNTIL={v}Z"),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A wall-clock time in the years 1 to 9999, where offsets cannot overflow.
fn local(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(value, "%Y%m%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })
        .filter(|t| (1..=9999).contains(&t.year()))
}

/// `+0100`, `-0300`, `+053000` as seconds east of UTC.
fn utc_offset(value: &str) -> Option<i32> {
    let value = value.trim();
    let (sign, digits) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let field =
        |range: std::ops::Range<usize>| digits.get(range).map_or(Some(0), |d| d.parse().ok());
    let (h, m, s): (i32, i32, i32) = (field(0..2)?, field(2..4)?, field(4..6)?);
    (h < 24 && m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}

fn year_start(year: i32) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(year.clamp(1, 9998), 1, 1).expect("a valid year");
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
}

/// The years a calendar read for `window` needs zone rules for.
pub fn years_for(window: (DateTime<Utc>, DateTime<Utc>)) -> (i32, i32) {
    (window.0.year() - 1, window.1.year() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ics::lines::content_lines;

    const BRASILIA: &str = "BEGIN:VTIMEZONE\nTZID:(UTC-03:00) Brasília\nBEGIN:STANDARD\nDTSTART:16010101T235959\n\
TZOFFSETFROM:-0200\nTZOFFSETTO:-0300\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=3SA;BYMONTH=2\nEND:STANDARD\n\
BEGIN:DAYLIGHT\nDTSTART:16010101T235959\nTZOFFSETFROM:-0300\nTZOFFSETTO:-0200\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SA;BYMONTH=10\nEND:DAYLIGHT\nEND:VTIMEZONE\n";

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn windows_style_rules_from_1601_apply_as_written() {
        let (zones, warnings) = definitions(&content_lines(BRASILIA), (2025, 2027));
        assert!(warnings.is_empty(), "{warnings:?}");
        let zone = &zones["(UTC-03:00) Brasília"];
        assert_eq!(zone.offset_at(at("2026-07-01T12:00:00Z")), -3 * 3600);
        // Daylight from the second Saturday of October (the 10th in 2026), 23:59:59.
        assert_eq!(zone.offset_at(at("2026-10-11T12:00:00Z")), -2 * 3600);
        assert_eq!(zone.offset_at(at("2026-10-10T12:00:00Z")), -3 * 3600);
        assert_eq!(
            zone.instant(wall("2026-07-01 10:00")),
            at("2026-07-01T13:00:00Z")
        );
        assert_eq!(
            zone.instant(wall("2026-12-01 10:00")),
            at("2026-12-01T12:00:00Z")
        );
    }

    #[test]
    fn a_repeated_hour_takes_its_first_and_a_skipped_hour_moves_on() {
        let text =
            "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\nDTSTART:19701101T020000\n\
TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nEND:STANDARD\n\
BEGIN:DAYLIGHT\nDTSTART:19700308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nEND:DAYLIGHT\nEND:VTIMEZONE\n";
        let (zones, _) = definitions(&content_lines(text), (2026, 2026));
        let zone = &zones["Customized Time Zone"];
        // 1 November 2026: 01:30 happens twice; the first is EDT.
        assert_eq!(
            zone.instant(wall("2026-11-01 01:30")),
            at("2026-11-01T05:30:00Z")
        );
        // 8 March 2026: 02:30 does not exist; read with EST it is 03:30 EDT.
        assert_eq!(
            zone.instant(wall("2026-03-08 02:30")),
            at("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            zone.wall(at("2026-03-08T07:30:00Z")),
            wall("2026-03-08 03:30")
        );
    }

    #[test]
    fn offsets_with_seconds_and_nonsense() {
        assert_eq!(utc_offset("+0100"), Some(3600));
        assert_eq!(utc_offset("-0330"), Some(-(3 * 3600 + 30 * 60)));
        assert_eq!(utc_offset("+005328"), Some(53 * 60 + 28));
        assert_eq!(utc_offset("0100"), None);
        assert_eq!(utc_offset("+01"), None);
        assert_eq!(utc_offset("+9960"), None);
        assert_eq!(utc_offset("+ɑ100"), None);
    }
}

//! An RRULE's text (`FREQ=WEEKLY;BYDAY=MO,WE`) read into `rrule`'s builder.
//! Read here rather than by `rrule`'s own parser, whose regexes cost the
//! binary half a megabyte and which reads an UNTIL without `Z` in the
//! computer's zone. The rules are RFC 5545 §3.3.10's and match what `rrule`
//! accepted: names in any case, each part at most once, every value checked.

use chrono::{Month, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use rrule::{Frequency, NWeekday, RRule, Unvalidated};

/// The rule in `text`, its UNTIL read as the wall-clock time the rule runs
/// on (the callers have already brought it there).
pub fn parse(text: &str) -> Result<RRule<Unvalidated>, String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut rule = RRule::new(Frequency::Yearly);
    let mut has_freq = false;
    for part in text.split(';').filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| format!("{part:?} is not NAME=VALUE"))?;
        let name = canonical(name).ok_or_else(|| format!("unknown part {name:?}"))?;
        if seen.contains(&name) {
            return Err(format!("{name} is given twice"));
        }
        seen.push(name);
        let bad = || format!("{name}={value:?} is not valid");
        rule = match name {
            "FREQ" => {
                has_freq = true;
                rule.freq(frequency(value).ok_or_else(bad)?)
            }
            "INTERVAL" => rule.interval(value.parse().map_err(|_| bad())?),
            "COUNT" => rule.count(value.parse().map_err(|_| bad())?),
            "UNTIL" => rule.until(until(value).ok_or_else(bad)?),
            "WKST" => rule.week_start(weekday(value).ok_or_else(bad)?),
            "BYDAY" => rule.by_weekday(weekdays(value).ok_or_else(bad)?),
            "BYSETPOS" => rule.by_set_pos(numbers(value, |_: i32| true).ok_or_else(bad)?),
            "BYMONTH" => {
                let months: Vec<u8> = numbers(value, |m| (1..=12).contains(&m)).ok_or_else(bad)?;
                let months: Vec<Month> = months
                    .into_iter()
                    .filter_map(|m| Month::try_from(m).ok())
                    .collect();
                rule.by_month(&months)
            }
            "BYMONTHDAY" => {
                rule.by_month_day(numbers(value, |d| (-31..=31).contains(&d)).ok_or_else(bad)?)
            }
            "BYYEARDAY" => {
                rule.by_year_day(numbers(value, |d| (-366..=366).contains(&d)).ok_or_else(bad)?)
            }
            "BYWEEKNO" => {
                rule.by_week_no(numbers(value, |w| (-53..=53).contains(&w)).ok_or_else(bad)?)
            }
            "BYHOUR" => rule.by_hour(numbers(value, |h| h < 24).ok_or_else(bad)?),
            "BYMINUTE" => rule.by_minute(numbers(value, |m| m < 60).ok_or_else(bad)?),
            "BYSECOND" => rule.by_second(numbers(value, |s| s < 60).ok_or_else(bad)?),
            _ => unreachable!("canonical names only"),
        };
    }
    match has_freq {
        true => Ok(rule),
        false => Err("it has no FREQ".to_string()),
    }
}

/// The part's name as RFC 5545 spells it; BYWEEKDAY is RFC 2445's BYDAY.
fn canonical(name: &str) -> Option<&'static str> {
    const NAMES: [&str; 14] = [
        "FREQ",
        "UNTIL",
        "COUNT",
        "INTERVAL",
        "BYSECOND",
        "BYMINUTE",
        "BYHOUR",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    ];
    if name.eq_ignore_ascii_case("BYWEEKDAY") {
        return Some("BYDAY");
    }
    NAMES.into_iter().find(|n| n.eq_ignore_ascii_case(name))
}

/// The value `table` names, in any case.
fn named<T: Copy>(table: &[(&str, T)], value: &str) -> Option<T> {
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, t)| *t)
}

fn frequency(value: &str) -> Option<Frequency> {
    named(
        &[
            ("YEARLY", Frequency::Yearly),
            ("MONTHLY", Frequency::Monthly),
            ("WEEKLY", Frequency::Weekly),
            ("DAILY", Frequency::Daily),
            ("HOURLY", Frequency::Hourly),
            ("MINUTELY", Frequency::Minutely),
            ("SECONDLY", Frequency::Secondly),
        ],
        value,
    )
}

fn weekday(value: &str) -> Option<Weekday> {
    named(
        &[
            ("MO", Weekday::Mon),
            ("TU", Weekday::Tue),
            ("WE", Weekday::Wed),
            ("TH", Weekday::Thu),
            ("FR", Weekday::Fri),
            ("SA", Weekday::Sat),
            ("SU", Weekday::Sun),
        ],
        value,
    )
}

/// BYDAY's list: `MO`, `1MO`, `+2TU`, `-1FR`. As `rrule` read it, an
/// ordinal of 0 or one that is not a number means every such day; `rrule`
/// checks the others against FREQ.
fn weekdays(value: &str) -> Option<Vec<NWeekday>> {
    value
        .split(',')
        .map(|item| {
            let split = item.len().checked_sub(2)?;
            let day = weekday(item.get(split..)?)?;
            match item.get(..split)?.parse::<i16>() {
                Ok(n) if n != 0 => Some(NWeekday::Nth(n, day)),
                _ => Some(NWeekday::Every(day)),
            }
        })
        .collect()
}

/// A comma-separated list of numbers, each `allowed`, sorted and without
/// repeats. An empty value is an empty list.
fn numbers<T: std::str::FromStr + Ord + Copy>(
    value: &str,
    allowed: impl Fn(T) -> bool,
) -> Option<Vec<T>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    let mut all = value
        .split(',')
        .map(|v| v.parse().ok().filter(|n| allowed(*n)))
        .collect::<Option<Vec<T>>>()?;
    all.sort_unstable();
    all.dedup();
    Some(all)
}

/// `YYYYMMDD` or `YYYYMMDDTHHMMSS`, with or without `Z`. Checked byte by
/// byte: a value of any other shape, non-ASCII included, is refused.
fn until(value: &str) -> Option<chrono::DateTime<rrule::Tz>> {
    let value = value.strip_suffix('Z').unwrap_or(value);
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    let b = value.as_bytes();
    let wall = match b.len() {
        8 if digits(b) => NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?,
        15 if digits(&b[..8]) && b[8] == b'T' && digits(&b[9..]) => {
            NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?
        }
        _ => return None,
    };
    Some(rrule::Tz::UTC.from_utc_datetime(&wall))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> RRule<Unvalidated> {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn reads_every_part() {
        let rule = read("freq=monthly;INTERVAL=2;COUNT=10;BYDAY=-1FR,+2MO,TU;BYMONTH=3,1,3;BYSETPOS=-1;WKST=SU;BYHOUR=9;BYMINUTE=30;BYSECOND=0;BYMONTHDAY=-31,31;BYYEARDAY=-366;BYWEEKNO=53");
        assert_eq!(rule.get_freq(), Frequency::Monthly);
        assert_eq!(rule.get_interval(), 2);
        assert_eq!(rule.get_count(), Some(10));
        assert_eq!(
            rule.get_by_weekday(),
            [
                NWeekday::Nth(-1, Weekday::Fri),
                NWeekday::Nth(2, Weekday::Mon),
                NWeekday::Every(Weekday::Tue)
            ]
        );
        assert_eq!(rule.get_by_month(), [1, 3]);
        assert_eq!(rule.get_by_set_pos(), [-1]);
        assert_eq!(rule.get_week_start(), Weekday::Sun);
        assert_eq!(rule.get_by_hour(), [9]);
        assert_eq!(rule.get_by_minute(), [30]);
        assert_eq!(rule.get_by_second(), [0]);
        assert_eq!(rule.get_by_month_day(), [-31, 31]);
        assert_eq!(rule.get_by_year_day(), [-366]);
        assert_eq!(rule.get_by_week_no(), [53]);
    }

    #[test]
    fn until_is_wall_time_with_or_without_z() {
        for text in ["UNTIL=20261203T170000Z", "UNTIL=20261203T170000"] {
            let rule = read(&format!("FREQ=DAILY;{text}"));
            let until = rule.get_until().expect("until").naive_utc();
            assert_eq!(until.to_string(), "2026-12-03 17:00:00");
        }
        let rule = read("FREQ=DAILY;UNTIL=20261203");
        assert_eq!(
            rule.get_until().expect("until").naive_utc().to_string(),
            "2026-12-03 00:00:00"
        );
    }

    #[test]
    fn bydayweek_alias_and_empty_parts() {
        let rule = read(";FREQ=WEEKLY;;BYWEEKDAY=mo;");
        assert_eq!(rule.get_by_weekday(), [NWeekday::Every(Weekday::Mon)]);
    }

    #[test]
    fn refuses_what_rfc_5545_does_not_allow() {
        for text in [
            "",
            "BYDAY=MO",
            "FREQ=FORTNIGHTLY",
            "FREQ=DAILY;FREQ=WEEKLY",
            "FREQ=DAILY;X-NAME=1",
            "FREQ=DAILY;COUNT",
            "FREQ=DAILY;COUNT=-1",
            "FREQ=DAILY;INTERVAL=99999999999",
            "FREQ=DAILY;UNTIL=2026-12-03",
            "FREQ=DAILY;UNTIL=20261303",
            "FREQ=DAILY;UNTIL=2026120XT000000Z",
            // Fifteen bytes, the ninth inside a character.
            "FREQ=DAILY;UNTIL=1234567é123456",
            "FREQ=DAILY;UNTIL=20261203T1é000",
            "FREQ=WEEKLY;WKST=XX",
            "FREQ=WEEKLY;BYDAY=",
            "FREQ=WEEKLY;BYDAY=M",
            "FREQ=WEEKLY;BYDAY=MONDAY",
            "FREQ=WEEKLY;BYDAY=éx",
            "FREQ=WEEKLY;BYDAY=xé",
            "FREQ=MONTHLY;BYMONTH=13",
            "FREQ=MONTHLY;BYMONTHDAY=32",
            "FREQ=MONTHLY;BYMONTHDAY= 1",
            "FREQ=DAILY;BYHOUR=24",
            "FREQ=DAILY;BYMINUTE=60",
            "FREQ=DAILY;BYSECOND=60",
            "FREQ=YEARLY;BYYEARDAY=367",
            "FREQ=YEARLY;BYWEEKNO=-54",
        ] {
            assert!(parse(text).is_err(), "{text:?} was accepted");
        }
    }
}

//! Recurrence: RRULE, RDATE and EXDATE expanded into instance starts inside a
//! window. The rule arithmetic is the `rrule` crate's, the rule's text is read
//! by `rule_text`; what real calendars get wrong (UNTIL in DTSTART's zone
//! instead of UTC) is mended here first.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::RRuleSet;

use super::lines::Property;
use super::time::{self, Zone, Zones};

/// More instances than a room calendar can hold in any window we ask for.
const MAX_INSTANCES: usize = 5000;

/// Instances a rule may produce before the window: a daily meeting since 1750
/// fits; a rule firing every second since 2000 is refused rather than stalling
/// the reader (`rrule` walks every instance from DTSTART on).
const MAX_STEPS: usize = 100_000;

/// RRULE lines one series may have: RFC 5545 allows one, RFC 2445 several.
pub const MAX_RULES: usize = 4;

/// RDATE or EXDATE values one series may have (and lines of each): Outlook
/// writes one EXDATE line for each instance deleted.
pub const MAX_DATES: usize = 2_000;

/// The most instances the rules of one series may build for one period of
/// their frequency (a year of a YEARLY rule, a day of a DAILY one). `rrule`
/// builds a whole period before any limit of ours can apply: a YEARLY rule
/// with full BYDAY, BYHOUR, BYMINUTE and BYSECOND lists builds 31 million
/// instances for its first year, 1.5 GB. A room's busiest real rule (every
/// quarter hour of a working day, all year) builds under 10,000.
pub const MAX_PER_PERIOD: u64 = 20_000;

/// The rule steps left to a calendar's read, shared by all its series.
pub struct Steps(usize);

impl Steps {
    pub fn new(budget: usize) -> Self {
        Steps(budget)
    }
}

/// At most how many instances `rule` builds for each period of its
/// frequency: the days of the period its day lists may pick, times the
/// times of day its BYHOUR, BYMINUTE and BYSECOND lists make. Counted from
/// the text, before the rule is handed to `rrule`.
pub fn per_period(rule: &str) -> u64 {
    let part = |name: &str| {
        rule.split(';').find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case(name).then_some(v)
        })
    };
    let listed = |name: &str| {
        part(name).map_or(0, |v| {
            v.split(',').filter(|v| !v.trim().is_empty()).count() as u64
        })
    };
    let at_least_one = |name: &str| listed(name).max(1);
    let picks_days = ["BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"]
        .iter()
        .any(|n| listed(n) > 0);
    let freq = part("FREQ").map(|f| f.trim().to_ascii_uppercase());
    let (days, hours, minutes, seconds) = match freq.as_deref() {
        Some("YEARLY") if picks_days => (366, true, true, true),
        Some("YEARLY") => (at_least_one("BYMONTH").min(12), true, true, true),
        Some("MONTHLY") if picks_days => (31, true, true, true),
        Some("WEEKLY") if picks_days => (7, true, true, true),
        Some("MONTHLY" | "WEEKLY" | "DAILY") => (1, true, true, true),
        Some("HOURLY") => (1, false, true, true),
        Some("MINUTELY") => (1, false, false, true),
        _ => (1, false, false, false),
    };
    let times = |yes: bool, name: &str| if yes { at_least_one(name) } else { 1 };
    [
        times(hours, "BYHOUR"),
        times(minutes, "BYMINUTE"),
        times(seconds, "BYSECOND"),
    ]
    .into_iter()
    .fold(days, u64::saturating_mul)
}

/// About how many steps `rule` takes over `span` from its DTSTART: its
/// periods in the span times what each builds, or its COUNT if that is less.
/// Series are expanded cheapest first, so that costly ones, if the calendar's
/// steps run out, do not take ordinary ones with them.
pub fn steps_over(rule: &str, span: Duration) -> u64 {
    let part = |name: &str| {
        rule.split(';').find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    };
    let seconds: u64 = match part("FREQ").map(str::to_ascii_uppercase).as_deref() {
        Some("YEARLY") => 365 * 86_400,
        Some("MONTHLY") => 28 * 86_400,
        Some("WEEKLY") => 7 * 86_400,
        Some("DAILY") => 86_400,
        Some("HOURLY") => 3_600,
        Some("MINUTELY") => 60,
        _ => 1,
    };
    let interval = part("INTERVAL")
        .and_then(|i| i.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1);
    let periods =
        u64::try_from(span.num_seconds()).unwrap_or(0) / seconds.saturating_mul(interval) + 1;
    let steps = periods.saturating_mul(per_period(rule));
    match part("COUNT").and_then(|c| c.parse::<u64>().ok()) {
        Some(count) if count >= 1 => steps.min(count),
        _ => steps,
    }
}

/// The set's instances in `[after, before]`, at most `max` of them, taking
/// at most `MAX_STEPS` of `steps`.
pub(super) fn between(
    set: RRuleSet,
    after: DateTime<rrule::Tz>,
    before: DateTime<rrule::Tz>,
    max: usize,
    steps: &mut Steps,
) -> Result<Vec<DateTime<rrule::Tz>>, String> {
    // `limit` also stops a rule that can never match (BYMONTHDAY=31;BYMONTH=2).
    let set = set.limit();
    let allowed = steps.0.min(MAX_STEPS);
    let mut found = Vec::new();
    let mut taken = 0;
    for at in &set {
        if at > before || found.len() >= max {
            break;
        }
        if taken >= allowed {
            steps.0 -= taken;
            return Err(match allowed < MAX_STEPS {
                true => "the calendar's rules together repeat too often to read them all; it is left out".to_string(),
                false => format!("its rule repeats more than {MAX_STEPS} times before the dates asked for"),
            });
        }
        taken += 1;
        if at >= after {
            found.push(at);
        }
    }
    steps.0 -= taken;
    Ok(found)
}

pub struct Recurrence<'a> {
    pub dtstart: &'a Property<'a>,
    /// RFC 5545 allows one; RFC 2445 and some producers still write several.
    pub rrules: Vec<&'a Property<'a>>,
    pub rdates: Vec<&'a Property<'a>>,
    pub exdates: Vec<&'a Property<'a>>,
}

/// One instance of a series.
pub struct Instance {
    pub start: DateTime<Utc>,
    /// Its wall-clock time in the series' zone, which RECURRENCE-IDs may name.
    pub wall: NaiveDateTime,
    /// An RDATE PERIOD gives its own length.
    pub length: Option<Duration>,
}

/// The instances whose span `[start, start + length)` meets `[from, to)`,
/// and a note for each rule left out.
///
/// The rule runs on wall-clock times (held as if UTC), as RFC 5545 defines it,
/// and each instance is then placed in DTSTART's zone: a named one or one the
/// calendar defines in a VTIMEZONE. An all-day series runs on the room's dates.
/// Rules are read while their cost (`per_period`) fits `MAX_PER_PERIOD`
/// together; one that does not is left out, with a note.
pub fn instances(
    r: &Recurrence,
    zones: &Zones,
    length: Duration,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    steps: &mut Steps,
) -> Result<(Vec<Instance>, Vec<String>), String> {
    let (first_wall, all_day) = time::wall_time(r.dtstart)?;
    let zone = match all_day {
        true => Zone::Named(zones.room),
        false => zones.of(r.dtstart)?,
    };
    let as_rule_time = |wall: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&wall);
    let first = as_rule_time(first_wall);
    let mut set = RRuleSet::new(first);
    let mut notes = Vec::new();
    let mut budget = MAX_PER_PERIOD;
    let mut rules = 0;
    for p in &r.rrules {
        if rules == MAX_RULES {
            notes.push(format!(
                "it has more than {MAX_RULES} RRULE lines; only the first {MAX_RULES} are read"
            ));
            break;
        }
        let cost = per_period(&p.value);
        if cost > budget {
            let value: String = p.value.chars().take(60).collect();
            notes.push(format!(
                "its rule {value:?}… would build {cost} instances at a time, more than the {MAX_PER_PERIOD} a series may; the rule is left out"
            ));
            continue;
        }
        let text = wall_until(&without_bad_count(&p.value), &zone, all_day);
        let rule =
            super::rule_text::parse(&text).map_err(|e| format!("RRULE {:?}: {e}", p.value))?;
        set = set.rrule(
            rule.validate(first)
                .map_err(|e| format!("RRULE {:?}: {e}", p.value))?,
        );
        budget -= cost;
        rules += 1;
    }
    if rules == 0 {
        // RDATE alone, or no rule that could be read: DTSTART is the first instance.
        set = set.rdate(first);
    }
    let mut periods = Vec::new();
    let mut dates = 0;
    for p in &r.rdates {
        for value in each_value(p, zones, &zone, all_day, &mut dates)? {
            set = set.rdate(as_rule_time(value.wall));
            if let Some(length) = value.length {
                periods.push((value.wall, length));
            }
        }
    }
    let mut excluded_days = Vec::new();
    let mut exdates = 0;
    for p in &r.exdates {
        for value in each_value(p, zones, &zone, all_day, &mut exdates)? {
            match value.date_only && !all_day {
                // A DATE excludes a timed series' instances on that day.
                true => excluded_days.push(value.wall.date()),
                false => set = set.exdate(as_rule_time(value.wall)),
            }
        }
    }
    if dates >= MAX_DATES || exdates >= MAX_DATES {
        notes.push(format!(
            "it lists more than {MAX_DATES} RDATE or EXDATE values; the rest are not read"
        ));
    }
    // A day either side covers any offset; the exact cut is made in UTC below.
    let longest = periods
        .iter()
        .map(|p| p.1)
        .max()
        .unwrap_or(length)
        .max(length);
    let day = Duration::days(1);
    let after = as_rule_time(zone.wall(time::later(from, -longest)));
    let before = as_rule_time(zone.wall(to));
    let walls = between(
        set,
        after.checked_sub_signed(day).unwrap_or(after),
        before.checked_add_signed(day).unwrap_or(before),
        MAX_INSTANCES,
        steps,
    )?;
    let found = walls
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
            i.start < to && time::later(i.start, length) > from
                || (length.is_zero() && i.start >= from && i.start < to)
        })
        .collect();
    Ok((found, notes))
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
    read: &mut usize,
) -> Result<Vec<Value>, String> {
    let left = MAX_DATES.saturating_sub(*read);
    let values: Vec<&str> = p.listed_values().take(left).collect();
    *read += values.len();
    values
        .into_iter()
        .map(|v| {
            let mut parts = v.splitn(2, '/');
            let start = p.with_value(parts.next().unwrap_or(v));
            let (written, date_only) = time::wall_time(&start)?;
            let at = time::moment(&start, zones)?.at;
            let length = match parts.next() {
                Some(end) if end.trim().starts_with(['P', '+', '-']) => {
                    let length = time::duration(end);
                    if length.is_some_and(|l| time::plus_written(at, l).is_none()) {
                        return Err(format!(
                            "its {} PERIOD {v:?} ends past the year 9999",
                            p.name
                        ));
                    }
                    length
                }
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

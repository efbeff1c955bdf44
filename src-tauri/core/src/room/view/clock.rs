//! How the room writes times and dates: 12 or 24 hours and the date's order
//! follow the room's locale, which the config may name and otherwise comes
//! from the system (`LC_ALL`, `LC_TIME`, `LANG`). The words stay English.

use chrono::{DateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// The config's `screen.clock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Hours {
    #[serde(rename = "12h")]
    Twelve,
    #[serde(rename = "24h")]
    TwentyFour,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeStyle {
    pub hours: Hours,
    /// "Monday, November 23" rather than "Monday 23 November".
    pub month_first: bool,
}

impl Default for TimeStyle {
    fn default() -> Self {
        TimeStyle {
            hours: Hours::TwentyFour,
            month_first: false,
        }
    }
}

/// Regions whose people read a 12-hour clock: CLDR 48.2 `timeData`, the
/// regions whose preferred hour format is `h`.
const TWELVE_HOUR_REGIONS: &[&str] = &[
    "AE", "AG", "AL", "AR", "AS", "AU", "BB", "BD", "BH", "BM", "BN", "BO", "BS", "BT", "CA", "CL",
    "CO", "CR", "CU", "CY", "DJ", "DM", "DO", "DZ", "EC", "EG", "EH", "ER", "ET", "FJ", "FM", "GD",
    "GH", "GM", "GR", "GT", "GU", "GY", "HK", "HN", "IN", "IQ", "JM", "JO", "KH", "KI", "KN", "KP",
    "KR", "KW", "KY", "LB", "LC", "LR", "LS", "LY", "MH", "MO", "MP", "MR", "MW", "MX", "MY", "NA",
    "NI", "NZ", "OM", "PA", "PE", "PG", "PH", "PK", "PR", "PS", "PW", "PY", "QA", "SA", "SB", "SD",
    "SG", "SL", "SO", "SS", "SV", "SY", "SZ", "TC", "TD", "TN", "TO", "TT", "TW", "UM", "US", "UY",
    "VC", "VE", "VG", "VI", "VU", "WS", "YE", "ZM",
];

/// Regions that write the month before the day: the US, its territories and the Philippines.
const MONTH_FIRST_REGIONS: &[&str] = &["US", "AS", "GU", "MP", "PR", "UM", "VI", "PH"];

impl TimeStyle {
    /// The style of a locale such as `en-US`, `en_GB.UTF-8` or `de`, with
    /// `hours` overriding the locale's clock. An unreadable locale is 24 h.
    pub fn for_locale(locale: &str, hours: Option<Hours>) -> TimeStyle {
        let region = region_of(locale);
        let in_list = |list: &[&str]| region.as_deref().is_some_and(|r| list.contains(&r));
        TimeStyle {
            hours: hours.unwrap_or(if in_list(TWELVE_HOUR_REGIONS) {
                Hours::Twelve
            } else {
                Hours::TwentyFour
            }),
            month_first: in_list(MONTH_FIRST_REGIONS),
        }
    }

    /// The system's locale, as the C library reads it.
    pub fn system_locale() -> String {
        ["LC_ALL", "LC_TIME", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }

    pub fn time<Z: TimeZone>(&self, t: &DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        match self.hours {
            Hours::TwentyFour => t.format("%H:%M").to_string(),
            Hours::Twelve => t.format("%-I:%M %p").to_string(),
        }
    }

    pub fn date<Z: TimeZone>(&self, t: &DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        match self.month_first {
            true => t.format("%A, %B %-d").to_string(),
            false => t.format("%A %-d %B").to_string(),
        }
    }
}

/// `en_US.UTF-8@euro` → `US`; `de-AT` → `AT`; `C`, `POSIX`, `de` → none.
fn region_of(locale: &str) -> Option<String> {
    let base = locale.split(['.', '@']).next()?;
    let region = base.split(['_', '-']).nth(1)?;
    (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| region.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_sets_the_clock_and_the_date_order() {
        let t: DateTime<chrono::Utc> = "2026-11-23T14:05:00Z".parse().unwrap();
        let us = TimeStyle::for_locale("en_US.UTF-8", None);
        assert_eq!(
            (us.time(&t), us.date(&t)),
            ("2:05 PM".into(), "Monday, November 23".into())
        );
        let gb = TimeStyle::for_locale("en-GB", None);
        assert_eq!(
            (gb.time(&t), gb.date(&t)),
            ("14:05".into(), "Monday 23 November".into())
        );
        let au = TimeStyle::for_locale("en_AU", None);
        assert_eq!(
            (au.time(&t), au.date(&t)),
            ("2:05 PM".into(), "Monday 23 November".into())
        );
        let forced = TimeStyle::for_locale("en_US", Some(Hours::TwentyFour));
        assert_eq!(forced.time(&t), "14:05");
        for unreadable in ["", "C", "POSIX", "de", "x_1234", "en_U$"] {
            assert_eq!(
                TimeStyle::for_locale(unreadable, None),
                TimeStyle::default(),
                "{unreadable}"
            );
        }
    }
}

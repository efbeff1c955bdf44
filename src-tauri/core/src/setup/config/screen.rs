//! `[screen]`: how the room screen looks and behaves. Kiosk and office hours
//! are the window's (the shell applies them); the rest shapes the view.

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::room::view::{Hours, ScreenOptions, TimeStyle};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenConfig {
    /// Fullscreen without decorations, menus, selection or zoom. On by
    /// default for a room; `roomstart demo` is always a normal window.
    #[serde(default = "yes")]
    pub kiosk: bool,
    /// Hide every title and organiser: events read "Private meeting".
    #[serde(default)]
    pub private: bool,
    /// Offer each Zoom meeting's ID and phone passcode on request.
    #[serde(default)]
    pub dial_in: bool,
    /// Numbers the room phone dials, shown with the dial-in details.
    #[serde(default)]
    pub dial_in_numbers: Vec<String>,
    /// e.g. `en-US`; the system's locale when absent.
    pub locale: Option<String>,
    /// `12h` or `24h`; the locale's when absent.
    pub clock: Option<Hours>,
    /// Office hours, when the screen is kept awake; outside them it may dim.
    #[serde(default)]
    pub awake: OfficeHours,
}

impl Default for ScreenConfig {
    fn default() -> Self {
        ScreenConfig {
            kiosk: true,
            private: false,
            dial_in: false,
            dial_in_numbers: Vec::new(),
            locale: None,
            clock: None,
            awake: OfficeHours::default(),
        }
    }
}

fn yes() -> bool {
    true
}

/// `awake = { days = ["mon", …], from = "07:00", until = "19:00" }`, in the room's zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHours {
    #[serde(default = "weekdays")]
    pub days: Vec<Day>,
    #[serde(default = "seven", with = "hh_mm")]
    pub from: NaiveTime,
    #[serde(default = "nineteen", with = "hh_mm")]
    pub until: NaiveTime,
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours {
            days: weekdays(),
            from: seven(),
            until: nineteen(),
        }
    }
}

impl OfficeHours {
    /// Whether `now` falls in office hours in `zone`. Hours that cross
    /// midnight (`from` after `until`) run on into the next day.
    pub fn contain(&self, now: DateTime<Utc>, zone: Tz) -> bool {
        let local = now.with_timezone(&zone);
        let (day, time) = (local.weekday(), local.time());
        let open_on = |d: Weekday| self.days.iter().any(|x| x.0 == d);
        if self.from <= self.until {
            open_on(day) && self.from <= time && time < self.until
        } else {
            (open_on(day) && time >= self.from) || (open_on(day.pred()) && time < self.until)
        }
    }
}

/// A weekday as the config writes it: `mon` … `sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub Weekday);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Weekday>().map(Day).map_err(|_| {
            serde::de::Error::custom(format!("{text:?} is not a day; write mon, tue, … sun"))
        })
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string().to_lowercase())
    }
}

fn weekdays() -> Vec<Day> {
    use Weekday::*;
    [Mon, Tue, Wed, Thu, Fri].into_iter().map(Day).collect()
}

fn seven() -> NaiveTime {
    NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time")
}

fn nineteen() -> NaiveTime {
    NaiveTime::from_hms_opt(19, 0, 0).expect("a valid time")
}

/// Times written `HH:MM`, as people write office hours.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M").map_err(|_| {
            serde::de::Error::custom(format!(
                "{text:?} is not a time; write HH:MM, e.g. \"07:30\""
            ))
        })
    }

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }
}

impl ScreenConfig {
    /// What the view needs; the locale is the system's unless the config names one.
    pub fn options(&self) -> ScreenOptions {
        let locale = self.locale.clone().unwrap_or_else(TimeStyle::system_locale);
        ScreenOptions {
            private: self.private,
            dial_in: self.dial_in,
            dial_in_numbers: self.dial_in_numbers.clone(),
            time: TimeStyle::for_locale(&locale, self.clock),
        }
    }

    /// A phone number is digits and what people put between them; anything
    /// else in `dial_in_numbers` is a typo the screen must not show.
    pub fn bad_number(&self) -> Option<&str> {
        self.dial_in_numbers
            .iter()
            .find(|n| {
                n.len() > 40
                    || !n.chars().any(|c| c.is_ascii_digit())
                    || !n
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-().,#*".contains(c))
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_hold_on_their_days_and_may_cross_midnight() {
        let at = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
        let berlin = chrono_tz::Europe::Berlin;
        let hours = OfficeHours::default();
        // Monday 23 November 2026, 08:00 in Berlin is 07:00 UTC.
        assert!(hours.contain(at("2026-11-23T07:00:00Z"), berlin));
        assert!(
            !hours.contain(at("2026-11-23T05:59:00Z"), berlin),
            "06:59 local"
        );
        assert!(
            !hours.contain(at("2026-11-23T18:00:00Z"), berlin),
            "19:00 local"
        );
        assert!(
            !hours.contain(at("2026-11-28T10:00:00Z"), berlin),
            "Saturday"
        );
        let night: ScreenConfig =
            toml::from_str("awake = { days = [\"fri\"], from = \"22:00\", until = \"02:00\" }")
                .unwrap();
        assert!(
            night
                .awake
                .contain(at("2026-11-27T22:30:00Z"), chrono_tz::UTC),
            "Friday night"
        );
        assert!(
            night
                .awake
                .contain(at("2026-11-28T01:30:00Z"), chrono_tz::UTC),
            "into Saturday"
        );
        assert!(
            !night
                .awake
                .contain(at("2026-11-28T22:30:00Z"), chrono_tz::UTC),
            "Saturday night"
        );
    }
}

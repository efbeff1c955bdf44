//! Reads an iCalendar (RFC 5545) feed into calendar events.

mod lines;
mod time;

pub use time::zone_named;

use chrono::Duration;
use chrono_tz::Tz;

use crate::calendar::CalendarEvent;
use lines::{content_lines, unescape_text, Property};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("this is not an iCalendar file: it has no BEGIN:VCALENDAR")]
    NotACalendar,
}

/// The events read, and one warning per event that could not be read.
#[derive(Debug, Default)]
pub struct ParsedCalendar {
    pub events: Vec<CalendarEvent>,
    pub warnings: Vec<String>,
}

/// `room_zone` places floating times when the calendar names no X-WR-TIMEZONE.
pub fn parse_calendar(text: &str, room_zone: Tz, source: &str) -> Result<ParsedCalendar, Error> {
    let props = content_lines(text);
    if !props
        .iter()
        .any(|p| p.name == "BEGIN" && p.value.eq_ignore_ascii_case("VCALENDAR"))
    {
        return Err(Error::NotACalendar);
    }
    let floating = props
        .iter()
        .find(|p| p.name == "X-WR-TIMEZONE")
        .and_then(|p| zone_named(&p.value))
        .unwrap_or(room_zone);

    let mut parsed = ParsedCalendar::default();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Vec<Property> = Vec::new();
    let mut began_at = 0;
    for prop in props {
        match prop.name.as_str() {
            "BEGIN" => {
                if prop.value.eq_ignore_ascii_case("VEVENT") && !stack.iter().any(|c| c == "VEVENT")
                {
                    began_at = prop.line;
                }
                stack.push(prop.value.to_ascii_uppercase())
            }
            "END" => {
                let closed = stack.pop();
                if closed.as_deref() == Some("VEVENT") && !stack.iter().any(|c| c == "VEVENT") {
                    match event(&current, floating, source) {
                        Ok(e) => parsed.events.push(e),
                        Err(why) => parsed
                            .warnings
                            .push(format!("{source}: event at line {began_at} skipped: {why}")),
                    }
                    current.clear();
                }
            }
            _ if stack.last().map(String::as_str) == Some("VEVENT") => current.push(prop),
            _ => {}
        }
    }
    Ok(parsed)
}

fn event(props: &[Property], floating: Tz, source: &str) -> Result<CalendarEvent, String> {
    let get = |name: &str| props.iter().find(|p| p.name == name);
    let text = |name: &str| {
        get(name)
            .map(|p| unescape_text(&p.value))
            .unwrap_or_default()
    };

    let start = time::moment(get("DTSTART").ok_or("it has no DTSTART")?, floating)?;
    let end = match (get("DTEND"), get("DURATION")) {
        (Some(p), _) => time::moment(p, floating)?.at,
        (None, Some(p)) => {
            let length = time::duration(&p.value)
                .ok_or_else(|| format!("DURATION {:?} is not a duration", p.value))?;
            start
                .at
                .checked_add_signed(length)
                .ok_or("its DURATION is out of range")?
        }
        (None, None) if start.all_day => start.at + Duration::days(1),
        (None, None) => start.at,
    };
    if end < start.at {
        return Err("it ends before it starts".into());
    }
    let conference = props
        .iter()
        .filter(|p| p.name == "CONFERENCE" || p.name == "X-MICROSOFT-SKYPETEAMSMEETINGURL")
        .map(|p| p.value.clone())
        .collect();
    let description_html = props
        .iter()
        .find(|p| p.name == "X-ALT-DESC" && p.param("FMTTYPE") == Some("text/html"))
        .map(|p| unescape_text(&p.value))
        .unwrap_or_default();

    Ok(CalendarEvent {
        uid: text("UID"),
        title: text("SUMMARY"),
        start: start.at,
        end,
        all_day: start.all_day,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        private: matches!(
            text("CLASS").to_ascii_uppercase().as_str(),
            "PRIVATE" | "CONFIDENTIAL"
        ),
        recurring: get("RRULE").is_some() || get("RDATE").is_some(),
        location: text("LOCATION"),
        description: text("DESCRIPTION"),
        description_html,
        url: text("URL"),
        conference,
        source: source.to_string(),
    })
}

#[cfg(test)]
mod tests;

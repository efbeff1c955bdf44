//! Prometheus' text exposition format (version 0.0.4), which node_exporter's
//! textfile collector reads: `# HELP` and `# TYPE` once per family, then one
//! line per series. Pure: the same sample and counters give the same text.

use std::fmt::Write;

use super::counters::TAP_BUCKETS;
use super::{RoomState, Sample, Tallies, TapAction, TapResult, WriteAction, DOCTOR_STATUSES};

/// The whole file.
pub fn render(sample: &Sample, tallies: &Tallies) -> String {
    let mut out = Out(String::new());
    out.family(
        "roomstart_build_info",
        "gauge",
        "Roomstart's version; always 1.",
    );
    out.line("roomstart_build_info", &[("version", sample.version)], 1.0);

    out.family(
        "roomstart_room_state",
        "gauge",
        "1 for the room's state now, 0 for the others.",
    );
    for state in RoomState::ALL {
        let on = state == sample.room.state;
        out.line(
            "roomstart_room_state",
            &[("state", state.as_str())],
            f64::from(u8::from(on)),
        );
    }

    out.family(
        "roomstart_calendar_last_success_timestamp_seconds",
        "gauge",
        "When each calendar source last answered, in Unix seconds; 0: not since Roomstart started.",
    );
    for (source, at) in &sample.room.calendars {
        let seconds = at.map_or(0.0, |t| t.timestamp_millis() as f64 / 1000.0);
        out.line(
            "roomstart_calendar_last_success_timestamp_seconds",
            &[("source", source)],
            seconds,
        );
    }

    out.family(
        "roomstart_calendar_errors_total",
        "counter",
        "Failed reads of each calendar source, by kind.",
    );
    for ((source, kind), n) in &tallies.calendar_errors {
        out.line(
            "roomstart_calendar_errors_total",
            &[("source", source), ("kind", kind.as_str())],
            *n as f64,
        );
    }

    out.family(
        "roomstart_api_requests_total",
        "counter",
        "HTTP requests by API and status; code \"none\": no answer.",
    );
    for ((api, code), n) in &tallies.requests {
        let code = code.map_or_else(|| "none".to_string(), |c| c.to_string());
        out.line(
            "roomstart_api_requests_total",
            &[("api", api.as_str()), ("code", &code)],
            *n as f64,
        );
    }

    out.family(
        "roomstart_taps_total",
        "counter",
        "Taps by action and result: ok, refused (the room's rules), error (something broken).",
    );
    for action in TapAction::ALL {
        for result in TapResult::ALL {
            let n = tallies.taps.get(&(action, result)).copied().unwrap_or(0);
            out.line(
                "roomstart_taps_total",
                &[("action", action.as_str()), ("result", result.as_str())],
                n as f64,
            );
        }
    }

    out.family(
        "roomstart_writes_total",
        "counter",
        "The room's own writes to its calendar and Zoom account, by action and result.",
    );
    for action in WriteAction::ALL {
        for result in TapResult::ALL {
            let n = tallies.writes.get(&(action, result)).copied().unwrap_or(0);
            out.line(
                "roomstart_writes_total",
                &[("action", action.as_str()), ("result", result.as_str())],
                n as f64,
            );
        }
    }

    let h = &tallies.tap_seconds;
    out.family(
        "roomstart_tap_duration_seconds",
        "histogram",
        "How long taps took, from the tap to the link handed to the OS.",
    );
    let mut cumulative = 0;
    for (le, n) in TAP_BUCKETS.iter().zip(h.buckets) {
        cumulative += n;
        out.line(
            "roomstart_tap_duration_seconds_bucket",
            &[("le", &le.to_string())],
            cumulative as f64,
        );
    }
    out.line(
        "roomstart_tap_duration_seconds_bucket",
        &[("le", "+Inf")],
        h.count as f64,
    );
    out.line("roomstart_tap_duration_seconds_sum", &[], h.sum);
    out.line("roomstart_tap_duration_seconds_count", &[], h.count as f64);

    for (name, help, value) in [
        (
            "roomstart_keyring_available",
            "1 when the keyring answers and is unlocked.",
            sample.keyring_available,
        ),
        (
            "roomstart_zoom_handler_installed",
            "1 when an application handles zoommtg: links.",
            sample.zoom_handler_installed,
        ),
        (
            "roomstart_config_valid",
            "1 when the configuration reads cleanly.",
            sample.config_valid,
        ),
    ] {
        if let Some(value) = value {
            out.family(name, "gauge", help);
            out.line(name, &[], f64::from(u8::from(value)));
        }
    }

    out.family(
        "roomstart_doctor_check",
        "gauge",
        "The doctor's local checks (no network): 1 for each check's status now.",
    );
    for (check, status) in &sample.doctor {
        for s in DOCTOR_STATUSES {
            out.line(
                "roomstart_doctor_check",
                &[("check", check), ("status", s)],
                f64::from(u8::from(*status == s)),
            );
        }
    }
    out.0
}

struct Out(String);

impl Out {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let help = help.replace('\\', r"\\").replace('\n', r"\n");
        let _ = writeln!(self.0, "# HELP {name} {help}\n# TYPE {name} {kind}");
    }

    fn line(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.0.push_str(name);
        if !labels.is_empty() {
            self.0.push('{');
            for (i, (label, value)) in labels.iter().enumerate() {
                if i > 0 {
                    self.0.push(',');
                }
                let _ = write!(self.0, "{label}=\"{}\"", escape(value));
            }
            self.0.push('}');
        }
        let _ = writeln!(self.0, " {value}");
    }
}

/// A label value as the format writes it: backslash, quote and newline escaped.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str(r"\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! The demo room's day, laid out around the moment the simulation starts.

use chrono::{DateTime, Duration, DurationRound, Utc};

pub struct DemoMeeting {
    pub id: u64,
    pub topic: &'static str,
    pub start: DateTime<Utc>,
    pub minutes: i64,
    /// Hosted by the demo Zoom account, so Start is offered.
    pub hosted_here: bool,
    pub passcode: &'static str,
    pub encrypted_passcode: &'static str,
    /// The host of the Zoom link in the invite.
    pub link_host: &'static str,
}

pub struct DemoEvent {
    pub uid: &'static str,
    pub title: &'static str,
    pub start: DateTime<Utc>,
    pub minutes: i64,
    pub location: &'static str,
    pub meeting: Option<usize>,
}

pub struct Schedule {
    pub meetings: Vec<DemoMeeting>,
    pub events: Vec<DemoEvent>,
}

pub const HOST_NAME: &str = "Dana Reyes";
pub const HOST_EMAIL: &str = "dana.reyes@demo.roomstart.test";
pub const HOST_ID: &str = "kFZ3dq9RT8mD1x0yP2a4Qw";

/// A meeting in progress that this account hosts, one later today, one on
/// another company's Zoom account, and one event with no meeting link.
pub fn demo_schedule(anchor: DateTime<Utc>) -> Schedule {
    let t0 = anchor
        .duration_trunc(Duration::minutes(5))
        .unwrap_or(anchor);
    let meetings = vec![
        DemoMeeting {
            id: 85746352410,
            topic: "Weekly product sync",
            start: t0 - Duration::minutes(10),
            minutes: 60,
            hosted_here: true,
            passcode: "482913",
            encrypted_passcode: "b3JkZXJzLXN5bmMtZGVtby0x",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 81234567890,
            topic: "Design review: onboarding flow",
            start: t0 + Duration::minutes(120),
            minutes: 45,
            hosted_here: true,
            passcode: "774120",
            encrypted_passcode: "ZGVzaWduLXJldmlldy1kZW1vLTI",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 93456789012,
            topic: "Acme partnership check-in",
            start: t0 + Duration::minutes(180),
            minutes: 30,
            hosted_here: false,
            passcode: "551209",
            encrypted_passcode: "YWNtZS1wYXJ0bmVyLWRlbW8tMw",
            link_host: "acme.zoom.us",
        },
    ];
    let events = vec![
        DemoEvent {
            uid: "demo-sync@roomstart.test",
            title: "Weekly product sync",
            start: meetings[0].start,
            minutes: 60,
            location: "Aurora (4th floor)",
            meeting: Some(0),
        },
        DemoEvent {
            uid: "demo-lunch@roomstart.test",
            title: "Team lunch",
            start: t0 + Duration::minutes(60),
            minutes: 45,
            location: "Kitchen",
            meeting: None,
        },
        DemoEvent {
            uid: "demo-review@roomstart.test",
            title: "Design review: onboarding flow",
            start: meetings[1].start,
            minutes: 45,
            location: "Aurora (4th floor)",
            meeting: Some(1),
        },
        DemoEvent {
            uid: "demo-acme@roomstart.test",
            title: "Acme partnership check-in",
            start: meetings[2].start,
            minutes: 30,
            location: "Aurora (4th floor)",
            meeting: Some(2),
        },
    ];
    Schedule { meetings, events }
}

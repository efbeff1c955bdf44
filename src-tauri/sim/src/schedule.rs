//! The demo room's day, laid out around the moment the simulation starts.

use chrono::{DateTime, Duration, DurationRound, Utc};

pub struct DemoMeeting {
    pub id: u64,
    /// Zoom's meeting type: 1 instant, 2 scheduled, 3 recurring with no fixed
    /// time, 4 personal meeting room, 8 recurring with a fixed time.
    pub meeting_type: u8,
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

/// The demo day's calendar events, in order, as every source gives them unedited.
pub const DEMO_TITLES: [&str; 4] = [
    "Weekly product sync",
    // No meal or hour in any title: the day is laid out around "now", whatever the hour.
    "Whiteboard session",
    "Design review: onboarding flow",
    "Acme partnership check-in",
];

pub const HOST_NAME: &str = "Dana Reyes";
pub const HOST_EMAIL: &str = "dana.reyes@demo.roomstart.test";
/// Who organised the Acme meeting, which another account hosts.
pub const ACME_ORGANIZER: &str = "kim@acme.example";
pub const HOST_ID: &str = "kFZ3dq9RT8mD1x0yP2a4Qw";
/// A meeting that existed once: Get meeting answers 3001 "not found or has expired".
pub const EXPIRED_MEETING_ID: u64 = 84000000001;

/// A meeting in progress that this account hosts, one later today, one on
/// another company's Zoom account, and one event with no meeting link.
pub fn demo_schedule(anchor: DateTime<Utc>) -> Schedule {
    let t0 = anchor
        .duration_trunc(Duration::minutes(5))
        .unwrap_or(anchor);
    let meetings = vec![
        DemoMeeting {
            id: 85746352410,
            meeting_type: 8,
            topic: DEMO_TITLES[0],
            start: t0 - Duration::minutes(10),
            minutes: 60,
            hosted_here: true,
            passcode: "482913",
            encrypted_passcode: "b3JkZXJzLXN5bmMtZGVtby0x",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 81234567890,
            meeting_type: 2,
            topic: DEMO_TITLES[2],
            start: t0 + Duration::minutes(120),
            minutes: 45,
            hosted_here: true,
            passcode: "774120",
            encrypted_passcode: "ZGVzaWduLXJldmlldy1kZW1vLTI",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 93456789012,
            meeting_type: 2,
            topic: DEMO_TITLES[3],
            start: t0 + Duration::minutes(180),
            minutes: 30,
            hosted_here: false,
            passcode: "551209",
            encrypted_passcode: "YWNtZS1wYXJ0bmVyLWRlbW8tMw",
            link_host: "acme.zoom.us",
        },
        // The account's other meetings, one of each remaining type; none is on
        // the room's calendar.
        DemoMeeting {
            id: 87700112233,
            meeting_type: 3,
            topic: "Office hours (no fixed time)",
            start: t0 + Duration::days(1),
            minutes: 30,
            hosted_here: true,
            passcode: "300113",
            encrypted_passcode: "b2ZmaWNlLWhvdXJzLWRlbW8tNA",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 4155550123,
            meeting_type: 4,
            topic: "Dana Reyes's Personal Meeting Room",
            start: t0,
            minutes: 60,
            hosted_here: true,
            passcode: "404404",
            encrypted_passcode: "cG1pLWRlbW8tNQ",
            link_host: "us06web.zoom.us",
        },
        DemoMeeting {
            id: 86655443322,
            meeting_type: 1,
            topic: "Quick call",
            start: t0 - Duration::minutes(2),
            minutes: 30,
            hosted_here: true,
            passcode: "110011",
            encrypted_passcode: "aW5zdGFudC1kZW1vLTY",
            link_host: "us06web.zoom.us",
        },
    ];
    let events = vec![
        DemoEvent {
            uid: "demo-sync@roomstart.test",
            title: DEMO_TITLES[0],
            start: meetings[0].start,
            minutes: 60,
            location: "Aurora (4th floor)",
            meeting: Some(0),
        },
        DemoEvent {
            uid: "demo-whiteboard@roomstart.test",
            title: DEMO_TITLES[1],
            start: t0 + Duration::minutes(60),
            minutes: 45,
            location: "Aurora (4th floor)",
            meeting: None,
        },
        DemoEvent {
            uid: "demo-review@roomstart.test",
            title: DEMO_TITLES[2],
            start: meetings[1].start,
            minutes: 45,
            location: "Aurora (4th floor)",
            meeting: Some(1),
        },
        DemoEvent {
            uid: "demo-acme@roomstart.test",
            title: DEMO_TITLES[3],
            start: meetings[2].start,
            minutes: 30,
            location: "Aurora (4th floor)",
            meeting: Some(2),
        },
    ];
    Schedule { meetings, events }
}

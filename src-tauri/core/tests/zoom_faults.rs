//! The Zoom client and the start path against every fault the fake can
//! switch on, over real HTTP on loopback.

mod common;

use std::time::Duration;

use common::{client, room, room_with, sim};
use roomstart_core::room::view::{MessageKind, PersonMessage};
use roomstart_core::room::{StartError, StartVia};
use roomstart_core::zoom::{self, MeetingId};
use roomstart_sim::{Faults, LinkStyle, RateLimit, RetryAfter, CLIENT_SECRET, EXPIRED_MEETING_ID};

const SYNC: &str = "85746352410";

fn id(s: &str) -> MeetingId {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_revoked_token_is_minted_again_once() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let key = room.sync_key().await;
    room.tap_start(&key).await.unwrap();
    assert_eq!(sim.requests("token"), 1);
    sim.revoke_tokens();
    room.tap_start(&key).await.unwrap();
    assert_eq!(sim.requests("token"), 2, "one new token after the 401");
    assert_eq!(
        sim.requests("meeting"),
        3,
        "the rejected call, then its one retry"
    );
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire_so_a_tap_never_mints() {
    let sim = sim(LinkStyle::Zoom).await;
    // 301 s of life minus the 300 s margin: due for renewal after one second.
    sim.set_faults(Faults {
        token_lifetime_secs: Some(301),
        ..Faults::default()
    });
    let room = room(&sim, CLIENT_SECRET);
    let key = room.sync_key().await;
    room.warm_up().await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    room.warm_up().await;
    assert_eq!(
        sim.requests("token"),
        2,
        "the background warm-up renewed it"
    );
    room.tap_start(&key).await.unwrap();
    assert_eq!(sim.requests("token"), 2, "the tap used the held token");
}

#[tokio::test]
async fn an_expired_token_is_never_sent() {
    let sim = sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        token_lifetime_secs: Some(1),
        ..Faults::default()
    });
    let room = room(&sim, CLIENT_SECRET);
    let key = room.sync_key().await;
    room.tap_start(&key).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    room.tap_start(&key).await.unwrap();
    assert_eq!(
        sim.requests("meeting"),
        2,
        "no call was rejected for an expired token"
    );
}

#[tokio::test]
async fn failures_are_named_and_worded_for_the_room() {
    struct Case {
        faults: Faults,
        error: fn(&zoom::Error) -> bool,
        kind: MessageKind,
        says: &'static str,
    }
    let cases = [
        Case {
            faults: Faults {
                scopes: Some("user:read:admin".into()),
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::MissingScope { message } if message.contains("meeting:read:admin")),
            kind: MessageKind::Scope,
            says: "lacks a permission",
        },
        Case {
            faults: Faults {
                deleted_meetings: vec![85746352410],
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::MeetingNotFound { .. }),
            kind: MessageKind::NotFound,
            says: "does not exist or has expired",
        },
        Case {
            faults: Faults {
                server_error: Some(503),
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::Api { status: 503, .. }),
            kind: MessageKind::ZoomError,
            says: "could not start the meeting right now",
        },
        Case {
            faults: Faults {
                rate_limit: Some(RateLimit {
                    retry_after: RetryAfter::Seconds(120),
                    limit_type: "QPS",
                    times: 5,
                }),
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 120),
            kind: MessageKind::RateLimited,
            says: "wait about 2 minutes",
        },
        Case {
            faults: Faults {
                rate_limit: Some(RateLimit {
                    retry_after: RetryAfter::HttpDate(
                        (common::now() + chrono::Duration::seconds(300))
                            .to_rfc2822()
                            .replace("+0000", "GMT"),
                    ),
                    limit_type: "QPS",
                    times: 5,
                }),
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::RateLimited { retry_after: Some(d), .. } if (295..=300).contains(&d.as_secs())),
            kind: MessageKind::RateLimited,
            says: "wait about 5 minutes",
        },
        Case {
            faults: Faults {
                rate_limit: Some(RateLimit {
                    retry_after: RetryAfter::Iso(
                        (common::now() + chrono::Duration::hours(3))
                            .format("%Y-%m-%dT%H:%M:%SZ")
                            .to_string(),
                    ),
                    limit_type: "Daily-limit",
                    times: 5,
                }),
                ..Faults::default()
            },
            error: |e| matches!(e, zoom::Error::RateLimited { limit_type, .. } if limit_type == "Daily-limit"),
            kind: MessageKind::RateLimited,
            says: "resets at 00:00 GMT",
        },
        Case {
            faults: Faults {
                rate_limit: Some(RateLimit {
                    retry_after: RetryAfter::Missing,
                    limit_type: "QPS",
                    times: 5,
                }),
                ..Faults::default()
            },
            error: |e| {
                matches!(
                    e,
                    zoom::Error::RateLimited {
                        retry_after: None,
                        ..
                    }
                )
            },
            kind: MessageKind::RateLimited,
            says: "Try again in a minute",
        },
    ];
    for (i, case) in cases.into_iter().enumerate() {
        let sim = sim(LinkStyle::Zoom).await;
        let room = room(&sim, CLIENT_SECRET);
        let key = room.sync_key().await;
        // A token carries the scopes granted when it was minted: mint a new one.
        sim.set_faults(case.faults);
        sim.revoke_tokens();
        let err = room.tap_start(&key).await.unwrap_err();
        let StartError::Zoom(z) = &err else {
            panic!("case {i}: {err:?}")
        };
        assert!((case.error)(z), "case {i}: {z:?}");
        let shown = PersonMessage::from(&err);
        assert_eq!(shown.kind, case.kind, "case {i}");
        assert!(
            shown.message.contains(case.says),
            "case {i}: {}",
            shown.message
        );
    }
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out_once() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let key = room.sync_key().await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimit {
            retry_after: RetryAfter::Seconds(1),
            limit_type: "QPS",
            times: 1,
        }),
        ..Faults::default()
    });
    room.tap_start(&key).await.unwrap();
    assert_eq!(sim.requests("meeting"), 2);
}

#[tokio::test]
async fn a_slow_zoom_gets_an_answer_by_the_deadline() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room_with(&sim, client(&sim, CLIENT_SECRET), |s| {
        s.tap_deadline = Duration::from_millis(500)
    });
    let key = room.sync_key().await;
    sim.set_faults(Faults {
        delay: Some(Duration::from_secs(3)),
        ..Faults::default()
    });
    let err = room.tap_start(&key).await.unwrap_err();
    assert!(
        matches!(err, StartError::Zoom(zoom::Error::Timeout)),
        "{err:?}"
    );
    assert_eq!(PersonMessage::from(&err).kind, MessageKind::Slow);
}

#[tokio::test]
async fn start_through_the_zoom_client_uses_a_fresh_zak() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room_with(&sim, client(&sim, CLIENT_SECRET), |s| {
        s.zoom.as_mut().unwrap().start_via = StartVia::ZoomClient;
    });
    let key = room.sync_key().await;
    let url = room.tap_start(&key).await.unwrap();
    let zak = sim.issued_zaks().last().cloned().unwrap();
    assert_eq!(
        url,
        format!("zoommtg://us06web.zoom.us/start?confno={SYNC}&zak={zak}")
    );
}

#[tokio::test]
async fn every_meeting_type_reads_with_its_fields() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);
    for (meeting, kind, occurrences, has_time) in [
        ("85746352410", 8, 4, true),
        ("81234567890", 2, 0, true),
        ("87700112233", 3, 0, false),
        ("4155550123", 4, 0, true),
        ("86655443322", 1, 0, true),
    ] {
        let m = zoom.meeting(id(meeting)).await.unwrap();
        assert_eq!(m.id.to_string(), meeting);
        assert_eq!(m.meeting_type, kind, "{meeting}");
        assert_eq!(m.occurrences.len(), occurrences, "{meeting}");
        assert_eq!(m.start_time.is_some(), has_time, "{meeting}");
        assert!(m.encrypted_password.is_some() && m.password.is_some());
        assert!(m.join_url.expose().contains(&format!("/j/{meeting}?pwd=")));
    }
    let gone = zoom
        .meeting(MeetingId::try_from(EXPIRED_MEETING_ID).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(gone, zoom::Error::MeetingNotFound { .. }),
        "{gone:?}"
    );
}

#[tokio::test]
async fn lists_follow_every_page_and_the_zak_is_asked_for_explicitly() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET).with_page_size(1);
    let upcoming = zoom.upcoming_meetings("me").await.unwrap();
    let ids: Vec<String> = upcoming.iter().map(|m| m.id.to_string()).collect();
    assert_eq!(ids, ["85746352410", "81234567890", "87700112233"]);
    assert_eq!(sim.requests("list"), 3, "one page each");
    let users = zoom.users().await.unwrap();
    assert_eq!(users.len(), 2);
    let zak = zoom.zak("me").await.unwrap();
    assert!(zak.expose().starts_with("sim-zak-"), "type=zak was sent");
    let missing = zoom
        .upcoming_meetings("nobody@example.com")
        .await
        .unwrap_err();
    assert!(
        matches!(missing, zoom::Error::Api { code: 1001, .. }),
        "{missing:?}"
    );
}

#[tokio::test]
async fn every_user_counts_as_a_host_at_a_cost_that_follows_the_agenda() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room_with(&sim, client(&sim, CLIENT_SECRET), |s| {
        s.zoom.as_mut().unwrap().host_users = vec!["*".into()];
    });
    let now = common::now();
    room.refresh(now).await;
    let view = room.view(now).await;
    // Hosted by the account; on an ICS feed, whose organizer nobody vouches
    // for, that earns Join only (second_attack.rs starts it from Graph).
    assert_eq!(
        view.events[0].note.as_deref(),
        Some("This calendar cannot confirm who sent the invite: join only"),
        "{:?}",
        view.events[0]
    );
    let acme = view
        .events
        .iter()
        .find(|e| e.title.starts_with("Acme"))
        .unwrap();
    assert!(
        !acme.can_start,
        "another account's meeting: Zoom answered 3001"
    );
    assert_eq!(
        acme.note.as_deref(),
        Some("Hosted on another Zoom account: join only")
    );
    // The account's users are never listed: one Get meeting per meeting on the agenda.
    assert_eq!(sim.requests("users"), 0);
    assert_eq!(sim.requests("meeting"), 3);
    // The next refreshes within the hour ask nothing more; an hour on, again.
    room.refresh(now + chrono::Duration::minutes(30)).await;
    assert_eq!(sim.requests("meeting"), 3);
    room.refresh(now + chrono::Duration::minutes(61)).await;
    assert!(sim.requests("meeting") <= 6);
}

#[tokio::test]
async fn join_opens_the_zoom_client_when_a_handler_is_registered() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room_with(&sim, client(&sim, CLIENT_SECRET), |s| s.zoommtg_join = true);
    let now = common::now() + chrono::Duration::minutes(175);
    room.refresh(now).await;
    let view = room.view(now).await;
    let acme = view
        .events
        .iter()
        .find(|e| e.title.starts_with("Acme"))
        .unwrap();
    room.join(&acme.key).await.unwrap();
    assert_eq!(
        room.opened()[0],
        "zoommtg://acme.zoom.us/join?action=join&confno=93456789012&pwd=YWNtZS1wYXJ0bmVyLWRlbW8tMw&uname=Aurora"
    );
}

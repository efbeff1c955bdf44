//! "Meet now": the Zoom client creates an instant meeting on the simulated
//! Zoom over loopback, within Zoom's published daily limit and scopes.

mod common;

use std::time::Duration;

use common::{client, sim};
use roomstart_core::zoom::Error;
use roomstart_sim::{
    Faults, LinkStyle, RateLimit, RetryAfter, CLIENT_SECRET, CREATES_PER_USER_PER_DAY, HOST_EMAIL,
    HOST_ID,
};

const TOPIC: &str = "Meet now: Room 4.12";

#[tokio::test]
async fn a_created_meeting_comes_with_a_fresh_start_link_and_a_passcode() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);

    let meeting = zoom
        .create_instant_meeting(HOST_ID, TOPIC, 30)
        .await
        .unwrap();

    assert_eq!(meeting.meeting_type, 1, "an instant meeting");
    assert_eq!(meeting.topic, TOPIC);
    assert_eq!(meeting.duration, Some(30));
    assert_eq!(meeting.host_id, HOST_ID);
    assert!(meeting.id.get() >= 10_000_000_000, "11 digits");
    let issued = sim.issued_start_urls();
    assert_eq!(
        issued.last().map(String::as_str),
        Some(meeting.start_url.expose()),
        "the start link is the one the fake just issued"
    );
    assert_eq!(issued.len(), 1, "no other start link was handed out");
    assert!(meeting
        .password
        .as_ref()
        .is_some_and(|p| !p.expose().is_empty()));
    let phone = meeting
        .phone_passcode()
        .expect("a numeric passcode for phones");
    assert!(phone.bytes().all(|b| b.is_ascii_digit()));
    assert!(meeting.join_url.expose().contains("?pwd="));

    let created = sim.created_meetings();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].id, meeting.id.get());
    assert_eq!(created[0].settings["join_before_host"], false);
    assert!(
        created[0].settings.get("waiting_room").is_none(),
        "the waiting room is left to the account's default"
    );

    let again = zoom.meeting(meeting.id).await.unwrap();
    assert_eq!(again.join_url.expose(), meeting.join_url.expose());
    assert_eq!(again.topic, TOPIC);
    assert_ne!(
        again.start_url.expose(),
        meeting.start_url.expose(),
        "Get meeting hands out a new start link each time"
    );
    assert_eq!(sim.requests("create"), 1);
}

#[tokio::test]
async fn the_101st_create_of_the_day_is_refused_with_the_daily_limit() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);
    for _ in 0..CREATES_PER_USER_PER_DAY {
        zoom.create_instant_meeting(HOST_ID, TOPIC, 30)
            .await
            .unwrap();
    }

    // The same user by email: Zoom counts per user, however it is named.
    let refused = zoom.create_instant_meeting(HOST_EMAIL, TOPIC, 30).await;

    let Err(Error::RateLimited {
        retry_after,
        limit_type,
    }) = refused
    else {
        panic!("expected the daily limit, got {refused:?}");
    };
    assert_eq!(limit_type, "Daily-limit");
    // The tests' clock is 22:40 GMT; the limit lifts at 00:00 GMT.
    assert_eq!(retry_after, Some(Duration::from_secs(80 * 60)));
    assert_eq!(sim.created_meetings().len(), 100);
    assert_eq!(sim.requests("create"), 101, "the refusal was not retried");
}

#[tokio::test]
async fn the_daily_limit_is_per_user() {
    let sim = sim(LinkStyle::Zoom).await;
    sim.set_creates_today(HOST_ID, CREATES_PER_USER_PER_DAY - 1);
    let zoom = client(&sim, CLIENT_SECRET);
    zoom.create_instant_meeting("me", TOPIC, 30).await.unwrap();
    let refused = zoom.create_instant_meeting(HOST_ID, TOPIC, 30).await;
    assert!(
        matches!(&refused, Err(Error::RateLimited { limit_type, .. }) if limit_type == "Daily-limit"),
        "{refused:?}"
    );
    let other = zoom
        .create_instant_meeting("sam.okafor@demo.roomstart.test", TOPIC, 30)
        .await
        .unwrap();
    assert_eq!(other.host_email, "sam.okafor@demo.roomstart.test");
}

#[tokio::test]
async fn a_token_without_the_write_scope_is_a_missing_scope() {
    let sim = sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        scopes: Some("meeting:read:admin user:read:token:admin".into()),
        ..Faults::default()
    });
    let zoom = client(&sim, CLIENT_SECRET);

    let refused = zoom.create_instant_meeting(HOST_ID, TOPIC, 30).await;

    assert!(
        matches!(&refused, Err(Error::MissingScope { message }) if message.contains("meeting:write:admin")),
        "{refused:?}"
    );
    assert_eq!(sim.requests("token"), 1, "minting again adds no scope");
    assert!(sim.created_meetings().is_empty());
}

#[tokio::test]
async fn the_granular_write_scope_is_enough() {
    let sim = sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        scopes: Some("meeting:read:meeting:admin meeting:write:meeting:admin".into()),
        ..Faults::default()
    });
    let zoom = client(&sim, CLIENT_SECRET);
    zoom.create_instant_meeting(HOST_ID, TOPIC, 30)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_revoked_token_is_minted_again_and_one_meeting_is_created() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);
    zoom.warm_up().await.unwrap();
    sim.revoke_tokens();

    zoom.create_instant_meeting(HOST_ID, TOPIC, 30)
        .await
        .unwrap();

    assert_eq!(sim.requests("token"), 2);
    assert_eq!(
        sim.requests("create"),
        2,
        "the refused call, then its retry"
    );
    assert_eq!(sim.created_meetings().len(), 1, "one meeting, not two");
}

#[tokio::test]
async fn a_short_per_second_limit_is_waited_out_once() {
    let sim = sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimit {
            retry_after: RetryAfter::Seconds(1),
            limit_type: "QPS",
            times: 1,
        }),
        ..Faults::default()
    });
    let zoom = client(&sim, CLIENT_SECRET);
    zoom.create_instant_meeting(HOST_ID, TOPIC, 30)
        .await
        .unwrap();
    assert_eq!(sim.requests("create"), 2);
    assert_eq!(sim.created_meetings().len(), 1);
}

#[tokio::test]
async fn an_unknown_user_is_zooms_1001_and_creates_nothing() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);
    let refused = zoom
        .create_instant_meeting("nobody@demo.roomstart.test", TOPIC, 30)
        .await;
    assert!(
        matches!(
            &refused,
            Err(Error::Api {
                status: 404,
                code: 1001,
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(sim.created_meetings().is_empty());
}

#[tokio::test]
async fn a_created_meeting_prints_no_secret() {
    let sim = sim(LinkStyle::Zoom).await;
    let zoom = client(&sim, CLIENT_SECRET);
    let meeting = zoom
        .create_instant_meeting(HOST_ID, TOPIC, 30)
        .await
        .unwrap();
    let printed = format!("{meeting:?}");
    let created = &sim.created_meetings()[0];
    for secret in [
        &created.start_url,
        &created.join_url,
        &created.password,
        &created.encrypted_password,
        &created.pstn_password,
    ] {
        assert!(!printed.contains(secret.as_str()), "Debug shows a secret");
    }
}

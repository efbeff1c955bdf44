use chrono::Duration;
use roomstart_sim::{SimOptions, Simulation, GRAPH_CLIENT_ID, TENANT_ID};

use super::*;

/// A computer that slept past a token's expiry (its monotonic clock stood
/// still) must not offer the dead token: expiry follows the wall clock.
#[tokio::test]
async fn a_token_is_renewed_by_the_wall_clock_as_after_a_sleep() {
    let now: DateTime<Utc> = "2026-11-23T22:40:00Z".parse().unwrap();
    let sim = Simulation::start(SimOptions::at(now)).await.unwrap();
    let http = crate::http::api_client(std::time::Duration::from_secs(5));
    let url = Url::parse(&format!("{}ms/{TENANT_ID}/oauth2/v2.0/token", sim.base())).unwrap();
    let form = [
        ("client_id", GRAPH_CLIENT_ID),
        ("client_secret", roomstart_sim::CLIENT_SECRET),
        ("scope", "https://graph.microsoft.com/.default"),
        ("grant_type", "client_credentials"),
    ];
    let held = HeldToken::default();
    let get = |at| held.get(&http, url.clone(), &form, "refused", at);
    let first = get(now).await.unwrap();
    // Ten minutes on, the token (3599 s) is still good: no request.
    assert_eq!(
        get(now + Duration::minutes(10)).await.unwrap().expose(),
        first.expose()
    );
    assert_eq!(sim.requests("graph_token"), 1);
    // The room slept for two hours: a new token, though no time passed for `Instant`.
    let after_sleep = get(now + Duration::hours(2)).await.unwrap();
    assert_ne!(after_sleep.expose(), first.expose());
    assert_eq!(sim.requests("graph_token"), 2);
    // A vendor's 401 drops the token.
    held.forget().await;
    get(now + Duration::hours(2)).await.unwrap();
    assert_eq!(sim.requests("graph_token"), 3);
}

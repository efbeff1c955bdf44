//! A broken configuration gives the setup screen with the file, the line and
//! the fix: never a crash and never a blank window.

use roomstart_e2e::Harness;

#[tokio::test]
async fn a_broken_config_shows_the_setup_screen_with_file_and_line() {
    let h = Harness::from_env();
    let config = h.config_file(
        "roomstart-broken",
        "[room]\nname = \"Aurora\"\ntimezone = \"Mars/Olympus\"\n",
    );

    let (s, text) = h.setup_screen(&config).await;
    let expected = format!("{}:3: unknown time zone \"Mars/Olympus\"", config.display());
    assert!(text.contains(&expected), "{text}");
    assert!(
        text.contains("IANA name such as \"Europe/Berlin\""),
        "{text}"
    );
    s.screenshot(&h.artifacts.join("setup-broken-config.png"))
        .await;
    s.end().await;
}

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

    // IT fixes the file while the window is open: within the 30 s retry the
    // window becomes the room, with no restart.
    std::fs::write(
        &config,
        "[room]\nname = \"Aurora fixed\"\ntimezone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    let name = s
        .wait_for_within(
            "[data-testid=room-name]",
            1,
            std::time::Duration::from_secs(45),
        )
        .await;
    assert_eq!(s.text(&name[0]).await, "Aurora fixed");
    s.screenshot(&h.artifacts.join("setup-fixed-config.png"))
        .await;
    s.end().await;
}

fn main() {
    // Declaring the commands makes Tauri require an explicit permission for
    // each one, so the capability in tauri.conf.json lists exactly what the UI may call.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "room_view",
            "start_meeting",
            "join_meeting",
            "join_by_id",
            "dial_in",
            "book_now",
            "extend_booking",
            "end_booking",
            "check_in",
            "meet_now",
        ]),
    ))
    .expect("tauri build script");
}

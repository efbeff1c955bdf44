//! What keeps the room window the room window: it never leaves the app's
//! own pages, a kiosk window cannot be closed, and a web view whose process
//! died is loaded again.

use tauri::Url;
use tauri::{Runtime, WebviewWindow, WindowEvent};

/// The app's own pages: `tauri://localhost` (Linux, macOS) or
/// `http(s)://tauri.localhost` (Windows). Anything else is a way out.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

/// A kiosk window refuses to close: Alt+F4 or the window manager's close
/// would end the app with a clean exit, and the room would have no screen.
/// IT stops the app on purpose from outside (`systemctl --user stop
/// roomstart`, or ending the session).
pub fn refuse_close<R: Runtime>(window: &WebviewWindow<R>) {
    window.on_window_event(|event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            api.prevent_close();
            tracing::warn!("a close request to the kiosk window was refused");
        }
    });
}

/// WebKitGTK runs the page in its own process; when that dies (a crash, the
/// OOM killer) the window would stay blank. Reloading starts a new one.
#[cfg(target_os = "linux")]
pub fn recover_from_crashes<R: Runtime>(window: &WebviewWindow<R>) {
    use webkit2gtk::WebViewExt;
    let hooked = window.with_webview(|webview| {
        webview
            .inner()
            .connect_web_process_terminated(|view, reason| {
                tracing::error!(
                    ?reason,
                    "the web view's process died; loading the room screen again"
                );
                view.reload();
            });
    });
    if let Err(e) = hooked {
        tracing::warn!(error = %e, "could not watch the web view for crashes");
    }
}

// WebView2 and WKWebView restart their content process by themselves.
#[cfg(not(target_os = "linux"))]
pub fn recover_from_crashes<R: Runtime>(_window: &WebviewWindow<R>) {}

/// One page that never navigates needs no page cache and only a small memory
/// cache: WebKit's "document viewer" model keeps the web process smaller.
#[cfg(target_os = "linux")]
pub fn cache_for_one_page<R: Runtime>(window: &WebviewWindow<R>) {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    let set = window.with_webview(|webview| {
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = set {
        tracing::warn!(error = %e, "could not set the web view's cache model");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn cache_for_one_page<R: Runtime>(_window: &WebviewWindow<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_may_be_shown() {
        let own = |s: &str| is_app_page(&Url::parse(s).unwrap());
        assert!(own("tauri://localhost/index.html"));
        assert!(own("http://tauri.localhost/"));
        for away in [
            "https://evil.example/",
            "tauri://evil.example/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "zoommtg://zoom.us/join?confno=1",
            "https://tauri.localhost.evil.example/",
        ] {
            assert!(!own(away), "{away}");
        }
    }
}

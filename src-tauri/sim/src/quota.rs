//! The vendors' published rate limits, enforced per identity and per account:
//! the one limiter the HTTP fakes (`Simulation::enforce_quotas`) and the
//! in-process fleet simulation both ask. Pure: every call takes `now`, a
//! monotonic offset from any origin the caller keeps.
//!
//! - Zoom: per account, shared by every app; Light and Medium each per
//!   second (Pro 30/20, Business 80/60). Over it: 429 with `Retry-After`.
//! - Google Calendar: 600 a minute per user per project (a service account
//!   without `subject` is one user) and 10,000 a minute per project. Over it:
//!   403 `rateLimitExceeded` (domain `usageLimits`), no `Retry-After`.
//! - Microsoft Graph (Outlook): 10,000 per 10 minutes per app and mailbox.
//!   Over it: 429 with `Retry-After`. (Its 4 concurrent requests per mailbox
//!   cannot be reached by a room, which reads one request at a time.)
//!
//! A refused request does not count against the quota.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// The published limits one simulation enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub zoom_light_per_second: u32,
    pub zoom_medium_per_second: u32,
    pub google_user_per_minute: u32,
    pub google_project_per_minute: u32,
    pub graph_mailbox_per_10_minutes: u32,
}

impl Limits {
    /// A Zoom Pro account, with Google's and Graph's published limits.
    pub fn zoom_pro() -> Limits {
        Limits {
            zoom_light_per_second: 30,
            zoom_medium_per_second: 20,
            google_user_per_minute: 600,
            google_project_per_minute: 10_000,
            graph_mailbox_per_10_minutes: 10_000,
        }
    }

    /// A Zoom Business (or larger) account, with Google's and Graph's limits.
    pub fn zoom_business() -> Limits {
        Limits {
            zoom_light_per_second: 80,
            zoom_medium_per_second: 60,
            ..Limits::zoom_pro()
        }
    }
}

/// One request, named by whom the vendor counts it against.
#[derive(Debug, Clone, Copy)]
pub enum Call<'a> {
    /// Get meeting (Light), or List meetings or Create a meeting (Medium), on `account`.
    Zoom { account: &'a str, medium: bool },
    /// `events.list` by `user` (the service account, or its `subject`) in `project`.
    Google { project: &'a str, user: &'a str },
    /// `calendarView` or its delta, by `app` on `mailbox`.
    Graph { app: &'a str, mailbox: &'a str },
}

/// What the vendor answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Served,
    /// Zoom's or Graph's 429.
    TooManyRequests {
        retry_after: Duration,
    },
    /// Google's 403 `rateLimitExceeded` (per user) or `quotaExceeded`-style
    /// project limit; Google sends no `Retry-After`.
    RateLimitExceeded,
}

/// Requests counted in a sliding window of whole seconds.
#[derive(Debug, Default)]
struct Window {
    /// (second, requests in it), oldest first.
    seconds: VecDeque<(u64, u32)>,
    total: u32,
}

impl Window {
    /// Forgets what fell out of a `span`-second window ending at `second`.
    fn slide(&mut self, second: u64, span: u64) {
        while let Some(&(s, n)) = self.seconds.front() {
            if s + span > second {
                break;
            }
            self.seconds.pop_front();
            self.total -= n;
        }
    }

    fn add(&mut self, second: u64) {
        match self.seconds.back_mut() {
            Some((s, n)) if *s == second => *n += 1,
            _ => self.seconds.push_back((second, 1)),
        }
        self.total += 1;
    }

    /// When the oldest request leaves the window, counted from `second`.
    fn frees_in(&self, second: u64, span: u64) -> Duration {
        let oldest = self.seconds.front().map_or(second, |&(s, _)| s);
        Duration::from_secs((oldest + span).saturating_sub(second).max(1))
    }
}

/// Every identity's windows.
#[derive(Debug)]
pub struct Quotas {
    limits: Limits,
    windows: HashMap<String, Window>,
}

impl Quotas {
    pub fn new(limits: Limits) -> Quotas {
        Quotas {
            limits,
            windows: HashMap::new(),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Serves `call` at `now` if every window it counts in has room.
    pub fn ask(&mut self, call: Call<'_>, now: Duration) -> Answer {
        let second = now.as_secs();
        let l = self.limits;
        // (window key, span in seconds, limit)
        let counted: Vec<(String, u64, u32)> = match call {
            Call::Zoom { account, medium } => vec![match medium {
                true => (
                    format!("zoom/{account}/medium"),
                    1,
                    l.zoom_medium_per_second,
                ),
                false => (format!("zoom/{account}/light"), 1, l.zoom_light_per_second),
            }],
            Call::Google { project, user } => vec![
                (
                    format!("google/{project}/{user}"),
                    60,
                    l.google_user_per_minute,
                ),
                (format!("google/{project}"), 60, l.google_project_per_minute),
            ],
            Call::Graph { app, mailbox } => vec![(
                format!("graph/{app}/{}", mailbox.to_ascii_lowercase()),
                600,
                l.graph_mailbox_per_10_minutes,
            )],
        };
        for (key, span, limit) in &counted {
            let window = self.windows.entry(key.clone()).or_default();
            window.slide(second, *span);
            if window.total >= *limit {
                return match call {
                    Call::Google { .. } => Answer::RateLimitExceeded,
                    _ => Answer::TooManyRequests {
                        retry_after: window.frees_in(second, *span),
                    },
                };
            }
        }
        for (key, _, _) in counted {
            self.windows.entry(key).or_default().add(second);
        }
        Answer::Served
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn zoom_counts_each_category_per_second_per_account() {
        let mut q = Quotas::new(Limits::zoom_pro());
        let list = Call::Zoom {
            account: "a",
            medium: true,
        };
        for _ in 0..20 {
            assert_eq!(q.ask(list, at(10.2)), Answer::Served);
        }
        let refused = Answer::TooManyRequests {
            retry_after: Duration::from_secs(1),
        };
        assert_eq!(q.ask(list, at(10.9)), refused);
        // Light has its own budget, and another account its own.
        let get = Call::Zoom {
            account: "a",
            medium: false,
        };
        assert_eq!(q.ask(get, at(10.9)), Answer::Served);
        let other = Call::Zoom {
            account: "b",
            medium: true,
        };
        assert_eq!(q.ask(other, at(10.9)), Answer::Served);
        assert_eq!(q.ask(list, at(11.0)), Answer::Served);
    }

    #[test]
    fn google_counts_per_user_and_per_project_over_a_sliding_minute() {
        let mut q = Quotas::new(Limits::zoom_pro());
        let sa = Call::Google {
            project: "p",
            user: "sa",
        };
        for i in 0..600 {
            assert_eq!(q.ask(sa, at(f64::from(i) / 10.0)), Answer::Served);
        }
        assert_eq!(q.ask(sa, at(59.9)), Answer::RateLimitExceeded);
        // Second 0 held 10 requests; they leave the window at 60 s.
        assert_eq!(q.ask(sa, at(60.0)), Answer::Served);
        let mut q = Quotas::new(Limits::zoom_pro());
        for i in 0..10_000 {
            let user = format!("room-{i}");
            let call = Call::Google {
                project: "p",
                user: &user,
            };
            assert_eq!(q.ask(call, at(1.0)), Answer::Served);
        }
        let one_more = Call::Google {
            project: "p",
            user: "room-new",
        };
        assert_eq!(q.ask(one_more, at(2.0)), Answer::RateLimitExceeded);
    }

    #[test]
    fn graph_counts_per_app_and_mailbox_over_ten_minutes() {
        let limits = Limits {
            graph_mailbox_per_10_minutes: 3,
            ..Limits::zoom_pro()
        };
        let mut q = Quotas::new(limits);
        let room = Call::Graph {
            app: "app",
            mailbox: "Aurora@x",
        };
        for s in [0.0, 100.0, 200.0] {
            assert_eq!(q.ask(room, at(s)), Answer::Served);
        }
        assert_eq!(
            q.ask(room, at(300.0)),
            Answer::TooManyRequests {
                retry_after: Duration::from_secs(300)
            }
        );
        let other = Call::Graph {
            app: "app",
            mailbox: "borealis@x",
        };
        assert_eq!(q.ask(other, at(300.0)), Answer::Served);
        assert_eq!(q.ask(room, at(600.0)), Answer::Served);
    }
}

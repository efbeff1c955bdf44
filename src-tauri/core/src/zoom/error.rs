use std::time::Duration;

use super::MeetingId;

/// What went wrong talking to Zoom. Messages are safe to log: they never carry
/// a token, a secret or a URL (reqwest errors are stripped of theirs).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("zoom rejected the app's credentials ({reason})")]
    InvalidClient { reason: String },
    #[error("zoom rejected the access token ({message})")]
    Unauthorized { message: String },
    #[error("the zoom app is missing a scope ({message})")]
    MissingScope { message: String },
    #[error("zoom meeting {id} does not exist or has expired")]
    MeetingNotFound { id: MeetingId },
    #[error("zoom rate limit reached ({limit_type})")]
    RateLimited {
        retry_after: Option<Duration>,
        limit_type: String,
    },
    #[error("zoom answered {status} with code {code}: {message}")]
    Api {
        status: u16,
        code: i64,
        message: String,
    },
    #[error("zoom did not answer in time")]
    Timeout,
    #[error("zoom could not be reached: {0}")]
    Unreachable(String),
    #[error("zoom sent a response roomstart cannot read: {0}")]
    Decode(String),
}

impl Error {
    /// reqwest errors carry the request URL; ours never do.
    pub(crate) fn from_body(err: crate::http::body::Error) -> Self {
        match err {
            crate::http::body::Error::Broken(why) => Error::Unreachable(why),
            other => Error::Decode(other.to_string()),
        }
    }

    pub(crate) fn from_transport(err: reqwest::Error) -> Self {
        let err = err.without_url();
        if err.is_timeout() {
            Error::Timeout
        } else if err.is_decode() {
            Error::Decode(err.to_string())
        } else {
            Error::Unreachable(err.to_string())
        }
    }
}

//! The service account key Google hands out, and the signed JWT that trades
//! it for an access token.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// What Roomstart needs of a service account key file; the rest is dropped.
pub struct ServiceAccount {
    pub client_email: String,
    pub private_key: Secret,
    pub token_uri: String,
}

impl ServiceAccount {
    /// Reads the JSON key file Google hands out.
    pub fn from_key_file(json: &Secret) -> Result<ServiceAccount, String> {
        #[derive(Deserialize)]
        struct KeyFile {
            client_email: String,
            private_key: Secret,
            token_uri: String,
        }
        let key: KeyFile = serde_json::from_str(json.expose()).map_err(|e| {
            format!(
                "google.service_account is not a service account key file: {}",
                key_file_problem(&e)
            )
        })?;
        Ok(ServiceAccount {
            client_email: key.client_email,
            private_key: key.private_key,
            token_uri: key.token_uri,
        })
    }

    /// The signed JWT bearer assertion for `scope`, valid for an hour from
    /// `now`; `subject` is the user to act as (domain-wide delegation). The
    /// assertion is a credential for its hour, so it is held as a secret.
    pub(super) fn assertion(
        &self,
        scope: &str,
        subject: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Secret, &'static str> {
        let claims = Claims {
            iss: &self.client_email,
            scope,
            aud: &self.token_uri,
            iat: now.timestamp(),
            exp: now.timestamp() + 3600,
            sub: subject,
        };
        #[cfg(target_os = "linux")]
        super::rs256::install();
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(self.private_key.expose().as_bytes())
            .map_err(|_| "the service account's private key is not an RSA key in PEM form")?;
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &key,
        )
        .map(Secret::new)
        .map_err(|_| "the service account's key could not sign a token request")
    }
}

/// What is wrong with a key file, never its text: the message could quote the key.
fn key_file_problem(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax => "not JSON",
        serde_json::error::Category::Data => "a field is missing or of the wrong type",
        serde_json::error::Category::Eof => "cut short",
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
}

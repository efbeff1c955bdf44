//! RS256, the Google service account's signature, for `jsonwebtoken` through
//! the system's OpenSSL (Linux): the library TLS already uses there, so the
//! binary carries no second crypto library. Elsewhere `jsonwebtoken`'s own
//! aws-lc-rs backend does this.

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{ErrorKind, Result};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, DecodingKeyKind, EncodingKey};
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private, Public};
use openssl::rsa::Rsa;

static OPENSSL: CryptoProvider = CryptoProvider {
    signer_factory,
    verifier_factory,
    // JWKs are never made here; asking for one is an error, not a panic.
    key_utils: KeyUtils {
        rsa_pub_components_from_private_key: |_| Err(ErrorKind::InvalidKeyFormat.into()),
        rsa_pub_components_from_public_key: |_| Err(ErrorKind::InvalidKeyFormat.into()),
        ec_pub_components_from_private_key: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
        ed_pub_components_from_private_key: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
        compute_digest: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
    },
};

/// Makes OpenSSL `jsonwebtoken`'s backend for this process. Called before
/// every signature, so no path can sign without it; after the first call it
/// does nothing.
pub fn install() {
    let _ = OPENSSL.install_default();
}

struct Rs256Signer(PKey<Private>);
struct Rs256Verifier(PKey<Public>);

fn signer_factory(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    if *algorithm != Algorithm::RS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    // `jsonwebtoken` holds an RSA key as PKCS#1; PKCS#8 is read too.
    let der = key.as_bytes();
    let private = Rsa::private_key_from_der(der)
        .and_then(PKey::from_rsa)
        .or_else(|_| PKey::private_key_from_der(der))
        .map_err(|e| ErrorKind::InvalidRsaKey(e.to_string()))?;
    Ok(Box::new(Rs256Signer(private)))
}

fn verifier_factory(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    if *algorithm != Algorithm::RS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let rsa = match key.kind() {
        DecodingKeyKind::SecretOrDer(der) => Rsa::public_key_from_der_pkcs1(der),
        DecodingKeyKind::RsaModulusExponent { n, e } => BigNum::from_slice(n)
            .and_then(|n| Ok((n, BigNum::from_slice(e)?)))
            .and_then(|(n, e)| Rsa::from_public_components(n, e)),
    };
    let public = rsa
        .and_then(PKey::from_rsa)
        .map_err(|e| ErrorKind::InvalidRsaKey(e.to_string()))?;
    Ok(Box::new(Rs256Verifier(public)))
}

impl Signer<Vec<u8>> for Rs256Signer {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut signer = openssl::sign::Signer::new(MessageDigest::sha256(), &self.0)
            .map_err(signature::Error::from_source)?;
        signer
            .update(message)
            .and_then(|()| signer.sign_to_vec())
            .map_err(signature::Error::from_source)
    }
}

impl JwtSigner for Rs256Signer {
    fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}

impl Verifier<Vec<u8>> for Rs256Verifier {
    fn verify(
        &self,
        message: &[u8],
        signature: &Vec<u8>,
    ) -> std::result::Result<(), signature::Error> {
        let mut verifier = openssl::sign::Verifier::new(MessageDigest::sha256(), &self.0)
            .map_err(signature::Error::from_source)?;
        match verifier
            .update(message)
            .and_then(|()| verifier.verify(signature))
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(signature::Error::new()),
            Err(e) => Err(signature::Error::from_source(e)),
        }
    }
}

impl JwtVerifier for Rs256Verifier {
    fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
    use openssl::rsa::Rsa;
    use serde_json::{json, Value};

    #[test]
    fn signs_what_openssl_and_jsonwebtoken_verify_and_refuses_other_algorithms() {
        super::install();
        let in_use = jsonwebtoken::crypto::CryptoProvider::try_get_default();
        assert!(in_use.is_some_and(|p| std::ptr::eq(p, &super::OPENSSL)));
        let rsa = Rsa::generate(2048).unwrap();
        let private = String::from_utf8(rsa.private_key_to_pem().unwrap()).unwrap();
        let public = String::from_utf8(rsa.public_key_to_pem().unwrap()).unwrap();
        let claims = json!({"iss": "room@example.iam.gserviceaccount.com", "exp": 4102444800u64});

        let key = EncodingKey::from_rsa_pem(private.as_bytes()).unwrap();
        let token = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap();

        // OpenSSL itself agrees with the signature over `header.claims`.
        let (signed, signature) = token.rsplit_once('.').unwrap();
        let signature =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, signature)
                .unwrap();
        let pkey = openssl::pkey::PKey::from_rsa(rsa.clone()).unwrap();
        let mut check =
            openssl::sign::Verifier::new(openssl::hash::MessageDigest::sha256(), &pkey).unwrap();
        check.update(signed.as_bytes()).unwrap();
        assert!(check.verify(&signature).unwrap());

        let decoding = DecodingKey::from_rsa_pem(public.as_bytes()).unwrap();
        let read =
            jsonwebtoken::decode::<Value>(&token, &decoding, &Validation::new(Algorithm::RS256));
        assert_eq!(read.unwrap().claims, claims);

        // A changed claim no longer verifies.
        let (_, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let forged_claims = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            br#"{"iss":"other@example.iam.gserviceaccount.com","exp":4102444800}"#,
        );
        let header = token.split('.').next().unwrap();
        let forged = format!("{header}.{forged_claims}.{sig}");
        assert!(jsonwebtoken::decode::<Value>(
            &forged,
            &decoding,
            &Validation::new(Algorithm::RS256)
        )
        .is_err());

        // Only RS256 is offered: HS256 with the same bytes is refused.
        let other = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(b"k").unwrap(),
        );
        assert!(other.is_err());
    }
}

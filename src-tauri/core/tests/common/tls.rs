//! Certificates made for the test (a CA, and leaves it signs) and an HTTPS
//! server on loopback that answers `ok` with one of them.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener};

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslAcceptor, SslMethod};
use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
use openssl::x509::{X509Builder, X509NameBuilder, X509};

pub const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

pub struct Issued {
    pub cert: X509,
    pub key: PKey<Private>,
}

fn key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

/// A certificate for `name`, signed by `issuer` (or by itself), valid from
/// 2020 to the year 9999: the handshake checks it against the computer's
/// clock, and the test passes whenever it runs.
fn issue(name: &str, san: Option<&str>, issuer: Option<&Issued>, ca: bool) -> Issued {
    let key = key();
    let mut subject = X509NameBuilder::new().unwrap();
    subject.append_entry_by_text("CN", name).unwrap();
    let subject = subject.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let mut serial = BigNum::new().unwrap();
    serial.rand(64, MsbOption::MAYBE_ZERO, false).unwrap();
    b.set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&subject).unwrap();
    match issuer {
        Some(i) => b.set_issuer_name(i.cert.subject_name()).unwrap(),
        None => b.set_issuer_name(&subject).unwrap(),
    }
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::from_str("20200101000000Z").unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_str("99991231235959Z").unwrap())
        .unwrap();
    if ca {
        b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
            .unwrap();
    }
    if let Some(san) = san {
        let mut alt = SubjectAlternativeName::new();
        match san.parse::<IpAddr>() {
            Ok(_) => alt.ip(san),
            Err(_) => alt.dns(san),
        };
        let ext = alt
            .build(&b.x509v3_context(issuer.map(|i| &*i.cert), None))
            .unwrap();
        b.append_extension(ext).unwrap();
    }
    let signer = issuer.map_or(&key, |i| &i.key);
    b.sign(signer, MessageDigest::sha256()).unwrap();
    Issued {
        cert: b.build(),
        key,
    }
}

pub fn ca(name: &str) -> Issued {
    issue(name, None, None, true)
}

/// A server certificate for `san` (an IP address or a DNS name).
pub fn leaf(issuer: &Issued, san: &str) -> Issued {
    issue(san, Some(san), Some(issuer), false)
}

pub fn self_signed(san: &str) -> Issued {
    issue(san, Some(san), None, false)
}

/// Serves HTTPS on loopback with `leaf` until the test ends; its port.
pub fn https_server(leaf: Issued) -> u16 {
    let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
    acceptor.set_private_key(&leaf.key).unwrap();
    acceptor.set_certificate(&leaf.cert).unwrap();
    let acceptor = acceptor.build();
    let listener = TcpListener::bind((LOOPBACK, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // A refused handshake ends here, on the client's alert.
            let Ok(mut tls) = acceptor.accept(stream) else {
                continue;
            };
            let mut request = [0u8; 4096];
            let _ = tls.read(&mut request);
            let _ = tls
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            let _ = tls.shutdown();
        }
    });
    port
}

/// What the client said of a refused handshake, its whole chain of causes.
pub fn refusal(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

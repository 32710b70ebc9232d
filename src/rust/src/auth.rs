//! The optional shared secret: a host with one challenges every new daemon
//! with a random nonce and accepts it only if it answers with
//! HMAC-SHA256(secret, nonce). The secret never crosses the wire, and a
//! recorded answer is worthless for the next connection (a fresh nonce).
//! Without it, a peer gets no task, whatever the transport.

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

pub const NONCE_BYTES: usize = 32;

pub fn nonce() -> Result<Vec<u8>, String> {
    let mut nonce = vec![0u8; NONCE_BYTES];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| "no randomness available for a challenge".to_string())?;
    Ok(nonce)
}

pub fn proof(secret: &[u8], nonce: &[u8]) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hmac::sign(&key, nonce).as_ref().to_vec()
}

/// Constant-time check of a daemon's answer.
pub fn verify(secret: &[u8], nonce: &[u8], proof: &[u8]) -> bool {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hmac::verify(&key, nonce, proof).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_secret_and_nonce_verify() {
        let n = nonce().unwrap();
        assert_eq!(n.len(), NONCE_BYTES);
        assert_ne!(n, nonce().unwrap());
        let p = proof(b"s3cret", &n);
        assert!(verify(b"s3cret", &n, &p));
        assert!(!verify(b"other", &n, &p));
        assert!(!verify(b"s3cret", &nonce().unwrap(), &p));
        assert!(!verify(b"s3cret", &n, &p[..31]));
    }
}

//! Delivering new alerts to their targets: a JSON-lines file and webhooks.
//!
//! Each new alert is queued (in the alert log itself, `pending`) for every target
//! configured when it was raised. A delivery round tries every pending (alert, target);
//! a success moves the target to `delivered` and saves the log at once; a failure keeps
//! it pending for the next round. So an alert is never lost, and it reaches a target once
//! unless the process dies between a receiver's answer and the log's save (the receiver
//! can drop such a repeat by `X-Vigil-Alert-Id` and `X-Vigil-Revision`).
//!
//! A webhook receives `POST` with the alert as JSON and the headers `X-Vigil-Alert-Id`,
//! `X-Vigil-Revision` and, with a secret, `X-Vigil-Signature: t=UNIX,v1=HEX`: the
//! HMAC-SHA256 under the secret of the send time in Unix seconds, a dot, and the exact
//! body bytes (`t.body`), so a receiver can refuse replays of old deliveries by their
//! timestamp. It is tried `attempts` times with exponential backoff from `backoff_ms`,
//! each request limited to `timeout_secs`; a webhook that fails is not tried again in the
//! same round. Redirects are never followed: a 3xx answer is a failed delivery (its
//! `Location` named in the error), kept pending for the next round, so an alert cannot be
//! dropped by a redirect to somewhere that accepts nothing.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::MonitorError;
use crate::alert::AlertLog;
use crate::config::{Notify, Webhook};

/// The outcome of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// Alert id.
    pub alert: String,
    /// Target name (`jsonl:PATH`, `webhook:NAME`).
    pub target: String,
    /// Whether it arrived.
    pub ok: bool,
    /// Why not.
    pub error: Option<String>,
}

/// The signature header value for `body` sent at Unix time `t` under `secret`:
/// `t=T,v1=HEX`, HEX being the HMAC-SHA256 of `T.body`.
pub fn signature(secret: &[u8], t: u64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Tries every pending delivery once (webhooks with their own retries). The log is saved
/// after each success.
pub fn deliver(
    log: &mut AlertLog,
    notify: &Notify,
    data_dir: &Path,
) -> Result<Vec<Delivery>, MonitorError> {
    let mut out = Vec::new();
    let mut down: BTreeSet<String> = BTreeSet::new();
    let ids: Vec<String> = log
        .list(None, None)
        .into_iter()
        .filter(|a| !a.pending.is_empty())
        .map(|a| a.id.clone())
        .collect();
    for id in ids {
        let pending = log.alerts[&id].pending.clone();
        for target in pending {
            if down.contains(&target) {
                continue;
            }
            let alert = &log.alerts[&id];
            let body = serde_json::to_vec(&alert.public_json()).expect("alerts serialise");
            let result = if let Some(path) = target.strip_prefix("jsonl:") {
                if notify.jsonl.as_deref() == Some(path) {
                    append_line(&data_dir.join(path), &body)
                } else {
                    Err("this JSON-lines file is no longer configured; kept pending".into())
                }
            } else if let Some(w) = notify.webhooks.iter().find(|w| w.target() == target) {
                post(w, &id, alert.revision, &body)
            } else {
                Err("this target is no longer configured; kept pending".into())
            };
            match result {
                Ok(()) => {
                    let a = log.alerts.get_mut(&id).expect("listed");
                    a.pending.retain(|t| *t != target);
                    a.delivered.push(target.clone());
                    log.save()?;
                    out.push(Delivery {
                        alert: id.clone(),
                        target,
                        ok: true,
                        error: None,
                    });
                }
                Err(e) => {
                    down.insert(target.clone());
                    out.push(Delivery {
                        alert: id.clone(),
                        target,
                        ok: false,
                        error: Some(e),
                    });
                }
            }
        }
    }
    Ok(out)
}

fn append_line(path: &Path, body: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut line = body.to_vec();
    line.push(b'\n');
    f.write_all(&line)
        .and_then(|_| f.sync_data())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn secret(w: &Webhook) -> Result<Option<Vec<u8>>, String> {
    if let Some(var) = &w.secret_env {
        return match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Some(v.into_bytes())),
            _ => Err(format!(
                "the environment variable {var} (secret_env) is not set; not sending unsigned"
            )),
        };
    }
    Ok(w.secret.as_ref().map(|s| s.as_bytes().to_vec()))
}

fn post(w: &Webhook, id: &str, revision: u32, body: &[u8]) -> Result<(), String> {
    let key = secret(w)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(w.timeout_secs.max(1))))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut wait = Duration::from_millis(w.backoff_ms);
    let mut last = String::new();
    for attempt in 1..=w.attempts {
        let mut req = agent
            .post(&w.url)
            .header("Content-Type", "application/json")
            .header("User-Agent", concat!("vigil/", env!("CARGO_PKG_VERSION")))
            .header("X-Vigil-Alert-Id", id)
            .header("X-Vigil-Revision", &revision.to_string());
        if let Some(k) = &key {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            req = req.header("X-Vigil-Signature", &signature(k, now, body));
        }
        match req.send(body) {
            Ok(resp) if resp.status().is_success() => return Ok(()),
            Ok(resp) if resp.status().is_redirection() => {
                let to = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("(no Location)");
                // A redirect is not followed and not retried now: the alert stays
                // pending until the webhook's URL is corrected.
                return Err(format!(
                    "{} answered HTTP {} redirecting to {to}; redirects are not followed, \
                     the alert stays pending (point the webhook at the final URL)",
                    w.url,
                    resp.status()
                ));
            }
            Ok(resp) => last = format!("HTTP {}", resp.status()),
            Err(e) => last = e.to_string(),
        }
        if attempt < w.attempts {
            std::thread::sleep(wait);
            wait *= 2;
        }
    }
    Err(format!("{} after {} tries: {last}", w.url, w.attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_covers_timestamp_and_body() {
        // RFC 4231 test case 2 with the message split as "t.body": "what do ya" + "." + ...
        // is not the RFC's message, so check against an HMAC computed directly.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"1700000000.{\"a\":1}");
        let want = hex::encode(mac.finalize().into_bytes());
        assert_eq!(
            signature(b"Jefe", 1_700_000_000, b"{\"a\":1}"),
            format!("t=1700000000,v1={want}")
        );
        assert_ne!(
            signature(b"Jefe", 1_700_000_001, b"{\"a\":1}"),
            signature(b"Jefe", 1_700_000_000, b"{\"a\":1}")
        );
    }

    #[test]
    fn hmac_is_rfc4231() {
        // RFC 4231, test case 2, on the raw primitive the signature uses.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

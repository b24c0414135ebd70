//! The HTTP client behind `fetch`: GET and POST of JSON with timeouts, retries
//! with exponential backoff on 429, 5xx, timeouts and dropped or cut-off
//! responses, a fast clear failure when the host cannot be reached, and an
//! on-disk cache keyed by request that records the fetch date and answers
//! `--offline` runs.
//!
//! Uses `ureq` 3 with rustls (pure Rust TLS), so the build needs no system
//! library.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::{today, FetchError, FetchHint, FetchMessage, Result, RetryReason, Unreachable};

/// What a command says to do when there is no network.
pub const NO_NETWORK_HINT: &str = "no network? run again with --offline to answer from the cache of an earlier fetch, \
or download the responses elsewhere and build the table with `modellvarde import kolada-json --from FILE …`";

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Cache folder (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// Answer only from the cache; never touch the network.
    pub offline: bool,
    /// Retries after the first attempt, for 429, 5xx, timeouts and broken bodies.
    pub retries: u32,
    /// First wait between attempts; doubled each retry (a `Retry-After` header
    /// in seconds is honoured up to 60 s).
    pub backoff: Duration,
    /// Limit for one whole request (connect, send, receive).
    pub timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            cache_dir: default_cache_dir(),
            offline: false,
            retries: 4,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// `$XDG_CACHE_HOME/modellvarde`, else `~/.cache/modellvarde` (the XDG base
/// directory convention), else none.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("modellvarde"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("modellvarde"))
}

/// A JSON answer with where and when it was fetched.
#[derive(Debug, Clone)]
pub struct JsonResponse {
    pub json: Value,
    pub url: String,
    /// `YYYY-MM-DD` the server gave the answer (the original date for a cached one).
    pub fetched: String,
    pub from_cache: bool,
}

/// Counts of what the client did, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: usize,
    pub retries: usize,
    pub from_cache: usize,
}

/// The HTTP client. One per command run.
pub struct Client {
    cfg: ClientConfig,
    agent: ureq::Agent,
    pub stats: Stats,
}

/// Outcome of one attempt.
enum Attempt {
    Done(JsonResponse),
    /// Worth another try: what went wrong, and a wait the server asked for.
    Retry(RetryReason, Option<Duration>),
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(cfg.timeout))
            .timeout_connect(Some(cfg.timeout.min(Duration::from_secs(15))))
            .http_status_as_error(false)
            .user_agent(concat!("modellvarde/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            cfg,
            agent,
            stats: Stats::default(),
        }
    }

    /// GET a JSON document.
    pub fn get_json(&mut self, url: &str) -> Result<JsonResponse> {
        self.request("GET", url, None)
    }

    /// POST a JSON query (PxWeb) and read the JSON answer.
    pub fn post_json(&mut self, url: &str, body: &[u8]) -> Result<JsonResponse> {
        self.request("POST", url, Some(body))
    }

    fn request(&mut self, method: &str, url: &str, body: Option<&[u8]>) -> Result<JsonResponse> {
        let key = cache_key(method, url, body);
        if self.cfg.offline {
            let Some(dir) = &self.cfg.cache_dir else {
                return Err(FetchError::new(FetchMessage::OfflineNoCache {
                    method: method.to_string(),
                    url: url.to_string(),
                })
                .hint(FetchHint::GiveCache));
            };
            return match read_cache(dir, &key, url)? {
                Some(r) => {
                    self.stats.from_cache += 1;
                    Ok(r)
                }
                None => Err(FetchError::new(FetchMessage::NotCached {
                    method: method.to_string(),
                    url: url.to_string(),
                    cache: dir.display().to_string(),
                })
                .hint(FetchHint::FillCache)),
            };
        }
        let mut last = None;
        for attempt in 0..=self.cfg.retries {
            if attempt > 0 {
                self.stats.retries += 1;
            }
            self.stats.requests += 1;
            match self.attempt(method, url, body)? {
                Attempt::Done(r) => {
                    if let Some(dir) = &self.cfg.cache_dir {
                        write_cache(dir, &key, method, url, &r)?;
                    }
                    return Ok(r);
                }
                Attempt::Retry(why, wait) => {
                    last = Some(why);
                    if attempt < self.cfg.retries {
                        let backoff = self.cfg.backoff * 2u32.saturating_pow(attempt);
                        std::thread::sleep(wait.unwrap_or(backoff));
                    }
                }
            }
        }
        Err(FetchError::new(FetchMessage::GaveUp {
            method: method.to_string(),
            url: url.to_string(),
            attempts: self.cfg.retries + 1,
            last,
        })
        .hint(FetchHint::ServerBusy))
    }

    fn attempt(&self, method: &str, url: &str, body: Option<&[u8]>) -> Result<Attempt> {
        let sent = match body {
            Some(b) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .send(b),
            None => self
                .agent
                .get(url)
                .header("Accept", "application/json")
                .call(),
        };
        let mut resp = match sent {
            Ok(r) => r,
            Err(e) => return classify(method, url, e),
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(60)));
        let bytes = match resp
            .body_mut()
            .with_config()
            .limit(512 * 1024 * 1024)
            .read_to_vec()
        {
            Ok(b) => b,
            Err(e) => {
                return match classify(method, url, e)? {
                    Attempt::Retry(why, w) => Ok(Attempt::Retry(
                        RetryReason::BodyCutOff {
                            status,
                            why: Box::new(why),
                        },
                        w,
                    )),
                    done => Ok(done),
                }
            }
        };
        if status == 429 || (500..600).contains(&status) {
            return Ok(Attempt::Retry(
                RetryReason::Status {
                    status,
                    body: snippet(&bytes),
                },
                retry_after,
            ));
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::new(FetchMessage::HttpStatus {
                method: method.to_string(),
                url: url.to_string(),
                status,
                body: snippet(&bytes),
            })
            .hint(FetchHint::CheckIds));
        }
        let text = String::from_utf8_lossy(&bytes);
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('<') {
            return Err(FetchError::new(FetchMessage::Html {
                method: method.to_string(),
                url: url.to_string(),
                body: snippet(&bytes),
            })
            .hint(FetchHint::WebPage));
        }
        if trimmed.is_empty() {
            return Ok(Attempt::Retry(RetryReason::EmptyBody, None));
        }
        match serde_json::from_str::<Value>(trimmed) {
            Ok(json) => Ok(Attempt::Done(JsonResponse {
                json,
                url: url.to_string(),
                fetched: today(),
                from_cache: false,
            })),
            // A body that ends inside the document was cut off in transit.
            Err(e) if e.is_eof() => Ok(Attempt::Retry(
                RetryReason::JsonCutOff {
                    bytes: bytes.len(),
                    error: e.to_string(),
                },
                None,
            )),
            Err(e) => Err(FetchError::new(FetchMessage::NotJson {
                method: method.to_string(),
                url: url.to_string(),
                error: e.to_string(),
                body: snippet(&bytes),
            })
            .hint(FetchHint::CheckBaseAndTable)),
        }
    }
}

/// Sort a transport error into "try again" and "stop now". A host that cannot
/// be resolved or refuses the connection fails at once: retrying would only
/// make an offline user wait.
fn classify(method: &str, url: &str, e: ureq::Error) -> Result<Attempt> {
    let unreachable = |why: Unreachable| {
        Err(FetchError::new(FetchMessage::Unreachable {
            method: method.to_string(),
            url: url.to_string(),
            why,
        })
        .hint(FetchHint::NoNetwork))
    };
    match e {
        ureq::Error::HostNotFound => unreachable(Unreachable::HostNotFound),
        ureq::Error::ConnectionFailed => unreachable(Unreachable::ConnectionFailed),
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                ErrorKind::ConnectionRefused
                    | ErrorKind::NetworkUnreachable
                    | ErrorKind::HostUnreachable
                    | ErrorKind::AddrNotAvailable
            ) =>
        {
            unreachable(Unreachable::Io {
                kind: io.kind(),
                error: io.to_string(),
            })
        }
        ureq::Error::Timeout(t) => Ok(Attempt::Retry(
            RetryReason::TimedOut {
                what: t.to_string(),
            },
            None,
        )),
        ureq::Error::Io(io) => Ok(Attempt::Retry(
            RetryReason::ConnectionDropped {
                error: io.to_string(),
            },
            None,
        )),
        ureq::Error::Protocol(p) => Ok(Attempt::Retry(
            RetryReason::BrokenResponse {
                error: p.to_string(),
            },
            None,
        )),
        ureq::Error::BodyStalled => Ok(Attempt::Retry(RetryReason::BodyStalled, None)),
        ureq::Error::Decompress(_, io) => Ok(Attempt::Retry(
            RetryReason::CompressedCutOff {
                error: io.to_string(),
            },
            None,
        )),
        other => Err(FetchError::new(FetchMessage::Transport {
            method: method.to_string(),
            url: url.to_string(),
            error: other.to_string(),
        })
        .hint(FetchHint::CheckUrl)),
    }
}

/// The first 120 characters of a body, on one line, for messages.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s: String = one.chars().take(120).collect();
    if one.chars().count() > 120 {
        s.push('…');
    }
    format!("«{s}»")
}

/// FNV-1a (64-bit) of method, URL and body: a stable file name for a request.
/// (std's `DefaultHasher` may change between Rust releases, which would empty
/// every cache.)
pub fn cache_key(method: &str, url: &str, body: Option<&[u8]>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let parts: [&[u8]; 5] = [
        method.as_bytes(),
        b"\n",
        url.as_bytes(),
        b"\n",
        body.unwrap_or(b""),
    ];
    for part in parts {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn cache_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

fn read_cache(dir: &Path, key: &str, url: &str) -> Result<Option<JsonResponse>> {
    let path = cache_path(dir, key);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(FetchError::new(FetchMessage::CacheRead {
                path: path.display().to_string(),
                error: e.to_string(),
            }))
        }
    };
    let bad = || {
        FetchError::new(FetchMessage::CacheDamaged {
            path: path.display().to_string(),
        })
        .hint(FetchHint::DeleteCacheFile)
    };
    let entry: Value = serde_json::from_str(&text).map_err(|_| bad())?;
    let fetched = entry
        .get("fetched")
        .and_then(Value::as_str)
        .ok_or_else(bad)?;
    let json = entry.get("response").cloned().ok_or_else(bad)?;
    Ok(Some(JsonResponse {
        json,
        url: url.to_string(),
        fetched: fetched.to_string(),
        from_cache: true,
    }))
}

fn write_cache(dir: &Path, key: &str, method: &str, url: &str, r: &JsonResponse) -> Result<()> {
    let entry = serde_json::json!({
        "method": method,
        "url": url,
        "fetched": r.fetched,
        "response": r.json,
    });
    std::fs::create_dir_all(dir).map_err(|e| {
        FetchError::new(FetchMessage::CacheDir {
            dir: dir.display().to_string(),
            error: e.to_string(),
        })
        .hint(FetchHint::OtherCacheDir)
    })?;
    let path = cache_path(dir, key);
    crate::run::output::write_atomic(&path, entry.to_string().as_bytes()).map_err(|e| {
        FetchError::new(FetchMessage::CacheWrite {
            path: path.display().to_string(),
            error: e.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_differ_by_method_url_and_body() {
        let a = cache_key("GET", "http://x/a", None);
        assert_eq!(a, cache_key("GET", "http://x/a", None));
        assert_ne!(a, cache_key("GET", "http://x/b", None));
        assert_ne!(a, cache_key("POST", "http://x/a", None));
        assert_ne!(
            cache_key("POST", "http://x/a", Some(b"{}")),
            cache_key("POST", "http://x/a", Some(b"[]"))
        );
        // FNV-1a of the empty input is the offset basis; of "a" it is
        // 0xaf63dc4c8601ec8c (the published FNV test vector).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn cache_round_trip_keeps_the_fetch_date() {
        let dir = tempfile::tempdir().unwrap();
        let r = JsonResponse {
            json: serde_json::json!({"values": [1]}),
            url: "http://x/a".into(),
            fetched: "2026-01-02".into(),
            from_cache: false,
        };
        let key = cache_key("GET", "http://x/a", None);
        write_cache(dir.path(), &key, "GET", "http://x/a", &r).unwrap();
        let back = read_cache(dir.path(), &key, "http://x/a").unwrap().unwrap();
        assert_eq!(back.json, r.json);
        assert_eq!(back.fetched, "2026-01-02");
        assert!(back.from_cache);
        assert!(read_cache(dir.path(), "0000", "http://x/b")
            .unwrap()
            .is_none());
    }
}

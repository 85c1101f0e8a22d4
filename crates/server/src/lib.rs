//! `vigil serve`: the HTTP JSON API over a data directory, built on the same library calls
//! the CLI makes, so an answer here is the CLI's `--format json` on the same store.
//!
//! Safety by default: it binds loopback; binding any other address needs a token, which
//! every request must then present as `Authorization: Bearer TOKEN` (compared in constant
//! time); a request whose `Host` is neither the bound address nor localhost is refused
//! (DNS rebinding); no CORS headers are sent; bodies are capped; lists have a default and
//! a maximum page size. Every response names the store's catalog revision in
//! `X-Vigil-Catalog`, so a figure can be cited and reproduced. Each request reads the
//! catalog as it is then, so commits made by `vigil ingest` or `watch --follow` while the
//! server runs appear without a restart.
//!
//! Endpoints (all GET; the OpenAPI document at `/api/v1/openapi.json` describes them):
//! `/api/v1/health`, `/api/v1/stats`, `/api/v1/dyad`, `/api/v1/blocs`, `/api/v1/alerts`.

mod api;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use api::{OPENAPI, router};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data directory it answers from.
    pub data_dir: PathBuf,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The bearer token every request must carry; required off loopback.
    pub token: Option<String>,
    /// Largest request body, bytes.
    pub max_body: usize,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Binding off loopback without a token.
    #[error(
        "{0} is not a loopback address: anyone who can reach it could read the store; give --token TOKEN (or VIGIL_TOKEN), or bind 127.0.0.1"
    )]
    NeedsToken(SocketAddr),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// What the handlers share.
#[derive(Debug)]
pub struct State {
    pub config: ServeConfig,
    /// The bound address (the port is known only after binding port 0).
    pub bound: SocketAddr,
}

/// Checks the configuration, binds, and returns the listener and the shared state.
pub async fn bind(
    config: ServeConfig,
) -> Result<(tokio::net::TcpListener, Arc<State>), ServeError> {
    if !config.addr.ip().is_loopback() && config.token.as_deref().is_none_or(str::is_empty) {
        return Err(ServeError::NeedsToken(config.addr));
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let bound = listener.local_addr()?;
    Ok((listener, Arc::new(State { config, bound })))
}

/// Serves until the process is interrupted (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) -> Result<(), ServeError> {
    let app = router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

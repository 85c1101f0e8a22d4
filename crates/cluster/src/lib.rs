//! vigil's queries on an [Apache DataFusion Ballista] cluster.
//!
//! A store's queries are DataFusion plans over Parquet listings of absolute paths
//! (`vigil_store::Store::with_engine`). [`Cluster`] is the engine that sends those plans to
//! a Ballista scheduler, which splits them into stages and hands the tasks to its
//! executors; results come back to the asking process. [`run_scheduler`] and
//! [`run_executor`] start the two kinds of server from vigil's own binary, so every
//! executor runs the DataFusion and the functions vigil was built with.
//!
//! What a cluster needs: every executor (and the scheduler, which lists the files while
//! planning) reaches the store's files at the same absolute paths, a shared filesystem.
//! Writes (ingest, compaction, repair) never go through the cluster.
//!
//! [Apache DataFusion Ballista]: https://datafusion.apache.org/ballista/

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use ballista_core::extension::SessionStateExt;
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use datafusion::execution::SessionState;

/// The scheduler's port when a URL names none (Ballista's default).
pub const DEFAULT_SCHEDULER_PORT: u16 = 50050;

/// What can go wrong starting or reaching a cluster.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("engine {url:?}: {reason} (expected df://HOST:PORT, e.g. df://127.0.0.1:50050)")]
    Url { url: String, reason: &'static str },
    #[error("scheduler address {0:?}: expected HOST:PORT")]
    Address(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Ballista(#[from] ballista_core::error::BallistaError),
}

/// A Ballista scheduler to run queries on: the engine behind `--engine df://HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    host: String,
    port: u16,
    /// Partitions each scan is split into (`?partitions=N`); `None`: the session's own
    /// (the asking machine's cores).
    partitions: Option<usize>,
}

impl Cluster {
    /// Reads `df://HOST[:PORT][?partitions=N]`.
    pub fn parse(url: &str) -> Result<Cluster, ClusterError> {
        let bad = |reason| ClusterError::Url {
            url: url.to_string(),
            reason,
        };
        let rest = url
            .strip_prefix("df://")
            .ok_or_else(|| bad("not a df:// URL"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let rest = rest.trim_end_matches('/');
        if rest.contains(['/', '#', '@']) {
            return Err(bad(
                "a scheduler URL has only a host, a port and ?partitions=N",
            ));
        }
        let mut partitions = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("partitions", n)) => {
                    partitions = Some(
                        n.parse::<usize>()
                            .ok()
                            .filter(|&n| n > 0)
                            .ok_or_else(|| bad("partitions is not a positive number"))?,
                    )
                }
                _ => return Err(bad("the only option is ?partitions=N")),
            }
        }
        let (host, port) = match rest.rsplit_once(':') {
            // An IPv6 address in brackets with no port: [::1]
            Some((h, p)) if !p.ends_with(']') => {
                (h, p.parse().map_err(|_| bad("the port is not a number"))?)
            }
            _ => (rest, DEFAULT_SCHEDULER_PORT),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(Cluster {
            host: host.to_string(),
            port,
            partitions,
        })
    }

    /// The scheduler's gRPC URL.
    pub fn scheduler_url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }
}

impl std::fmt::Display for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "df://{}:{}", self.host, self.port)?;
        match self.partitions {
            Some(n) => write!(f, "?partitions={n}"),
            None => Ok(()),
        }
    }
}

impl vigil_store::Engine for Cluster {
    fn upgrade(&self, mut state: SessionState) -> datafusion::error::Result<SessionState> {
        if let Some(n) = self.partitions {
            state.config_mut().options_mut().execution.target_partitions = n;
        }
        // Ballista's planner replaces the local one: the optimised logical plan goes to
        // the scheduler, the batches come back from the executors.
        state.upgrade_for_ballista(self.scheduler_url())
    }
}

/// A scheduler listening on `bind` (port 0: any free port). `ready` is told the address
/// it listens on before it serves; it serves until the process ends.
pub async fn run_scheduler(bind: &str, ready: impl FnOnce(SocketAddr)) -> Result<(), ClusterError> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| ClusterError::Bind {
            addr: bind.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ClusterError::Bind {
        addr: bind.to_string(),
        source,
    })?;
    let config = SchedulerConfig {
        bind_host: addr.ip().to_string(),
        bind_port: addr.port(),
        external_host: addr.ip().to_string(),
        ..SchedulerConfig::default()
    };
    let config = Arc::new(config);
    let cluster = BallistaCluster::new_from_config(&config).await?;
    let scheduler = ballista_scheduler::scheduler_process::create_scheduler::<
        datafusion_proto::protobuf::LogicalPlanNode,
        datafusion_proto::protobuf::PhysicalPlanNode,
    >(cluster, config)
    .await?;
    ready(addr);
    ballista_scheduler::scheduler_process::start_grpc_service_with_listener(listener, scheduler)
        .await?;
    Ok(())
}

/// How an executor joins a cluster.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler, `HOST:PORT`.
    pub scheduler: String,
    /// The address it listens on (Arrow Flight, for results and shuffles).
    pub bind_host: String,
    /// Arrow Flight port; the gRPC port the scheduler pushes tasks to is another.
    pub port: u16,
    pub grpc_port: u16,
    /// Tasks it runs at once (0: one per core).
    pub concurrent_tasks: usize,
    /// Where it keeps shuffle files.
    pub work_dir: PathBuf,
}

/// An executor that registers with the scheduler and runs its tasks until the process
/// ends (or Ctrl-C).
pub async fn run_executor(options: ExecutorOptions) -> Result<(), ClusterError> {
    let (host, port) = options
        .scheduler
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?)))
        .filter(|(h, _)| !h.is_empty())
        .ok_or_else(|| ClusterError::Address(options.scheduler.clone()))?;
    let config = ballista_executor::executor_process::ExecutorProcessConfig {
        bind_host: options.bind_host.clone(),
        external_host: Some(options.bind_host.clone()),
        port: options.port,
        grpc_port: options.grpc_port,
        scheduler_host: host,
        scheduler_port: port,
        vcores: options.concurrent_tasks,
        work_dir: Some(options.work_dir.to_string_lossy().into_owned()),
        // Registered at once and renewed often, so a test's cluster is ready quickly.
        executor_heartbeat_interval_seconds: 5,
        ..Default::default()
    };
    ballista_executor::executor_process::start_executor_process(Arc::new(config)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_urls_are_read_with_clear_errors() {
        let c = Cluster::parse("df://127.0.0.1:50123").unwrap();
        assert_eq!(c.scheduler_url(), "http://127.0.0.1:50123");
        assert_eq!(c.to_string(), "df://127.0.0.1:50123");
        let c = Cluster::parse("df://scheduler.internal").unwrap();
        assert_eq!(c.scheduler_url(), "http://scheduler.internal:50050");
        let c = Cluster::parse("df://10.0.0.5:50050?partitions=32").unwrap();
        assert_eq!(c.to_string(), "df://10.0.0.5:50050?partitions=32");
        for bad in [
            "df://host:50050?partitions=0",
            "df://host:50050?threads=4",
            "http://127.0.0.1:50050",
            "df://",
            "df://host:port",
            "df://host:50050/path",
        ] {
            let e = Cluster::parse(bad).unwrap_err().to_string();
            assert!(e.contains(bad), "{bad}: {e}");
        }
    }
}

//! `vigil cluster scheduler` and `vigil cluster executor`: a Ballista cluster's servers
//! from vigil's own binary (vigil-cluster does the work).

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum ClusterCommand {
    /// Start a scheduler. Executors register with it; other vigil commands send it their
    /// queries with `--engine df://HOST:PORT`. Runs until stopped (Ctrl-C).
    Scheduler(SchedulerArgs),
    /// Start an executor that registers with a scheduler and runs its tasks. It must read
    /// the store's files at the same absolute paths as the commands that query it.
    Executor(ExecutorArgs),
}

#[derive(clap::Args)]
pub struct SchedulerArgs {
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:50050")]
    bind: String,
}

#[derive(clap::Args)]
pub struct ExecutorArgs {
    /// The scheduler, HOST:PORT.
    #[arg(long, default_value = "127.0.0.1:50050")]
    scheduler: String,
    /// Address to listen on; the scheduler and other executors reach it there.
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// Port for results and shuffles (Arrow Flight).
    #[arg(long, default_value_t = 50051)]
    port: u16,
    /// Port for the scheduler's gRPC calls.
    #[arg(long, default_value_t = 50052)]
    grpc_port: u16,
    /// Tasks run at once [default: one per core].
    #[arg(long, default_value_t = 0)]
    concurrent_tasks: usize,
    /// Folder for shuffle files [default: a temporary folder removed at exit].
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

pub fn run(command: ClusterCommand) -> anyhow::Result<()> {
    let rt = crate::runtime()?;
    match command {
        ClusterCommand::Scheduler(a) => rt.block_on(vigil_cluster::run_scheduler(&a.bind, |addr| {
            println!("vigil cluster scheduler listening on {addr}; query it with --engine df://{addr}");
            let _ = std::io::stdout().flush();
        }))?,
        ClusterCommand::Executor(a) => {
            let temp;
            let work_dir = match a.work_dir {
                Some(d) => d,
                None => {
                    temp = tempfile::tempdir()?;
                    temp.path().to_path_buf()
                }
            };
            println!(
                "vigil cluster executor on {}:{} (gRPC {}), tasks from {}, shuffle files in {}",
                a.bind_host,
                a.port,
                a.grpc_port,
                a.scheduler,
                work_dir.display()
            );
            let _ = std::io::stdout().flush();
            rt.block_on(vigil_cluster::run_executor(vigil_cluster::ExecutorOptions {
                scheduler: a.scheduler,
                bind_host: a.bind_host,
                port: a.port,
                grpc_port: a.grpc_port,
                concurrent_tasks: a.concurrent_tasks,
                work_dir,
            }))?;
        }
    }
    Ok(())
}

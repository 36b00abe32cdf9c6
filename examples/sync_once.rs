//! `vsd sync` for benchmarks and tests, for builds whose CLI does not wire
//! it yet: `sync_once CONFIG DB [--watch]`.

use std::path::Path;

fn main() {
    // Timings of each phase with RUST_LOG=vsd=info.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: sync_once CONFIG DB [--watch]");
        std::process::exit(2);
    }
    let cfg = match vsd::config::Config::load(Path::new(&args[1])) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("vsd: {e}");
            std::process::exit(2);
        }
    };
    let watch = args.get(3).is_some_and(|a| a == "--watch");
    if let Err(e) = vsd::sync::run(&cfg, Path::new(&args[2]), watch) {
        eprintln!("vsd: {e}");
        std::process::exit(e.exit_code());
    }
}

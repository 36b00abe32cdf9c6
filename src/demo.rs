//! The demo: a year of a small company's mail with the desk, embedded in the
//! binary, imported into a fresh temporary store so that `vsd demo` works
//! from any directory with no config and no network.

use crate::config::Config;
use crate::issues::grouping::ActionKind;
use crate::store::{Store, StoreError};
use crate::sync::ingest::{self, IngestError};
use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;

/// The demo mailbox (see assets/demo/README.md for its known answers).
pub const MBOX: &[u8] = include_bytes!("../assets/demo/demo.mbox");
/// The configuration that goes with it.
pub const CONFIG: &str = include_str!("../assets/demo/config.toml");
/// The issue the demo closes locally, so that every status shows.
pub const CLOSED_KEY: &str = "VSD-40455";

/// The day the demo mailbox was written for: its dates move forward by the
/// days since, so that ages and waiting times look as they did then.
fn written_on() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot write the demo mailbox to {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the demo configuration is invalid: {0}")]
    Config(#[from] crate::config::ConfigError),
}

/// The demo's configuration.
pub fn config() -> Result<Config, DemoError> {
    Ok(Config::parse_str(CONFIG, "demo config")?)
}

/// Builds the demo store in `dir` (a fresh temporary directory): imports the
/// mailbox, moves its dates to today, groups it and closes [`CLOSED_KEY`].
pub fn build(dir: &Path, now: DateTime<Utc>) -> Result<(Store, Config), DemoError> {
    let cfg = config()?;
    let mbox = dir.join("demo.mbox");
    crate::files::write(&mbox, MBOX).map_err(|source| DemoError::Write {
        path: mbox.display().to_string(),
        source,
    })?;
    let db = dir.join("demo.db");
    let mut store = Store::open(&db)?;
    ingest::import_paths(&mut store, &[mbox], &mut |_| {})?;
    let shift = (now - written_on()).num_days().max(0) * 86_400;
    store.shift_dates(shift)?;
    store.regroup(&cfg)?;
    store.add_action(CLOSED_KEY, ActionKind::Close, now)?;
    store.regroup(&cfg)?;
    Ok((store, cfg))
}

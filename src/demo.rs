//! The demo: a year of a small company's mail with the desk, embedded in the
//! binary, imported into a fresh temporary store so that `vsd demo` works
//! from any directory with no config and no network.

use crate::config::Config;
use crate::issues::team::{LinkKind, OpKind};
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
/// The issue the demo assigns to Kari, and to whom.
pub const ASSIGNED: (&str, &str) = ("VSD-41497", "kari@example.com");
/// The issue the demo gives two notes, by Ola and by Kari.
pub const NOTED_KEY: &str = "VSD-41234";
/// The two issues the demo links: the first names the second in its Subject.
pub const LINKED: (&str, &str) = ("VSD-40955", "VSD-40577");

/// The day the demo mailbox was written for: its dates move forward by the
/// days since, so that ages and waiting times look as they did then.
fn written_on() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot write the demo mailbox to {path}: {cause}")]
    Write { path: String, cause: std::io::Error },
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    // The message tells the config error; it is not handed on as a cause.
    #[error("the demo configuration is invalid: {0}")]
    Config(crate::config::ConfigError),
}

impl From<crate::config::ConfigError> for DemoError {
    fn from(e: crate::config::ConfigError) -> DemoError {
        DemoError::Config(e)
    }
}

/// The demo's configuration.
pub fn config() -> Result<Config, DemoError> {
    Ok(Config::parse_str(CONFIG, "demo config")?)
}

/// Builds the demo store in `dir` (a fresh temporary directory): imports the
/// mailbox, moves its dates to today, groups it, closes [`CLOSED_KEY`] and
/// adds the team's actions ([`ASSIGNED`], [`NOTED_KEY`], [`LINKED`]).
pub fn build(dir: &Path, now: DateTime<Utc>) -> Result<(Store, Config), DemoError> {
    let cfg = config()?;
    let mbox = dir.join("demo.mbox");
    crate::files::write(&mbox, MBOX).map_err(|source| DemoError::Write {
        path: mbox.display().to_string(),
        cause: source,
    })?;
    let db = dir.join("demo.db");
    let mut store = Store::open(&db)?;
    ingest::import_paths(&mut store, &[mbox], &mut |_| {})?;
    let shift = (now - written_on()).num_days().max(0) * 86_400;
    store.shift_dates(shift)?;
    store.regroup(&cfg)?;
    // The team's actions, as colleagues would have shared them: one of each
    // kind the list and the issue view show.
    let ola = "ola@example.com";
    let kari = "kari@example.com";
    let hour = chrono::Duration::hours(1);
    store.add_own_op(CLOSED_KEY, ola, now - hour * 5, OpKind::Close)?;
    store.add_own_op(
        ASSIGNED.0,
        ola,
        now - hour * 4,
        OpKind::Assign(Some(ASSIGNED.1.into())),
    )?;
    store.add_own_op(
        NOTED_KEY,
        ola,
        now - hour * 3,
        OpKind::Note("Asked the merchant for the request ids of the failing calls.".into()),
    )?;
    store.add_own_op(
        NOTED_KEY,
        kari,
        now - hour * 2,
        OpKind::Note("The merchant sent them; added to the thread.".into()),
    )?;
    store.add_own_op(
        LINKED.0,
        ola,
        now - hour,
        OpKind::Link(LINKED.1.into(), LinkKind::Relates),
    )?;
    store.regroup(&cfg)?;
    Ok((store, cfg))
}

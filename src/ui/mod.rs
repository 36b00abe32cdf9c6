//! The terminal UI (ratatui). It pulls view models and never does network I/O.
pub mod sanitize;

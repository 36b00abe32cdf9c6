//! Raw RFC 5322 bytes to a [`Message`].

use super::Message;

/// A message that could not be read at all. Such mail is still stored raw and
/// reported by the caller, never dropped.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("cannot parse message: {0}")]
    Malformed(String),
}

/// Parses one message.
pub fn parse(raw: &[u8]) -> Result<Message, ParseError> {
    let _ = raw;
    Err(ParseError::Malformed("not implemented".into()))
}

//! Drafting replies, new requests and escalations.

//! Placeholder until the UI lands.
use std::borrow::Cow;
pub fn sanitize(s: &str) -> Cow<'_, str> {
    Cow::Owned(
        s.chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect(),
    )
}

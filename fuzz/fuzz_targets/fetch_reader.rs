//! Fuzzes the bulk FETCH reader (`vsd::imap::reader::Shared`) on arbitrary
//! server bytes, read as a sync reads them: whole responses with their
//! literals through `read_responses`, interleaved with the line-at-a-time
//! reads the imap crate makes, each response then parsed as `Session::fetch_report`
//! parses it. The stream may end anywhere; the reader must return an error,
//! never panic, never hand out a byte twice or lose one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{self, Read, Write};
use vsd::imap::reader::Shared;

/// The server: the fuzz input, handed out in reads of varying size.
struct Server<'a> {
    data: &'a [u8],
    pos: usize,
    step: usize,
}

impl Read for Server<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        // Vary the size of the next read with the bytes just read.
        self.step = 1 + usize::from(self.data.get(self.pos).copied().unwrap_or(0)) * 31;
        Ok(n)
    }
}

impl Write for Server<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, stream)) = data.split_first() else {
        return;
    };
    let shared = Shared::new(Server {
        data: stream,
        pos: 0,
        step: 1 + usize::from(mode),
    });
    let mut seen: Vec<u8> = Vec::with_capacity(stream.len());
    let mut turn = mode;
    loop {
        if turn & 1 == 1 {
            // The crate's reads: never past the end of a line.
            let mut buf = [0u8; 97];
            let mut line = shared.clone();
            match line.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    assert!(!buf[..n - 1].contains(&b'\n'));
                    seen.extend_from_slice(&buf[..n]);
                }
            }
        } else {
            let Ok(parts) = shared.read_responses() else {
                break;
            };
            assert!(parts.iter().all(|p| !p.is_empty()));
            let (last, untagged) = parts.split_last().expect("a tagged line");
            assert!(!matches!(last.first(), Some(b'*' | b'+')));
            for p in untagged {
                assert!(matches!(p[0], b'*' | b'+'));
                let _ = imap_proto::parser::parse_response(p);
            }
            seen.extend_from_slice(&parts.concat());
        }
        turn = turn.rotate_right(1);
    }
    assert!(stream.starts_with(&seen), "bytes come out once, in order");
});

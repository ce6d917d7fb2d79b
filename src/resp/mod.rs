//! The RESP wire protocol: parsing client requests and serializing replies.
//!
//! Why: this is the boundary between untrusted bytes from the network and the
//! command layer, so it is kept small, allocation-light and free of any
//! knowledge of commands. It mirrors Redis 7.0 exactly on the wire, including
//! its error texts and its leniencies.
//!
//! Invariants:
//! - Decoding never panics on any input and never yields more bytes than it
//!   was given; a protocol error is always fatal for the connection.
//! - Encoding always produces complete, self-delimiting frames, in RESP2 or
//!   RESP3 as the caller chooses per call.

pub mod decode;
pub mod encode;

pub use decode::{parse_request, Decoder, Limits, ProtocolError};
pub use encode::{format_double_g17, Reply};

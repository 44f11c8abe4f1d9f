//! The virtual cluster: virtual time, the event queue, the run's seeded randomness, and the
//! virtual runtime that containers' commands run in.

pub mod queue;
pub mod rng;
pub mod runtime;
pub mod time;

//! jobsim-core: everything that is Kubernetes in jobsim — API objects, YAML, defaulting and
//! validation, the controllers and the simulation.
//!
//! It never touches a browser, a file, a socket or a real clock: time is an input, randomness
//! comes from one seeded generator, and the same code runs natively and in WebAssembly.

pub mod api;
pub mod compare;
pub mod controllers;
pub mod export;
pub mod form;
pub mod go;
pub mod kubectl;
pub mod lang;
pub mod lessons;
pub mod probe;
pub mod share;
pub mod sim;
pub mod validation;
pub mod yaml;

/// The Kubernetes release whose behaviour jobsim follows.
pub const KUBERNETES_VERSION: &str = "1.35";

//! The jobsim playground: the Yew UI over jobsim-core. It renders the simulation's state and
//! sends it the user's actions; everything Kubernetes lives in jobsim-core.

pub mod app;
pub mod browser;
pub mod i18n;
pub mod panic_banner;
pub mod region;

pub use app::{App, AppProps};

//! The jobsim playground: the Yew UI over jobsim-core. It renders the simulation's state and
//! sends it the user's actions; everything Kubernetes lives in jobsim-core.

pub mod app;
pub mod browser;
pub mod clock;
pub mod cluster;
pub mod compare;
pub mod console;
pub mod cronjobs;
pub mod diagnostics;
pub mod editor;
pub mod events;
pub mod explain;
pub mod export;
pub mod form;
pub mod frames;
pub mod i18n;
pub mod icons;
pub mod jobs;
pub mod keys;
pub mod panic_banner;
pub mod presentation;
pub mod queues;
pub mod region;
pub mod sharing;
pub mod state;
pub mod timeline;

pub use app::{App, AppProps};

//! The virtual cluster: virtual time, the event queue, the run's seeded randomness, the
//! virtual runtime that containers' commands run in, the object store, the scheduler and the
//! kubelet's rules, the scenario file, the world that runs them, and the run's report.

pub mod api_rate;
pub mod digest;
pub mod finished_pods;
pub mod inter_pod_affinity;
pub mod interner;
pub mod kubelet;
pub mod lookup;
pub mod node_affinity;
pub mod node_scores;
pub mod node_verdicts;
pub mod ordered_key;
pub mod placed_pods;
pub mod pod_address;
pub mod pod_counts;
pub mod preemption;
pub mod queue;
pub mod report;
pub mod rng;
pub mod runtime;
pub mod scenario;
pub mod scheduler;
pub mod service_account_token;
pub mod spec_pool;
pub mod store;
pub mod time;
pub mod topology_spread;
pub mod work_queue;
pub mod world;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        COUNT.fetch_add(1, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        System.dealloc(p, l)
    }
}
#[global_allocator]
static A: Counting = Counting;
fn measure<T: Clone>(name: &str, t: &T) {
    let (b, c) = (LIVE.load(Ordering::Relaxed), COUNT.load(Ordering::Relaxed));
    let x = Box::new(t.clone());
    println!(
        "{name:>24}: {} bytes in {} allocations",
        LIVE.load(Ordering::Relaxed) - b,
        COUNT.load(Ordering::Relaxed) - c
    );
    std::mem::forget(x);
}
fn main() {
    let text = include_str!("../benches/big_job.yaml").replace("COMPLETIONS", "3");
    let w = jobsim_core::sim::report::simulate(&text, Default::default()).unwrap();
    let (_, p) = w.store.pods().next().unwrap();
    measure("pod", p);
    measure("metadata", &p.metadata);
    measure("labels", &p.metadata.labels);
    measure("annotations", &p.metadata.annotations);
    measure("ownerrefs", &p.metadata.owner_references);
    measure("spec", &p.spec);
    measure("containers", &p.spec.as_ref().unwrap().containers);
    measure(
        "resources",
        &p.spec.as_ref().unwrap().containers[0].resources,
    );
    measure("status", &p.status);
    measure("conditions", &p.status.as_ref().unwrap().conditions);
    measure(
        "containerStatuses",
        &p.status.as_ref().unwrap().container_statuses,
    );
    measure("event", &w.events[0]);
    measure("podline", &w.pod_lines[0]);
}

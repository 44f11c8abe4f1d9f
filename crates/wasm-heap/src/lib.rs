//! The heap of jobsim's wasm builds (the page, the wasm benchmark). Each binary declares it:
//!
//! ```text
//! #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
//! #[global_allocator]
//! static HEAP: jobsim_wasm_heap::Heap = jobsim_wasm_heap::heap();
//! ```
//!
//! Rust's default wasm allocator grows the linear memory by what one allocation needs, 64 KiB at
//! a time. Every `memory.grow` makes the host (V8) replace the memory's ArrayBuffer and count
//! the new bytes towards garbage collection, so a run that keeps a hundred thousand pods grew
//! thousands of times and its cost per pod rose with its size (100,000 completions: 9.5 s, of
//! which half in growing and collecting). Growing by half the memory at a time grows it a few
//! dozen times over the same run; pages not yet touched cost the machine nothing.
#![cfg(all(target_family = "wasm", not(target_feature = "atomics")))]

use core::alloc::Layout;
use core::arch::wasm32::{memory_grow, memory_size};
use core::ptr::NonNull;

use talc::base::binning::Binning;
use talc::base::Talc;
use talc::cell::TalcSyncCell;
use talc::source::Source;
use talc::wasm::WasmBinning;

/// A wasm page.
const PAGE: usize = 64 * 1024;

/// The most pages a wasm32 memory may have, less one: the heap's end stays below 4 GiB, where
/// an address would wrap to null.
const MAX_PAGES: usize = 65_535;

/// The allocator: talc on single-threaded wasm, fed by [`GeometricGrowth`].
pub type Heap = TalcSyncCell<GeometricGrowth, WasmBinning>;

/// The heap for a `#[global_allocator]`.
pub const fn heap() -> Heap {
    TalcSyncCell::new_wasm(GeometricGrowth { end: None })
}

/// Grows the linear memory by half its size (at least what the allocation needs) and hands
/// the new pages to talc, extending the heap when they follow it.
#[derive(Debug)]
pub struct GeometricGrowth {
    /// The heap's end, once talc has claimed memory.
    end: Option<NonNull<u8>>,
}

// SAFETY: `acquire` allocates nothing and touches talc only through the reference it is given.
unsafe impl Source for GeometricGrowth {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        let current = memory_size::<0>();
        let room = MAX_PAGES.saturating_sub(current);
        // The allocation, its alignment and talc's bookkeeping (a page is ample) must fit.
        let needed = layout.size().saturating_add(layout.align()).div_ceil(PAGE) + 1;
        let pages = needed.max(current / 2).min(room);
        if pages < needed {
            return Err(());
        }
        let previous = memory_grow::<0>(pages);
        if previous == usize::MAX {
            return Err(());
        }
        let base = (previous * PAGE) as *mut u8;
        let size = pages * PAGE;
        let end = base.wrapping_add(size);
        talc.source.end = match talc.source.end.take() {
            // SAFETY: the heap ends where the new pages begin; they are the heap's alone.
            Some(old_end) if old_end.as_ptr() == base => Some(unsafe { talc.extend(old_end, end) }),
            // SAFETY: the pages were just grown, and nothing else uses them.
            _ => unsafe { talc.claim(base, size) },
        };
        talc.source.end.map(|_| ()).ok_or(())
    }
}

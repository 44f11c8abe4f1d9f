//! The heap grows the linear memory by half its size at a time, and what it hands out is
//! usable: run by `scripts/test.sh` (wasm-bindgen-test, in headless Chromium).
#![cfg(all(target_family = "wasm", not(target_feature = "atomics")))]

use core::arch::wasm32::memory_size;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[global_allocator]
static HEAP: jobsim_wasm_heap::Heap = jobsim_wasm_heap::heap();

/// Allocates small blocks until the memory grows, and returns the pages before and after.
fn grow_once(kept: &mut Vec<Vec<u8>>) -> (usize, usize) {
    let before = memory_size::<0>();
    while memory_size::<0>() == before {
        kept.push(vec![7; 1000]);
    }
    (before, memory_size::<0>())
}

#[wasm_bindgen_test]
fn small_allocations_grow_the_memory_by_half_at_least() {
    let mut kept = Vec::new();
    for _ in 0..3 {
        let (before, after) = grow_once(&mut kept);
        assert!(after - before >= before / 2, "{before} → {after} pages");
    }
    assert!(kept.iter().all(|block| block.iter().all(|&b| b == 7)));
}

#[wasm_bindgen_test]
fn an_allocation_larger_than_half_the_memory_gets_what_it_needs() {
    let pages = memory_size::<0>();
    let size = pages * 64 * 1024 * 2;
    let mut block = vec![0u8; size];
    block[size - 1] = 1;
    assert_eq!(block[size - 1], 1);
    assert!(memory_size::<0>() >= pages * 3);
}

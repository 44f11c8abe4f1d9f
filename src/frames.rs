//! The animation-frame loop that drives playback: `requestAnimationFrame` calls back with the
//! real milliseconds since the last frame until the [`Frames`] handle is dropped; and the share
//! of a frame's real time the simulation may use ([`SimBudget`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

type Callback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A running frame loop; dropping it stops the loop.
pub struct Frames {
    id: Rc<Cell<Option<i32>>>,
    callback: Callback,
}

impl Frames {
    /// Calls `on_frame(ms since the previous frame)` on every animation frame (0 on the first).
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> Option<Frames> {
        let window = web_sys::window()?;
        let id = Rc::new(Cell::new(None));
        let callback: Callback = Rc::new(RefCell::new(None));
        let (next_id, again) = (id.clone(), callback.clone());
        let mut last: Option<f64> = None;
        let closure = Closure::<dyn FnMut(f64)>::new(move |now: f64| {
            let elapsed = last.map_or(0.0, |l| (now - l).max(0.0));
            last = Some(now);
            on_frame(elapsed);
            if let (Some(w), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
                next_id.set(w.request_animation_frame(cb.as_ref().unchecked_ref()).ok());
            }
        });
        id.set(
            window
                .request_animation_frame(closure.as_ref().unchecked_ref())
                .ok(),
        );
        *callback.borrow_mut() = Some(closure);
        Some(Frames { id, callback })
    }
}

impl Drop for Frames {
    fn drop(&mut self) {
        if let (Some(w), Some(id)) = (web_sys::window(), self.id.get()) {
            // A frame that already ran cannot be cancelled; that is fine.
            let _ = w.cancel_animation_frame(id);
        }
        // Breaks the closure's reference to itself.
        drop(self.callback.borrow_mut().take());
    }
}

/// The real time one frame gives the simulation, measured on the browser's clock: when it is
/// spent the frame stops processing events, so a heavy moment slows the virtual clock instead
/// of the page. Natively (tests) there is no real clock and it is never spent.
pub struct SimBudget {
    deadline: Option<f64>,
}

impl SimBudget {
    /// A budget of `ms` milliseconds from now.
    pub fn start(ms: f64) -> SimBudget {
        SimBudget {
            deadline: crate::browser::now_ms().map(|now| now + ms),
        }
    }

    pub fn spent(&self) -> bool {
        self.deadline
            .zip(crate::browser::now_ms())
            .is_some_and(|(deadline, now)| now >= deadline)
    }
}

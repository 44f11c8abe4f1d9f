//! Texts a run writes many times over — the same event message for every pod of a Job
//! (`Pulling image "busybox"`, `Started container work`), a Job's name on each of its events —
//! kept once and shared.

use std::fmt::{self, Write};
use std::sync::Arc;

use super::lookup::LookupSet;

/// Shares equal texts, and writes the others without a scratch copy.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    texts: LookupSet<Arc<str>>,
    scratch: String,
}

/// What a text is written from: formatted arguments (`format_args!`), or plain pieces joined
/// as they are (`["Started container ", name]`), which need no formatting machinery.
pub trait Pieces {
    fn write_to(self, out: &mut String);
}

impl Pieces for fmt::Arguments<'_> {
    fn write_to(self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = out.write_fmt(self);
    }
}

impl<const N: usize> Pieces for [&str; N] {
    fn write_to(self, out: &mut String) {
        self.iter().for_each(|piece| out.push_str(piece));
    }
}

impl Interner {
    /// The text, shared with every earlier text equal to it.
    pub fn shared(&mut self, text: impl Pieces) -> Arc<str> {
        let written = write(&mut self.scratch, text);
        kept(&mut self.texts, written)
    }

    /// A text already written, shared with every earlier text equal to it.
    pub fn shared_str(&mut self, text: &str) -> Arc<str> {
        kept(&mut self.texts, text)
    }

    /// A text of its own (one that names a single object, which no other text repeats).
    pub fn fresh(&mut self, text: impl Pieces) -> Arc<str> {
        Arc::from(write(&mut self.scratch, text))
    }
}

/// The kept text equal to `text`, kept now if none was.
fn kept(texts: &mut LookupSet<Arc<str>>, text: &str) -> Arc<str> {
    if let Some(kept) = texts.get(text) {
        return Arc::clone(kept);
    }
    let kept: Arc<str> = Arc::from(text);
    texts.insert(Arc::clone(&kept));
    kept
}

/// The text, written over what the scratch held.
fn write(scratch: &mut String, text: impl Pieces) -> &str {
    scratch.clear();
    text.write_to(scratch);
    scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_one_and_fresh_ones_are_never_kept() {
        let mut interner = Interner::default();
        let first = interner.shared(format_args!("Started container {}", "work"));
        let second = interner.shared(format_args!("Started container {}", "work"));
        let other = interner.shared(format_args!("Started container {}", "side"));
        let joined = interner.shared(["Started container ", "work"]);
        assert!(Arc::ptr_eq(&first, &joined));
        assert!(Arc::ptr_eq(&first, &second));
        let written = interner.shared_str("Started container work");
        assert!(Arc::ptr_eq(&first, &written));
        assert_eq!(&*other, "Started container side");
        let fresh = interner.fresh(["Started container ", "work"]);
        assert!(!Arc::ptr_eq(&first, &fresh));
        assert_eq!(fresh, first);
        assert_eq!(interner.texts.len(), 2);
    }
}

//! The jobsim playground: the Yew UI over jobsim-core.

//! The events the CronJob controller records (source component `cronjob-controller`).

/// `Normal` or `Warning`, as `corev1.EventTypeNormal` / `EventTypeWarning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventType {
    Normal,
    Warning,
}

/// One recorded event: its type, reason and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub type_: EventType,
    pub reason: &'static str,
    pub message: String,
}

impl Event {
    pub fn normal(reason: &'static str, message: impl Into<String>) -> Event {
        Event {
            type_: EventType::Normal,
            reason,
            message: message.into(),
        }
    }

    pub fn warning(reason: &'static str, message: impl Into<String>) -> Event {
        Event {
            type_: EventType::Warning,
            reason,
            message: message.into(),
        }
    }
}

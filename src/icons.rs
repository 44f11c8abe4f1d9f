//! Icons drawn inline as SVG: the symbol fonts a browser has differ (Debian's Chromium with
//! DejaVu and WenQuanYi has no ⏸, ⏭ or 🖥), an SVG draws the same everywhere. Each icon is
//! decorative (`aria-hidden`): the control next to it says its name in words.

use yew::prelude::*;

fn icon(class: &'static str, body: Html) -> Html {
    html! {
        <svg class={classes!("icon-svg", class)} viewBox="0 0 16 16" width="14" height="14"
             aria-hidden="true" focusable="false">
            { body }
        </svg>
    }
}

pub fn play() -> Html {
    icon(
        "play",
        html! { <path d="M4 2.5v11l9-5.5z" fill="currentColor" /> },
    )
}

pub fn pause() -> Html {
    icon(
        "pause",
        html! { <><rect x="3.5" y="2.5" width="3" height="11" fill="currentColor" />
        <rect x="9.5" y="2.5" width="3" height="11" fill="currentColor" /></> },
    )
}

pub fn step() -> Html {
    icon(
        "step",
        html! { <><path d="M2.5 2.5v11l7.5-5.5z" fill="currentColor" />
        <rect x="11" y="2.5" width="2.5" height="11" fill="currentColor" /></> },
    )
}

pub fn restart() -> Html {
    icon(
        "restart",
        html! { <><path d="M13 8a5 5 0 1 1-1.6-3.7" fill="none" stroke="currentColor" stroke-width="1.8" />
        <path d="M12.8 1.5v4h-4z" fill="currentColor" /></> },
    )
}

pub fn stop() -> Html {
    icon(
        "stop",
        html! { <rect x="3" y="3" width="10" height="10" fill="currentColor" /> },
    )
}

/// A server: the node lanes' icon.
pub fn node() -> Html {
    icon(
        "node",
        html! { <><rect x="2" y="2" width="12" height="5" rx="1" fill="none" stroke="currentColor" stroke-width="1.5" />
        <rect x="2" y="9" width="12" height="5" rx="1" fill="none" stroke="currentColor" stroke-width="1.5" />
        <circle cx="5" cy="4.5" r="1" fill="currentColor" /><circle cx="5" cy="11.5" r="1" fill="currentColor" /></> },
    )
}

//! One region of the page: a titled section that says what will appear in it while it is empty.

use yew::prelude::*;

use crate::i18n::RegionTexts;

#[derive(Properties, PartialEq)]
pub struct RegionProps {
    /// The region's id, also its CSS grid area: `editor`, `cluster`, …
    pub id: AttrValue,
    pub title: AttrValue,
    pub empty: AttrValue,
}

impl RegionProps {
    pub fn new(id: &'static str, texts: &RegionTexts) -> Self {
        RegionProps {
            id: id.into(),
            title: texts.title.into(),
            empty: texts.empty.into(),
        }
    }
}

#[function_component(Region)]
pub fn region(props: &RegionProps) -> Html {
    let title_id = format!("{}-title", props.id);
    html! {
        <section id={props.id.clone()} class={classes!("region", format!("region-{}", props.id))}
                 aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{ props.title.clone() }</h2>
            <p class="empty-state">{ props.empty.clone() }</p>
        </section>
    }
}

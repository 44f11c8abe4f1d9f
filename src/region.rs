//! One region of the page: a titled section with its content, or what will appear in it while
//! it has none.

use yew::prelude::*;

use crate::i18n::RegionTexts;

#[derive(Properties, PartialEq)]
pub struct RegionProps {
    /// The region's id, also its CSS grid area: `editor`, `cluster`, …
    pub id: AttrValue,
    pub title: AttrValue,
    pub empty: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

impl RegionProps {
    pub fn new(id: &'static str, texts: &RegionTexts, children: Html) -> Self {
        RegionProps {
            id: id.into(),
            title: texts.title.into(),
            empty: texts.empty.into(),
            children,
        }
    }
}

#[function_component(Region)]
pub fn region(props: &RegionProps) -> Html {
    let title_id = format!("{}-title", props.id);
    let empty = props.children == Html::default();
    html! {
        <section id={props.id.clone()} class={classes!("region", format!("region-{}", props.id))}
                 aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{ props.title.clone() }</h2>
            if empty {
                <p class="empty-state">{ props.empty.clone() }</p>
            } else {
                { props.children.clone() }
            }
        </section>
    }
}

//! Services: "What do you need help with?" — a searchable list grouped by
//! `group` — then the chosen service's form, with *Change* to pick
//! another. The form picked last stays mounted (hidden) while the list
//! shows, so going back to it loses nothing; another service's form
//! starts with what was typed in the fields both share. Each service keeps
//! its own saved draft; the one saved last opens when the host and the
//! link name none.

use leptos::prelude::*;

use super::host::FormParts;
use super::words::{t, FormWords};
use crate::browser::dom::{focus_in, query_values, unique_prefix};
use crate::browser::storage::DraftStore;
use crate::model::draft::Draft;
use crate::model::saved_draft::saved_at;
use crate::model::services::{self, carry_between, listed, opening, Service};

/// The form of a service, as mounted.
#[derive(Clone)]
struct Open {
    id: String,
    draft: RwSignal<Draft>,
    /// It goes on from another service's form.
    continued: bool,
}

/// The list of services, then the chosen one's form.
#[component]
pub fn ServiceChoice(
    services: Vec<Service>,
    /// The service the host opens (`service`), by its id.
    given: Signal<Option<String>>,
    /// Where the form's drafts are kept (each service's beside it).
    store: DraftStore,
    parts: FormParts,
) -> impl IntoView {
    let words = FormWords::get();
    let services = StoredValue::new(services);
    let store = StoredValue::new(store);
    let parts = StoredValue::new(parts);
    let starting = move |id: &str| -> Option<Draft> {
        let config = services.with_value(|all| Some(services::find(all, id)?.config.clone()))?;
        Some(parts.with_value(|parts| parts.starting_draft(&config)))
    };
    let first = services.with_value(|all| {
        store.with_value(|store| first_service(all, store, given.get_untracked().as_deref()))
    });
    let open = RwSignal::new(first.and_then(|id| {
        Some(Open {
            draft: RwSignal::new(starting(&id)?),
            id,
            continued: false,
        })
    }));
    let picking = RwSignal::new(open.with_untracked(Option::is_none));
    // A service's draft lives as long as this list, not as long as the
    // click or the effect that made it.
    let owner = StoredValue::new_local(Owner::current());
    let root = NodeRef::<leptos::html::Div>::new();
    let focus_after_render = move |selector: &'static str| {
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            focus_in(root.get_untracked().map(Into::into), selector);
        });
    };
    // The person (or the host) chose `id`: its form, with what was typed.
    let choose = move |id: String| {
        picking.set(false);
        let current = open.get_untracked();
        if current.as_ref().is_some_and(|open| open.id == id) {
            focus_after_render(FIRST_FIELD);
            return;
        }
        let Some(fresh) = starting(&id) else {
            return;
        };
        let next = match current {
            Some(before) => {
                // What was typed moves on; the old service's saved draft with it.
                store.with_value(|store| store.for_service(&before.id).clear());
                let typed = before.draft.get_untracked();
                services.with_value(|all| carry_between(all, &before.id, &typed, &id, fresh))
            }
            None => fresh,
        };
        let continued = open.with_untracked(Option::is_some);
        let draft = owner.with_value(|owner| match owner {
            Some(owner) => owner.with(|| RwSignal::new(next.clone())),
            None => RwSignal::new(next.clone()),
        });
        open.set(Some(Open {
            id,
            draft,
            continued,
        }));
        focus_after_render(FIRST_FIELD);
    };
    // Sync with the host: a `service` it sets later opens that one.
    Effect::new(move |previous: Option<Option<String>>| {
        let wanted = given.get();
        if previous.is_some_and(|previous| previous != wanted) {
            let known = wanted.as_deref().and_then(|id| {
                services.with_value(|all| services::find(all, id).map(|s| s.id.clone()))
            });
            if let Some(id) = known {
                choose(id);
            }
        }
        wanted
    });
    let label_of = move |id: &str| {
        services.with_value(|all| {
            services::find(all, id)
                .map(|service| words.with(|w| w.localized(&service.label)))
                .unwrap_or_default()
        })
    };
    let form = move || {
        open.get().map(
            |Open {
                 id,
                 draft,
                 continued,
             }| {
                let config =
                    services.with_value(|all| services::find(all, &id).map(|s| s.config.clone()));
                let config = config?;
                let store = store.with_value(|store| store.for_service(&id));
                let form = parts.with_value(|parts| {
                    parts
                        .for_service(&id)
                        .form(&config, store, Some(draft), continued)
                });
                let on_change = Callback::new(move |()| {
                    picking.set(true);
                    focus_after_render(SEARCH);
                });
                Some(view! {
                    <ServiceBar name=label_of(&id) on_change />
                    {form}
                })
            },
        )
    };
    let back =
        Signal::derive(move || open.with(|open| open.as_ref().map(|open| label_of(&open.id))));
    view! {
        <div class="srf-services-root" node_ref=root>
            <Show when=move || picking.get()>
                <ServiceList services back on_pick=Callback::new(choose)
                    on_back=Callback::new(move |()| { picking.set(false); focus_after_render(FIRST_FIELD); }) />
            </Show>
            <div hidden=move || picking.get()>{form}</div>
        </div>
    }
}

/// The service the form opens with (see [`opening`]): the host's, the
/// link's, or the one whose draft in `store` was saved last.
fn first_service(all: &[Service], store: &DraftStore, given: Option<&str>) -> Option<String> {
    let saved: Vec<(String, f64)> = all
        .iter()
        .filter_map(|service| {
            let text = store.for_service(&service.id).load()?;
            Some((service.id.clone(), saved_at(&text)?))
        })
        .collect();
    let link = query_values(&["service".to_owned()], "").into_iter().next();
    opening(all, given, link.as_ref().map(|(_, id)| id.as_str()), &saved)
}

/// The chosen service's name, with *Change* to pick another.
#[component]
fn ServiceBar(name: String, on_change: Callback<()>) -> impl IntoView {
    view! {
        <div class="srf-service-bar">
            <span class="srf-service-chosen">{name}</span>
            <button class="srf-link-button" type="button" aria-label=t("services.changeLabel")
                on:click=move |_| on_change.run(())>{t("services.change")}</button>
        </div>
    }
}

/// The first control of the form that shows.
const FIRST_FIELD: &str =
    ".srf-form .srf-field:not([hidden]) :is(input, select, textarea):not([readonly])";
const SEARCH: &str = ".srf-service-search";

/// "What do you need help with?": a search box over the services, listed
/// by group; arrow keys move between them.
#[component]
fn ServiceList(
    services: StoredValue<Vec<Service>>,
    /// The service whose form is open behind the list, to go back to.
    back: Signal<Option<String>>,
    on_pick: Callback<String>,
    on_back: Callback<()>,
) -> impl IntoView {
    let words = FormWords::get();
    let prefix = unique_prefix();
    let query = RwSignal::new(String::new());
    let groups = Memo::new(move |_| {
        query.with(|query| {
            services.with_value(|all| {
                let word = |text: &_| words.with(|w| w.localized(text));
                listed(all, query, word, |text| {
                    js_sys::JsString::from(text).to_lower_case().into()
                })
            })
        })
    });
    let count = move || groups.with(|groups| groups.iter().map(|g| g.members.len()).sum::<usize>());
    let said = move || {
        let count = count();
        words.with(|w| match count {
            0 => w.fill("services.none", &[("query", query.get().trim())]),
            _ => w.plural("services.found", count as f64, &[]),
        })
    };
    let search_id = format!("{prefix}service-search");
    let list_id = format!("{prefix}service-list");
    let list = NodeRef::<leptos::html::Div>::new();
    // Up and down move between the services (and from the search box).
    let step = move |event: leptos::ev::KeyboardEvent| {
        let by = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(list) = list.get_untracked() else {
            return;
        };
        event.prevent_default();
        move_focus(&list, by);
    };
    let pick_only = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && count() == 1 {
            event.prevent_default();
            let only = groups.with_untracked(|groups| {
                let index = groups.first()?.members.first().copied()?;
                services.with_value(|all| all.get(index).map(|s| s.id.clone()))
            });
            if let Some(id) = only {
                on_pick.run(id);
            }
        }
    };
    let group_prefix = prefix.clone();
    let shown = move || {
        let named = groups.with(|groups| groups.iter().any(|group| group.name.is_some()));
        groups
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, group)| {
                let heading_id = format!("{group_prefix}service-group-{index}");
                let heading = named.then(|| {
                    let name = group
                        .name
                        .clone()
                        .unwrap_or_else(|| words.with(|w| w.text("services.other")));
                    view! { <h3 class="srf-service-group" id=heading_id.clone()>{name}</h3> }
                });
                let items = group
                    .members
                    .iter()
                    .filter_map(|index| services.with_value(|all| all.get(*index).cloned()))
                    .map(|service| {
                        let (label, description) = words.with(|w| {
                            (w.localized(&service.label), service.description.as_ref().map(|d| w.localized(d)))
                        });
                        let id = service.id.clone();
                        view! {
                            <li>
                                <button class="srf-service" type="button" on:click=move |_| on_pick.run(id.clone())>
                                    <span class="srf-service-label">{label}</span>
                                    {description.map(|text| view! { <span class="srf-service-description">{text}</span> })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                let labelled = named.then_some(heading_id);
                view! {
                    <div class="srf-service-set" role="group" aria-labelledby=labelled>
                        {heading}
                        <ul class="srf-service-items">{items}</ul>
                    </div>
                }
            })
            .collect_view()
    };
    let back_button = move || {
        back.get().map(|name| {
            view! {
                <button class="srf-button srf-button--secondary" type="button" on:click=move |_| on_back.run(())>
                    {move || words.with(|w| w.fill("services.back", &[("service", &name)]))}
                </button>
            }
        })
    };
    view! {
        <section class="srf-services" part="services" aria-labelledby=format!("{prefix}services-title")>
            <h2 class="srf-title" id=format!("{prefix}services-title")>{t("services.title")}</h2>
            <div class="srf-field">
                <label class="srf-label" for=search_id.clone()>{t("services.search")}</label>
                <input class="srf-input srf-service-search" type="search" id=search_id autocomplete="off"
                    aria-controls=list_id.clone()
                    prop:value=move || query.get()
                    on:input=move |event| query.set(event_target_value(&event))
                    on:keydown=move |event| { pick_only(event.clone()); step(event) } />
            </div>
            <p class="srf-visually-hidden" role="status" aria-live="polite">{said}</p>
            <div class="srf-service-list" id=list_id node_ref=list on:keydown=step>{shown}</div>
            <p class="srf-service-none" aria-hidden="true" hidden=move || count() != 0>{said}</p>
            {back_button}
        </section>
    }
}

/// Moves focus `by` services from the focused one (or into the list from
/// the search box).
fn move_focus(list: &web_sys::HtmlDivElement, by: i32) {
    use wasm_bindgen::JsCast;
    let Ok(buttons) = list.query_selector_all("button.srf-service") else {
        return;
    };
    let all: Vec<web_sys::HtmlElement> = (0..buttons.length())
        .filter_map(|index| buttons.item(index)?.dyn_into().ok())
        .collect();
    let active = list
        .get_root_node()
        .dyn_into::<web_sys::Node>()
        .ok()
        .and_then(|node| js_sys::Reflect::get(&node, &"activeElement".into()).ok())
        .and_then(|active| active.dyn_into::<web_sys::HtmlElement>().ok());
    let at = active.and_then(|active| all.iter().position(|button| *button == active));
    let next = match at {
        Some(at) => at as i32 + by,
        None if by > 0 => 0,
        None => return,
    };
    if let Some(button) = usize::try_from(next).ok().and_then(|next| all.get(next)) {
        let _ = button.focus();
    }
}

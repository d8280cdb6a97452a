//! The form's container: owns the draft, validation state and the submit
//! action; renders presentational fields and, once created, the ticket card.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::unique_prefix;
use super::fields::{Select, TextArea, TextInput};
use super::ticket_card::TicketCard;
use crate::api::http;
use crate::api::wire::ApiError;
use crate::messages;
use crate::model::draft::{Draft, PRIORITIES};
use crate::model::request::CreatedRequest;
use crate::model::validate::{validate, Field, FieldError};

/// The support-request form.
///
/// It validates in the browser, sends the request to
/// `{server}/api/v1/request` with the given `Authorization` header value, and
/// shows the created ticket. Nothing typed is lost on an error: the draft
/// stays, and a caller that passes its own `draft` signal keeps it even if
/// the form is unmounted (for example while the user signs in again).
#[component]
pub fn RequestForm(
    /// Base URL of the ServiceOps server, without a trailing slash.
    #[prop(into)]
    server: String,
    /// The whole `Authorization` header value: `Bearer <token>` or
    /// `Apikey <key>`.
    #[prop(into)]
    authorization: Signal<String>,
    /// The draft to edit; defaults to a fresh, empty one.
    #[prop(optional)]
    draft: Option<RwSignal<Draft>>,
    /// Called when the server refuses the credentials (HTTP 401).
    #[prop(optional, into)]
    on_unauthorized: Option<Callback<()>>,
    /// Called with the ticket once the server has created it.
    #[prop(optional, into)]
    on_created: Option<Callback<CreatedRequest>>,
) -> impl IntoView {
    let draft = draft.unwrap_or_else(|| RwSignal::new(Draft::default()));
    let prefix = StoredValue::new(unique_prefix());
    let field_id =
        move |field: Field| prefix.with_value(|prefix| format!("{prefix}-{}", field.wire_key()));
    let form_ref = NodeRef::<leptos::html::Form>::new();

    let attempted = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if attempted.get() {
            draft.with(validate)
        } else {
            Vec::new()
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedRequest>);

    let submit = Action::new_local(move |_: &()| {
        let request = draft.get_untracked().to_request();
        let server = server.clone();
        let authorization = authorization.get_untracked();
        async move {
            match http::create_request(&server, &authorization, &request).await {
                Ok(ticket) => {
                    server_error.set(None);
                    attempted.set(false);
                    draft.update(|draft| {
                        *draft = Draft {
                            requester_email: draft.requester_email.clone(),
                            ..Draft::default()
                        }
                    });
                    if let Some(on_created) = on_created {
                        on_created.run(ticket.clone());
                    }
                    created.set(Some(ticket));
                }
                Err(error) => {
                    server_error.set(Some(error.message()));
                    if let (ApiError::Unauthorized(_), Some(callback)) = (&error, on_unauthorized) {
                        callback.run(());
                    }
                }
            }
        }
    });
    let sending = submit.pending();

    let focus = move |field: Field| focus_in(form_ref, &format!("#{}", field_id(field)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        attempted.set(true);
        server_error.set(None);
        match draft.with_untracked(validate).first() {
            Some(first) => focus(first.field),
            None => {
                submit.dispatch(());
            }
        }
    };
    let submit_another = Callback::new(move |()| {
        created.set(None);
        // The form is rendered again on the next tick; focus it then.
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            focus(Field::Subject);
        });
    });

    let error_of = move |field: Field| {
        Signal::derive(move || {
            errors.with(|list| {
                list.iter()
                    .find(|error| error.field == field)
                    .map(|error| error.message.clone())
            })
        })
    };
    let text_of =
        move |read: fn(&Draft) -> &String| Signal::derive(move || draft.with(|d| read(d).clone()));
    let setter = move |write: fn(&mut Draft) -> &mut String| {
        Callback::new(move |value: String| draft.update(|d| *write(d) = value))
    };

    view! {
        <div class="srf-form-root">
            <Show
                when=move || created.with(Option::is_none)
                fallback=move || {
                    created.get().map(|ticket| view! { <TicketCard ticket on_another=submit_another /> })
                }
            >
                <form class="srf-form" novalidate=true node_ref=form_ref on:submit=on_submit>
                    <h2 class="srf-title">{messages::TITLE}</h2>
                    <ErrorSummary errors=errors.into() on_pick=Callback::new(focus) />
                    <TextInput
                        id=field_id(Field::Subject)
                        label=Field::Subject.label()
                        required=true
                        value=text_of(|d| &d.subject)
                        on_input=setter(|d| &mut d.subject)
                        error=error_of(Field::Subject)
                    />
                    <TextArea
                        id=field_id(Field::Description)
                        label=Field::Description.label()
                        value=text_of(|d| &d.description)
                        on_input=setter(|d| &mut d.description)
                        error=error_of(Field::Description)
                    />
                    <TextInput
                        id=field_id(Field::RequesterEmail)
                        label=Field::RequesterEmail.label()
                        required=true
                        kind="email"
                        autocomplete="email"
                        value=text_of(|d| &d.requester_email)
                        on_input=setter(|d| &mut d.requester_email)
                        error=error_of(Field::RequesterEmail)
                    />
                    <Select
                        id=field_id(Field::Priority)
                        label=Field::Priority.label()
                        empty_label=messages::PRIORITY_NONE
                        options=&PRIORITIES
                        value=text_of(|d| &d.priority)
                        on_input=setter(|d| &mut d.priority)
                        error=error_of(Field::Priority)
                    />
                    <p class="srf-server-error" role="alert">{move || server_error.get()}</p>
                    <div class="srf-actions">
                        <button class="srf-button srf-submit" type="submit" disabled=move || sending.get()>
                            {move || if sending.get() { messages::SENDING } else { messages::SUBMIT }}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The list of problems after a failed submit; each links to its field.
#[component]
fn ErrorSummary(errors: Signal<Vec<FieldError>>, on_pick: Callback<Field>) -> impl IntoView {
    view! {
        <div class="srf-summary" role="alert" hidden=move || errors.with(Vec::is_empty)>
            <p class="srf-summary-title">{messages::ERROR_SUMMARY}</p>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|error| {
                            let field = error.field;
                            view! {
                                <li>
                                    <a
                                        href="#"
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            on_pick.run(field);
                                        }
                                    >
                                        {error.message}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Focuses the element matching `selector` inside `form`; searching inside
/// the form (not the document) keeps it right inside a shadow root and with
/// several forms on a page.
fn focus_in(form: NodeRef<leptos::html::Form>, selector: &str) {
    let target = form
        .get_untracked()
        .and_then(|form| form.query_selector(selector).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = target {
        let _ = element.focus();
    }
}

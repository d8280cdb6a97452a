//! A Leptos application that uses the form as a component.
//!
//! Build it with `cargo build --example leptos_app --target wasm32-unknown-unknown`
//! (the lints in `cargo xtask test` compile it too). It shows the props a
//! Leptos app passes: the server, the `Authorization` value it already has,
//! the fields (from the same JSON as `config.json`), and callbacks.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use support_request_form::model::config::FormConfig;
    use support_request_form::model::request::CreatedRequest;
    use support_request_form::ui::RequestForm;

    // The app's own configuration, same schema as config.json.
    const CONFIG: &str = r#"{"preset": "requester", "customFields": [
        {"name": "Asset tag", "type": "text", "help": "On the sticker under your laptop."}]}"#;

    leptos::mount::mount_to_body(|| {
        let (last_ticket, set_last_ticket) = signal(None::<String>);
        // A real app gets this from its own sign-in.
        let authorization = Signal::stored(String::from("Bearer <token from your app's sign-in>"));
        match FormConfig::parse(CONFIG) {
            Ok(config) => view! {
                <main>
                    <h1>"IT help"</h1>
                    <p>{move || last_ticket.get().map(|number| format!("Last request: {number}"))}</p>
                    <RequestForm
                        server="https://desk.example.com"
                        authorization
                        spec=config.spec
                        attachments=config.attachments
                        on_created=Callback::new(move |ticket: CreatedRequest| set_last_ticket.set(Some(ticket.number)))
                    />
                </main>
            }
            .into_any(),
            Err(error) => view! { <p>{error.to_string()}</p> }.into_any(),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Build this example for the browser: --target wasm32-unknown-unknown");
}

//! The static portal: mounts the portal into the page; `config.json` next to
//! `index.html` says which server to talk to.

#[cfg(target_arch = "wasm32")]
fn main() {
    support_request_form::ui::mount_portal();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The portal runs in a browser: build it with `cargo xtask demo` or `trunk build`.");
}

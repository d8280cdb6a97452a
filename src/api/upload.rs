//! Uploads with progress: the browser's `File` goes to `XMLHttpRequest` in a
//! `FormData`, so its bytes never enter wasm memory (fetch cannot report
//! upload progress).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::wire::{self, ApiError};
use crate::browser::time::Timeout;
use crate::model::request::Attachment;

type Done = Box<dyn FnOnce(Result<Attachment, ApiError>)>;
type Callback = Closure<dyn FnMut(web_sys::Event)>;

/// An upload in progress. Dropping it stops it: its handlers are detached
/// first (so nothing calls into freed closures) and the request aborted if
/// it has not finished; `on_done` is then never called.
pub struct Upload {
    xhr: XmlHttpRequest,
    /// Set once the answer (or the failure) has been handed on.
    done: Rc<RefCell<Option<Done>>>,
    _callbacks: Vec<Callback>,
    _stall: Rc<RefCell<Option<Timeout>>>,
}

impl Drop for Upload {
    fn drop(&mut self) {
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_onprogress(None);
        if let Ok(target) = self.xhr.upload() {
            target.set_onprogress(None);
        }
        if self.done.borrow_mut().take().is_some() {
            let _ = self.xhr.abort();
        }
    }
}

/// Starts `POST {url}` with `file` as the multipart field `file`.
/// `on_progress` gets the percent sent; `on_done` is called once, with the
/// server's reference or the error. With no progress of any kind for
/// `stall_ms`, the upload is abandoned as [`ApiError::Network`].
pub fn start(
    url: &str,
    authorization: &str,
    file: &web_sys::File,
    name: &str,
    stall_ms: f64,
    on_progress: impl Fn(f64) + 'static,
    on_done: impl FnOnce(Result<Attachment, ApiError>) + 'static,
) -> Result<Upload, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("POST", url).map_err(|_| ApiError::Network)?;
    xhr.set_request_header("Authorization", authorization)
        .map_err(|_| ApiError::Network)?;
    let form = FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, name)
        .map_err(|_| ApiError::Network)?;

    let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(on_done))));
    let finish = {
        let done = done.clone();
        move |result: Result<Attachment, ApiError>| {
            let callback = done.borrow_mut().take();
            if let Some(callback) = callback {
                callback(result);
            }
        }
    };

    // The stall watch: restarted by every progress event, up or down.
    let stall: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
    let watch = {
        let (stall, xhr, finish) = (stall.clone(), xhr.clone(), finish.clone());
        Rc::new(move || {
            let (xhr, finish) = (xhr.clone(), finish.clone());
            let timer = Timeout::new(stall_ms, move || {
                // Hand on the failure first: the abort event then finds
                // the upload settled.
                finish(Err(ApiError::Network));
                let _ = xhr.abort();
            });
            *stall.borrow_mut() = Some(timer);
        })
    };
    watch();

    let sent = {
        let watch = watch.clone();
        Callback::new(move |event: web_sys::Event| {
            watch();
            if let Some(event) = event.dyn_ref::<ProgressEvent>() {
                if event.length_computable() && event.total() > 0.0 {
                    on_progress((event.loaded() / event.total() * 100.0).clamp(0.0, 100.0));
                }
            }
        })
    };
    let receiving = Callback::new(move |_: web_sys::Event| watch());
    let loaded = {
        let (xhr, finish, name, stall) =
            (xhr.clone(), finish.clone(), name.to_owned(), stall.clone());
        Callback::new(move |_: web_sys::Event| {
            stall.borrow_mut().take();
            let status = xhr.status().unwrap_or(0);
            let status_text = xhr.status_text().unwrap_or_default();
            let body = xhr.response_text().ok().flatten().unwrap_or_default();
            finish(wire::uploaded_from_answer(
                status,
                &status_text,
                &body,
                &name,
            ));
        })
    };
    let failed = {
        let stall = stall.clone();
        Callback::new(move |_: web_sys::Event| {
            stall.borrow_mut().take();
            finish(Err(ApiError::Network))
        })
    };

    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(sent.as_ref().unchecked_ref()));
    }
    xhr.set_onprogress(Some(receiving.as_ref().unchecked_ref()));
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| ApiError::Network)?;
    Ok(Upload {
        xhr,
        done,
        _callbacks: vec![sent, receiving, loaded, failed],
        _stall: stall,
    })
}

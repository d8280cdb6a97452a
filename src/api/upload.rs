//! Uploads with progress: the browser's `File` goes to `XMLHttpRequest` in a
//! `FormData`, so its bytes never enter wasm memory (fetch cannot report
//! upload progress).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::wire::{self, ApiError};
use crate::model::request::Attachment;

type Done = Box<dyn FnOnce(Result<Attachment, ApiError>)>;

/// An upload in progress. Dropping it after it has finished releases its
/// callbacks; `cancel` aborts it.
pub struct Upload {
    xhr: XmlHttpRequest,
    _callbacks: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Upload {
    /// Stops sending; the completion callback is not called.
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

/// Starts `POST {url}` with `file` as the multipart field `file`.
/// `on_progress` gets the percent sent; `on_done` is called once, with the
/// server's reference or the error, and never after `cancel`.
pub fn start(
    url: &str,
    authorization: &str,
    file: &web_sys::File,
    name: &str,
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
            if let Some(callback) = done.borrow_mut().take() {
                callback(result);
            }
        }
    };

    let progress = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(event) = event.dyn_ref::<ProgressEvent>() {
            if event.length_computable() && event.total() > 0.0 {
                on_progress((event.loaded() / event.total() * 100.0).clamp(0.0, 100.0));
            }
        }
    });
    let loaded = {
        let (xhr, finish, name) = (xhr.clone(), finish.clone(), name.to_owned());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
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
    let failed = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        finish(Err(ApiError::Network))
    });
    let aborted = {
        let done = done.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            done.borrow_mut().take();
        })
    };

    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(failed.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(aborted.as_ref().unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| ApiError::Network)?;
    Ok(Upload {
        xhr,
        _callbacks: vec![progress, loaded, failed, aborted],
    })
}

//! Images for the redaction editor: a decoded image drawn again with its
//! boxes blacked out (`model::redaction::black_out`) and written as a PNG
//! without the original's metadata, and one frame of the current tab. It
//! runs in the app's chunk and calls the browser by name (`browser::js`).

use js_sys::{Object, Promise, Uint8Array};
use wasm_bindgen::JsValue;

use super::js::{call, construct, get, number, set, settled};
use crate::model::png;
use crate::model::redaction::{black_out, Rect};

/// A new element of the page's document.
fn element(tag: &str) -> Result<JsValue, JsValue> {
    let document = web_sys::window().map_or(JsValue::UNDEFINED, |window| get(&window, "document"));
    call(&document, "createElement", &[&tag.into()])
}

/// A canvas of `width` × `height` pixels with `source` drawn on it, and
/// its 2D context.
fn drawn(source: &JsValue, width: f64, height: f64) -> Result<(JsValue, JsValue), JsValue> {
    let canvas = element("canvas")?;
    set(&canvas, "width", &width.into());
    set(&canvas, "height", &height.into());
    let context = call(&canvas, "getContext", &[&"2d".into()])?;
    call(&context, "drawImage", &[source, &0.into(), &0.into()])?;
    Ok((canvas, context))
}

/// The bytes of an `ArrayBuffer`, copied into wasm's memory.
fn bytes_of(buffer: &JsValue) -> Result<Vec<u8>, JsValue> {
    let view: Uint8Array = construct("Uint8Array", &[buffer])?.into();
    Ok(view.to_vec())
}

/// The canvas's pixels as a PNG file named `name`, keeping only the chunks
/// the image needs (whatever the browser's encoder adds is dropped).
async fn png_file(canvas: &JsValue, name: &str) -> Result<web_sys::File, JsValue> {
    let blob = Promise::new(&mut |resolve, _| {
        let _ = call(canvas, "toBlob", &[&resolve, &"image/png".into()]);
    });
    let blob = settled(blob.into()).await?;
    let bytes = settled(call(&blob, "arrayBuffer", &[])?).await?;
    let kept =
        png::without_metadata(&bytes_of(&bytes)?).map_err(|_| JsValue::from_str("not a PNG"))?;
    let parts = js_sys::Array::of1(&Uint8Array::from(kept.as_slice()));
    let options = Object::new();
    set(&options, "type", &"image/png".into());
    Ok(construct("File", &[&parts, &name.into(), &options])?.into())
}

/// The image shown in `image` (an `<img>`, decoded) at its full resolution
/// with every pixel under `boxes` opaque black, as a PNG named `name` that
/// carries none of the original's metadata.
pub async fn redacted_png(
    image: &JsValue,
    boxes: &[Rect],
    name: &str,
) -> Result<web_sys::File, JsValue> {
    let (width, height) = (
        number(image, "naturalWidth"),
        number(image, "naturalHeight"),
    );
    let (canvas, context) = drawn(image, width, height)?;
    let (zero, w, h) = (
        JsValue::from(0),
        JsValue::from(width),
        JsValue::from(height),
    );
    let data = call(&context, "getImageData", &[&zero, &zero, &w, &h])?;
    let mut pixels = bytes_of(&get(&get(&data, "data"), "buffer"))?;
    if !black_out(&mut pixels, width as u32, height as u32, boxes) {
        return Err(JsValue::from_str("the image changed size"));
    }
    let buffer = get(&Uint8Array::from(pixels.as_slice()), "buffer");
    let clamped = construct("Uint8ClampedArray", &[&buffer])?;
    let blacked = construct("ImageData", &[&clamped, &w, &h])?;
    call(&context, "putImageData", &[&blacked, &zero, &zero])?;
    png_file(&canvas, name).await
}

fn media_devices() -> JsValue {
    let navigator =
        web_sys::window().map_or(JsValue::UNDEFINED, |window| get(&window, "navigator"));
    get(&navigator, "mediaDevices")
}

/// Where the browser can share a screen, window or tab.
pub fn can_capture() -> bool {
    get(&media_devices(), "getDisplayMedia").is_function()
}

/// Stops every track of a stream when dropped: the browser's "sharing"
/// indicator goes away whatever happens after the frame is taken.
struct Sharing(JsValue);

impl Drop for Sharing {
    fn drop(&mut self) {
        if let Ok(tracks) = call(&self.0, "getTracks", &[]) {
            for index in 0..number(&tracks, "length") as u32 {
                let _ = call(&get(&tracks, &index.to_string()), "stop", &[]);
            }
        }
    }
}

/// One frame of the tab (the browser asks the person which surface to
/// share, offering this tab first), as a PNG named `name`; `Ok(None)` when
/// the person declined. The stream is stopped as soon as the frame is read.
pub async fn capture_tab(name: &str) -> Result<Option<web_sys::File>, JsValue> {
    let options = Object::new();
    set(&options, "video", &JsValue::TRUE);
    set(&options, "audio", &JsValue::FALSE);
    set(&options, "preferCurrentTab", &JsValue::TRUE);
    set(&options, "selfBrowserSurface", &"include".into());
    let asked = call(&media_devices(), "getDisplayMedia", &[&options])?;
    let stream = match settled(asked).await {
        Ok(stream) => Sharing(stream),
        // Declined, or not allowed here: the form stays as it was.
        Err(_) => return Ok(None),
    };
    let video = element("video")?;
    set(&video, "muted", &JsValue::TRUE);
    set(&video, "srcObject", &stream.0);
    settled(call(&video, "play", &[])?).await?;
    // A frame is there once the video knows its size.
    while number(&video, "videoWidth") == 0.0 {
        let resized = Promise::new(&mut |resolve, _| {
            set(&video, "onresize", &resolve);
        });
        settled(resized.into()).await?;
    }
    let (width, height) = (number(&video, "videoWidth"), number(&video, "videoHeight"));
    let (canvas, _) = drawn(&video, width, height)?;
    drop(stream);
    set(&video, "srcObject", &JsValue::NULL);
    png_file(&canvas, name).await.map(Some)
}

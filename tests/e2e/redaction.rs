//! "Hide parts of the image": a pasted screenshot waits in the editor until
//! Attach, boxes drawn with the pointer or the keyboard are opaque black in
//! the bytes the sandbox stores (and nothing else changed, no metadata
//! kept), Cancel uploads nothing, and *Hide parts…* replaces a picked image.

use std::io::Cursor;

use fantoccini::actions::{
    InputSource, MouseActions, PointerAction, TouchActions, MOUSE_BUTTON_LEFT,
};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{temp_file, Portal};

const WIDTH: u32 = 240;
const HEIGHT: u32 = 120;
/// In the test image's text chunk: must never reach the server.
const SECRET: &str = "token=abc123 Pat Doe";

/// A pixel of the test image: every one differs from its neighbours, none
/// is black.
fn pixel(x: u32, y: u32) -> [u8; 4] {
    [
        (x % 200) as u8 + 30,
        (y % 100) as u8 + 60,
        ((x * 7 + y * 13) % 180) as u8 + 40,
        255,
    ]
}

/// The test image as a PNG with a text chunk holding `SECRET`.
fn test_png() -> Vec<u8> {
    let rgba: Vec<u8> = (0..HEIGHT)
        .flat_map(|y| (0..WIDTH).flat_map(move |x| pixel(x, y)))
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .add_text_chunk("Comment".into(), SECRET.into())
        .unwrap();
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgba).unwrap();
    writer.finish().unwrap();
    out
}

/// The pixels of a PNG as RGBA, with its size.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<[u8; 4]>) {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    let channels = frame.color_type.samples();
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let pixels = buffer[..frame.buffer_size()]
        .chunks(channels)
        .map(|p| match channels {
            4 => [p[0], p[1], p[2], p[3]],
            3 => [p[0], p[1], p[2], 255],
            _ => panic!("unexpected colour type {:?}", frame.color_type),
        })
        .collect();
    (frame.width, frame.height, pixels)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

impl Area {
    fn contains(&self, x: u32, y: u32) -> bool {
        x >= self.x && x < self.x + self.width && y >= self.y && y < self.y + self.height
    }
}

/// The uploaded copy is the image with every pixel of `hidden` opaque black
/// and every other pixel as it was, and none of the original's metadata.
pub fn assert_covered(bytes: &[u8], hidden: Area) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("token=abc123"), "the text chunk was kept");
    assert!(!text.contains("tEXt"), "a text chunk was kept");
    let (width, height, pixels) = decode(bytes);
    assert_eq!((width, height), (WIDTH, HEIGHT), "full resolution");
    let mut black = 0;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let found = pixels[(y * WIDTH + x) as usize];
            if hidden.contains(x, y) {
                assert_eq!(found, [0, 0, 0, 255], "({x}, {y}) is under the box");
                black += 1;
            } else {
                assert_eq!(found, pixel(x, y), "({x}, {y}) is outside the box");
            }
        }
    }
    assert_eq!(black, hidden.width * hidden.height);
}

async fn signed_in() -> Portal {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    portal
}

/// Pastes the test image into Subject, as a screenshot from the clipboard.
pub async fn paste_image(portal: &Portal) {
    paste_image_into(portal, "Subject").await;
}

/// Pastes the test image into the field labelled `label`.
pub async fn paste_image_into(portal: &Portal, label: &str) {
    let subject = portal.field(label).await;
    portal.in_page(&subject, "target.focus();").await;
    let bytes = json!(test_png()).to_string();
    portal
        .dispatch_paste(
            &subject,
            &format!(
                "data.items.add(new File([new Uint8Array({bytes})], 'image.png', {{type: 'image/png'}}));"
            ),
        )
        .await;
}

/// Waits for the editor to be open over the form with its image decoded.
pub async fn editor_open(portal: &Portal) {
    portal
        .wait_until(
            "const dialog = document.querySelector('dialog.srf-review');
             const image = dialog && dialog.querySelector('img');
             return !!(dialog && dialog.open && image.complete && image.naturalWidth > 0
                 && dialog.querySelector('h2').textContent);",
            "the editor open with its image",
        )
        .await;
}

/// Waits for the editor to have gone.
async fn editor_closed(portal: &Portal) {
    portal
        .wait_until(
            "return !document.querySelector('dialog.srf-review');",
            "the editor gone",
        )
        .await;
}

/// Picks the test image, as a file named `name`, with the file picker.
async fn pick_image(portal: &Portal, name: &str) {
    portal
        .pick("Attachments", &[temp_file(name, test_png())])
        .await;
}

/// Signed in, with the test image pasted and the editor open over it.
async fn pasted_into_the_editor() -> Portal {
    let portal = signed_in().await;
    paste_image(&portal).await;
    editor_open(&portal).await;
    portal
}

/// The boxes the editor shows, in image pixels (from their placement in
/// percent of the image).
pub async fn shown_boxes(portal: &Portal) -> Vec<Area> {
    let boxes = portal
        .browser
        .execute(
            "return [...document.querySelectorAll('.srf-review-box')].map(box =>
                 ['left', 'top', 'width', 'height'].map(side => parseFloat(box.style[side])));",
            vec![],
        )
        .await
        .unwrap();
    let to_pixels = |percent: &Value, whole: u32| {
        (percent.as_f64().unwrap() * f64::from(whole) / 100.0).round() as u32
    };
    boxes
        .as_array()
        .unwrap()
        .iter()
        .map(|b| Area {
            x: to_pixels(&b[0], WIDTH),
            y: to_pixels(&b[1], HEIGHT),
            width: to_pixels(&b[2], WIDTH),
            height: to_pixels(&b[3], HEIGHT),
        })
        .collect()
}

/// The WebDriver code of a key.
fn key(key: Key) -> String {
    char::from(key).to_string()
}

/// The pointer's steps of a drag over the shown image from the first point
/// through the second to the third (in image pixels), and how many CSS
/// pixels one image pixel is shown as.
async fn drag_steps(portal: &Portal, points: [(f64, f64); 3]) -> (Vec<PointerAction>, f64) {
    let frame = portal
        .browser
        .execute(
            "const r = document.querySelector('.srf-review-surface').getBoundingClientRect();
             return [r.left, r.top, r.width];",
            vec![],
        )
        .await
        .unwrap();
    let (left, top, shown) = (
        frame[0].as_f64().unwrap(),
        frame[1].as_f64().unwrap(),
        frame[2].as_f64().unwrap(),
    );
    let scale = shown / f64::from(WIDTH);
    let at = |(x, y): (f64, f64)| PointerAction::MoveTo {
        duration: None,
        x: (left + x * scale).round(),
        y: (top + y * scale).round(),
    };
    let [from, via, to] = points;
    let steps = vec![
        at(from),
        PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        },
        at(via),
        at(to),
        PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        },
    ];
    (steps, scale)
}

/// The accessible name of the focused element (its label or text).
async fn focused_name(portal: &Portal) -> String {
    portal
        .browser
        .execute(
            "let active = document.activeElement;
             while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
             return active.getAttribute('aria-label') || (active.labels && active.labels[0] && active.labels[0].textContent) || active.textContent;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Submits the form and returns the bytes and name of its one attachment,
/// as the sandbox stored them.
async fn submitted_attachment(portal: &Portal) -> (String, Vec<u8>) {
    portal
        .wait_for_files("the covered copy uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    portal.fill("Subject", "The screen shows an error").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let received = portal.sandbox.received();
    let attachments = received[0]["fileAttachments"].as_array().unwrap().clone();
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    let name = attachments[0]["realName"].as_str().unwrap().to_owned();
    let bytes = portal
        .download(attachments[0]["refFileName"].as_str().unwrap())
        .await;
    (name, bytes)
}

#[tokio::test]
async fn a_pasted_screenshot_waits_for_attach_and_a_box_drawn_with_the_pointer_is_black_in_the_uploaded_bytes(
) {
    let portal = pasted_into_the_editor().await;
    portal
        .wait_for_text("dialog.srf-review h2", |title| {
            title == "Hide parts of the image"
        })
        .await;
    assert_eq!(
        portal.sandbox.calls("upload"),
        0,
        "nothing leaves the browser before Attach"
    );
    // Drag from (40, 20) to (120, 70) of the image, wherever it is shown.
    let (steps, _) = drag_steps(&portal, [(40.0, 20.0), (80.0, 45.0), (120.0, 70.0)]).await;
    let drag = steps
        .into_iter()
        .fold(MouseActions::new("mouse".into()), |actions, step| {
            actions.then(step)
        });
    portal.browser.perform_actions(drag).await.unwrap();
    let boxes = shown_boxes(&portal).await;
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    let drawn = boxes[0];
    let near = |found: u32, wanted: u32| found.abs_diff(wanted) <= 2;
    assert!(
        near(drawn.x, 40) && near(drawn.y, 20) && near(drawn.width, 80) && near(drawn.height, 50),
        "the box is where the pointer went: {drawn:?}"
    );
    assert_eq!(focused_name(&portal).await, "Black box 1 of 1");
    portal.click("Attach").await;
    let (name, bytes) = submitted_attachment(&portal).await;
    assert!(
        name.starts_with("screenshot-") && name.ends_with(".png"),
        "{name}"
    );
    assert_covered(&bytes, drawn);
    portal.close().await;
}

#[tokio::test]
async fn boxes_are_added_moved_and_resized_with_the_keyboard_alone_in_steps_scaled_to_the_image() {
    let portal = pasted_into_the_editor().await;
    // Focus starts in the dialog; Add box is the first control.
    assert_eq!(focused_name(&portal).await, "Add box");
    portal.press(&key(Key::Enter)).await;
    // A quarter of each side, in the middle: 60 × 30 at (90, 45).
    assert_eq!(
        shown_boxes(&portal).await,
        [Area {
            x: 90,
            y: 45,
            width: 60,
            height: 30
        }]
    );
    assert_eq!(focused_name(&portal).await, "Black box 1 of 1");
    // One step is a hundredth of the longer side: 2.4, so 2 pixels.
    let (right, down, shift) = (key(Key::Right), key(Key::Down), key(Key::Shift));
    portal.press(&right.repeat(3)).await;
    portal.press(&format!("{shift}{down}{down}")).await;
    let hidden = Area {
        x: 96,
        y: 45,
        width: 60,
        height: 34,
    };
    assert_eq!(shown_boxes(&portal).await, [hidden]);
    // Tab leaves the box for the buttons and stays inside the dialog:
    // Add box, Undo, Cancel, Attach, then round to the box again.
    let tab = key(Key::Tab);
    let mut names = Vec::new();
    for _ in 0..5 {
        portal.press(&tab).await;
        names.push(focused_name(&portal).await);
    }
    assert_eq!(
        names,
        ["Add box", "Undo", "Cancel", "Attach", "Black box 1 of 1"]
    );
    // Back to Attach (Shift+Tab goes round the other way) and press it.
    portal.press(&format!("{shift}{tab}")).await;
    assert_eq!(focused_name(&portal).await, "Attach");
    portal.press(&key(Key::Enter)).await;
    let (_, bytes) = submitted_attachment(&portal).await;
    assert_covered(&bytes, hidden);
    portal.close().await;
}

#[tokio::test]
async fn escape_or_cancel_discards_a_pasted_image_uploads_nothing_and_gives_focus_back() {
    let portal = pasted_into_the_editor().await;
    portal.press(&key(Key::Escape)).await;
    editor_closed(&portal).await;
    let focused = focused_name(&portal).await;
    assert!(focused.starts_with("Subject"), "focus is back on {focused}");
    paste_image(&portal).await;
    editor_open(&portal).await;
    portal.click("Cancel").await;
    editor_closed(&portal).await;
    let focused = focused_name(&portal).await;
    assert!(focused.starts_with("Subject"), "focus is back on {focused}");
    assert!(portal.file_rows().await.is_empty());
    assert_eq!(portal.sandbox.calls("upload"), 0);
    portal.close().await;
}

#[tokio::test]
async fn an_image_that_cannot_be_read_says_so_and_cannot_be_attached() {
    let portal = signed_in().await;
    let subject = portal.field("Subject").await;
    portal
        .dispatch_paste(
            &subject,
            "data.items.add(new File([new Uint8Array(3000).fill(7)], 'image.png', {type: 'image/png'}));",
        )
        .await;
    portal
        .wait_for_text(".srf-review .srf-field-error", |text| {
            text == "This image could not be read, so it cannot be attached."
        })
        .await;
    let attach = portal.button("Attach").await;
    assert!(
        attach.attr("disabled").await.unwrap().is_some(),
        "Attach is disabled"
    );
    portal.click("Cancel").await;
    editor_closed(&portal).await;
    assert_eq!(portal.sandbox.calls("upload"), 0);
    portal.close().await;
}

#[tokio::test]
async fn with_review_images_set_a_picked_image_waits_for_attach_too() {
    let portal =
        Portal::open_with_config(r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "attachments": {"reviewImages": true}}"#)
            .await;
    portal.sign_in("demo@example.com", "demo").await;
    pick_image(&portal, "reviewed first.png").await;
    editor_open(&portal).await;
    assert_eq!(portal.sandbox.calls("upload"), 0, "nothing before Attach");
    portal.click("Add box").await;
    let hidden = shown_boxes(&portal).await[0];
    portal.click("Attach").await;
    let (name, bytes) = submitted_attachment(&portal).await;
    assert_eq!(name, "reviewed first.png");
    assert_covered(&bytes, hidden);
    assert_eq!(portal.sandbox.calls("upload"), 1, "only the covered copy");
    portal.close().await;
}

#[tokio::test]
async fn hide_parts_on_a_picked_image_replaces_it_in_the_request_with_the_covered_copy() {
    let portal = signed_in().await;
    pick_image(&portal, "whiteboard photo.png").await;
    portal
        .wait_for_files("the picked image uploaded as it is", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    assert_eq!(portal.sandbox.calls("upload"), 1);
    portal
        .browser
        .find(Locator::Css(
            "button[aria-label='Hide parts of whiteboard photo.png']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    editor_open(&portal).await;
    portal.click("Add box").await;
    let hidden = shown_boxes(&portal).await[0];
    portal.click("Attach").await;
    editor_closed(&portal).await;
    let (name, bytes) = submitted_attachment(&portal).await;
    assert_eq!(name, "whiteboard photo.png");
    assert_covered(&bytes, hidden);
    assert_eq!(portal.sandbox.calls("upload"), 2, "the copy was uploaded");
    portal.close().await;
}

/// Records what the page asks `getDisplayMedia` for and the tracks it gets;
/// `answer` stands in for the browser's own picker when given (a body that
/// returns a promise).
async fn watch_capture(portal: &Portal, answer: Option<&str>) {
    let answer = answer.unwrap_or("original(options)");
    portal
        .browser
        .execute(
            &format!(
                "const devices = navigator.mediaDevices;
                 const original = devices.getDisplayMedia.bind(devices);
                 window.__capture = {{asked: [], tracks: []}};
                 devices.getDisplayMedia = async (options) => {{
                     window.__capture.asked.push(options);
                     const stream = await {answer};
                     window.__capture.tracks.push(...stream.getTracks());
                     return stream;
                 }};"
            ),
            vec![],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn take_a_screenshot_asks_for_this_tab_takes_one_frame_stops_sharing_and_opens_the_editor() {
    let portal = signed_in().await;
    // Chromium grants the capture headless (a fake screen, by its flags);
    // headless Firefox cannot, so there a canvas's live stream stands in
    // for the browser's answer: the form's side is the same either way.
    let stand_in = "(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 320; canvas.height = 200;
        const paint = canvas.getContext('2d');
        setInterval(() => { paint.fillStyle = '#3a6'; paint.fillRect(0, 0, 320, 200); }, 20);
        return Promise.resolve(canvas.captureStream(30));
    })()";
    let answer = match crate::harness::engine() {
        crate::harness::Engine::Chromium => None,
        crate::harness::Engine::Firefox => Some(stand_in),
    };
    watch_capture(&portal, answer).await;
    portal.click("Take a screenshot").await;
    editor_open(&portal).await;
    let capture = portal
        .browser
        .execute(
            "const image = document.querySelector('dialog.srf-review img');
             return {asked: window.__capture.asked,
                     ended: window.__capture.tracks.map(track => track.readyState),
                     size: [image.naturalWidth, image.naturalHeight]};",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(capture["asked"].as_array().unwrap().len(), 1, "{capture}");
    assert_eq!(capture["asked"][0]["preferCurrentTab"], json!(true));
    assert_eq!(capture["asked"][0]["audio"], json!(false));
    let states = capture["ended"].as_array().unwrap();
    assert!(
        !states.is_empty() && states.iter().all(|state| state == "ended"),
        "sharing stopped once the frame was taken: {capture}"
    );
    assert!(capture["size"][0].as_u64().unwrap() > 0, "{capture}");
    assert_eq!(portal.sandbox.calls("upload"), 0, "nothing before Attach");
    portal.click("Attach").await;
    let (name, bytes) = submitted_attachment(&portal).await;
    assert!(
        name.starts_with("screenshot-") && name.ends_with(".png"),
        "{name}"
    );
    assert!(decode(&bytes).0 > 0);
    portal.close().await;
}

#[tokio::test]
async fn declining_the_browsers_picker_leaves_the_form_as_it_was() {
    let portal = signed_in().await;
    portal.fill("Subject", "Printer jams").await;
    watch_capture(
        &portal,
        Some("Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))"),
    )
    .await;
    portal.click("Take a screenshot").await;
    portal
        .wait_until(
            "return window.__capture.asked.length === 1;",
            "the picker asked",
        )
        .await;
    assert!(portal
        .browser
        .find(Locator::Css("dialog.srf-review"))
        .await
        .is_err());
    assert_eq!(portal.value("Subject").await, "Printer jams");
    assert!(portal.file_rows().await.is_empty());
    portal.close().await;
}

#[tokio::test]
async fn without_get_display_media_there_is_no_take_a_screenshot_button() {
    let portal = signed_in().await;
    portal.button("Take a screenshot").await;
    portal
        .browser
        .execute("delete MediaDevices.prototype.getDisplayMedia;", vec![])
        .await
        .unwrap();
    // A new form (after signing out and in again) asks the browser again.
    portal.click("Sign out").await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    let buttons = portal
        .browser
        .execute(
            "return [...document.querySelectorAll('button')].map(b => b.textContent.trim());",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        !buttons
            .as_array()
            .unwrap()
            .contains(&json!("Take a screenshot")),
        "{buttons}"
    );
    portal.close().await;
}

#[tokio::test]
async fn on_a_phone_the_image_fits_the_screen_and_a_finger_draws_a_box() {
    let portal = signed_in().await;
    portal.browser.set_window_size(390, 844).await.unwrap();
    paste_image(&portal).await;
    editor_open(&portal).await;
    // The image and every button are on the screen, without scrolling.
    let fits = portal
        .browser
        .execute(
            "const inside = (element) => { const r = element.getBoundingClientRect();
                 return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; };
             const dialog = document.querySelector('dialog.srf-review');
             return [dialog.querySelector('img'), ...dialog.querySelectorAll('button:not(.srf-review-box)')]
                 .every(inside);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, json!(true), "the editor fits a phone's screen");
    let (steps, scale) = drag_steps(&portal, [(30.0, 30.0), (100.0, 60.0), (180.0, 90.0)]).await;
    let finger = steps
        .into_iter()
        .fold(TouchActions::new("finger".into()), |actions, step| {
            actions.then(step)
        });
    portal.browser.perform_actions(finger).await.unwrap();
    let boxes = shown_boxes(&portal).await;
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    // A CSS pixel is about two image pixels here: the box is where the
    // finger went, give or take one CSS pixel.
    let near = |found: u32, wanted: u32| f64::from(found.abs_diff(wanted)) <= 1.5 / scale + 1.0;
    let drawn = boxes[0];
    assert!(
        near(drawn.x, 30)
            && near(drawn.y, 30)
            && near(drawn.x + drawn.width, 180)
            && near(drawn.y + drawn.height, 90),
        "the box is where the finger went: {drawn:?}"
    );
    portal.click("Attach").await;
    let (_, bytes) = submitted_attachment(&portal).await;
    assert_covered(&bytes, drawn);
    portal.close().await;
}

use super::*;

fn at(x: f64, y: f64) -> Point {
    Point { x, y }
}

fn rect(x: u32, y: u32, width: u32, height: u32) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// An editor over a 200 × 100 image with one box drawn at 20,20–60,50.
fn with_one_box() -> Redactions {
    let mut editor = Redactions::new(200, 100);
    editor.press(at(20.0, 20.0), 4.0);
    editor.drag_to(at(40.0, 30.0));
    editor.release(at(60.0, 50.0));
    assert_eq!(editor.boxes(), [rect(20, 20, 40, 30)]);
    editor
}

#[test]
fn a_drag_on_the_image_draws_a_selected_box_in_any_direction() {
    let editor = with_one_box();
    assert_eq!(editor.selected(), Some(0));
    let mut backwards = Redactions::new(200, 100);
    backwards.press(at(60.5, 50.5), 4.0);
    backwards.release(at(20.2, 20.7));
    assert_eq!(
        backwards.boxes(),
        [rect(20, 20, 41, 31)],
        "every pixel touched is covered"
    );
}

#[test]
fn a_drawn_box_is_clamped_to_the_image() {
    let mut editor = Redactions::new(200, 100);
    editor.press(at(150.0, 80.0), 4.0);
    editor.release(at(400.0, -50.0));
    assert_eq!(editor.boxes(), [rect(150, 0, 50, 80)]);
    editor.press(at(-10.0, -10.0), 4.0);
    editor.release(at(1e9, 1e9));
    assert_eq!(editor.boxes()[1], rect(0, 0, 200, 100));
}

#[test]
fn a_click_draws_nothing_and_leaves_nothing_to_undo() {
    let mut editor = Redactions::new(200, 100);
    editor.press(at(10.0, 10.0), 4.0);
    editor.release(at(11.0, 11.0));
    assert!(editor.boxes().is_empty());
    assert!(!editor.can_undo());
}

#[test]
fn a_box_is_moved_by_dragging_it_and_stays_inside_the_image() {
    let mut editor = with_one_box();
    editor.press(at(30.0, 30.0), 4.0);
    editor.drag_to(at(40.0, 35.0));
    editor.release(at(50.0, 40.0));
    assert_eq!(editor.boxes(), [rect(40, 30, 40, 30)]);
    editor.press(at(50.0, 40.0), 4.0);
    editor.release(at(1000.0, 1000.0));
    assert_eq!(
        editor.boxes(),
        [rect(160, 70, 40, 30)],
        "against the bottom-right corner"
    );
    editor.press(at(170.0, 80.0), 4.0);
    editor.release(at(-1000.0, -1000.0));
    assert_eq!(
        editor.boxes(),
        [rect(0, 0, 40, 30)],
        "against the top-left corner"
    );
}

#[test]
fn a_box_is_resized_from_every_handle() {
    // The box is 20,20–60,50; each handle is dragged 5 right and 5 down.
    let expected = [
        (Handle::NW, rect(25, 25, 35, 25)),
        (Handle::N, rect(20, 25, 40, 25)),
        (Handle::NE, rect(20, 25, 45, 25)),
        (Handle::E, rect(20, 20, 45, 30)),
        (Handle::SE, rect(20, 20, 45, 35)),
        (Handle::S, rect(20, 20, 40, 35)),
        (Handle::SW, rect(25, 20, 35, 35)),
        (Handle::W, rect(25, 20, 35, 30)),
    ];
    for (handle, after) in expected {
        let mut editor = with_one_box();
        let grip = handle.at(editor.boxes()[0]);
        assert_eq!(editor.handle_at(grip, 4.0), Some(handle));
        editor.press(grip, 4.0);
        editor.release(at(grip.x + 5.0, grip.y + 5.0));
        assert_eq!(editor.boxes(), [after], "{handle:?}");
    }
}

#[test]
fn a_resized_box_never_turns_inside_out_nor_leaves_the_image() {
    let mut editor = with_one_box();
    let corner = Handle::SE.at(editor.boxes()[0]);
    editor.press(corner, 4.0);
    editor.release(at(-500.0, -500.0));
    assert_eq!(editor.boxes(), [rect(20, 20, 1, 1)]);
    let corner = Handle::SE.at(editor.boxes()[0]);
    editor.press(corner, 0.5);
    editor.release(at(900.0, 900.0));
    assert_eq!(editor.boxes(), [rect(20, 20, 180, 80)]);
    let corner = Handle::NW.at(editor.boxes()[0]);
    editor.press(corner, 0.5);
    editor.release(at(-900.0, -900.0));
    assert_eq!(editor.boxes(), [rect(0, 0, 200, 100)]);
}

#[test]
fn the_keyboard_adds_moves_resizes_and_deletes_in_steps_scaled_to_the_image() {
    let mut editor = Redactions::new(1000, 600);
    assert_eq!(editor.key_step(), 10, "a hundredth of the longer side");
    let index = editor.add_centered();
    assert_eq!(editor.boxes()[index], rect(375, 225, 250, 150));
    assert!(editor.key(Key::Right, false));
    assert!(editor.key(Key::Down, false));
    assert_eq!(editor.boxes()[index], rect(385, 235, 250, 150));
    assert!(editor.key(Key::Left, true));
    assert!(editor.key(Key::Down, true));
    assert_eq!(editor.boxes()[index], rect(385, 235, 240, 160));
    assert!(editor.key(Key::Delete, false));
    assert!(editor.boxes().is_empty());
    assert_eq!(editor.selected(), None);
    assert!(!editor.key(Key::Right, false), "nothing selected");

    let tiny = Redactions::new(40, 30);
    assert_eq!(tiny.key_step(), 1, "at least a pixel");
}

#[test]
fn keys_stop_at_the_edges_without_an_undo_step() {
    let mut editor = Redactions::new(100, 100);
    editor.add_centered();
    for _ in 0..100 {
        editor.key(Key::Up, false);
    }
    assert_eq!(editor.boxes(), [rect(37, 0, 25, 25)]);
    let steps = editor.history.len();
    assert!(!editor.key(Key::Up, false));
    assert_eq!(editor.history.len(), steps);
}

#[test]
fn a_box_is_selected_by_its_index_and_only_if_it_exists() {
    let mut editor = Redactions::new(100, 100);
    editor.add_centered();
    editor.add_centered();
    editor.select(Some(0));
    assert_eq!(editor.selected(), Some(0));
    editor.select(Some(7));
    assert_eq!(editor.selected(), None, "no such box");
}

#[test]
fn the_keys_of_the_keyboard_are_known_by_their_names() {
    assert_eq!(Key::named("ArrowLeft"), Some(Key::Left));
    assert_eq!(Key::named("ArrowRight"), Some(Key::Right));
    assert_eq!(Key::named("ArrowUp"), Some(Key::Up));
    assert_eq!(Key::named("ArrowDown"), Some(Key::Down));
    assert_eq!(Key::named("Delete"), Some(Key::Delete));
    assert_eq!(Key::named("Backspace"), Some(Key::Delete));
    assert_eq!(
        Key::named("Tab"),
        None,
        "Tab goes to the next box or button"
    );
    assert_eq!(Key::named("a"), None);
}

#[test]
fn undo_goes_back_one_drag_or_key_at_a_time() {
    let mut editor = with_one_box();
    editor.press(at(30.0, 30.0), 4.0);
    for step in 1..20 {
        editor.drag_to(at(30.0 + f64::from(step), 30.0));
    }
    editor.release(at(50.0, 30.0));
    editor.key(Key::Down, false);
    assert_eq!(editor.boxes(), [rect(40, 22, 40, 30)]);
    assert!(editor.undo());
    assert_eq!(editor.boxes(), [rect(40, 20, 40, 30)], "the key");
    assert!(editor.undo());
    assert_eq!(
        editor.boxes(),
        [rect(20, 20, 40, 30)],
        "the whole drag at once"
    );
    assert!(editor.undo());
    assert!(editor.boxes().is_empty(), "the drawing");
    assert!(!editor.undo());
}

#[test]
fn a_cancelled_drag_leaves_the_boxes_as_they_were() {
    let mut editor = with_one_box();
    editor.press(at(30.0, 30.0), 4.0);
    editor.drag_to(at(90.0, 60.0));
    editor.cancel_drag();
    assert_eq!(editor.boxes(), [rect(20, 20, 40, 30)]);
    assert_eq!(editor.history.len(), 1, "only the drawing");
}

#[test]
fn the_pixels_under_a_box_turn_opaque_black_and_no_other_pixel_changes() {
    let (width, height) = (7u32, 5u32);
    let original: Vec<u8> = (0..width * height * 4).map(|i| (i % 251) as u8).collect();
    let mut pixels = original.clone();
    let boxes = [rect(1, 1, 3, 2), rect(5, 3, 9, 9)];
    assert!(black_out(&mut pixels, width, height, &boxes));
    for y in 0..height {
        for x in 0..width {
            let i = ((y * width + x) * 4) as usize;
            let under = (1..4).contains(&x) && (1..3).contains(&y) || x >= 5 && y >= 3;
            if under {
                assert_eq!(pixels[i..i + 4], [0, 0, 0, 255], "{x},{y}");
            } else {
                assert_eq!(pixels[i..i + 4], original[i..i + 4], "{x},{y}");
            }
        }
    }
}

#[test]
fn a_buffer_of_the_wrong_size_is_left_alone() {
    let mut pixels = vec![9u8; 10];
    assert!(!black_out(&mut pixels, 2, 2, &[rect(0, 0, 2, 2)]));
    assert_eq!(pixels, vec![9u8; 10]);
    assert!(!black_out(&mut [], u32::MAX, u32::MAX, &[rect(0, 0, 2, 2)]));
    // No column, so no row is walked (four billion of them here).
    assert!(black_out(&mut [], 0, u32::MAX, &[rect(0, 0, 5, u32::MAX)]));
}

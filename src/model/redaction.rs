//! Hiding parts of an image before it is attached: opaque boxes drawn,
//! moved and resized with a pointer or the keyboard, with Undo, then
//! burnt into the pixels. Everything is in the image's own pixels; the
//! editor converts from the screen. Nothing here can panic on any input.

/// A point in the image's pixels (may lie outside it while dragging).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An opaque box over the image, in whole pixels, inside the image and
/// never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    fn right(self) -> u32 {
        self.x.saturating_add(self.width)
    }

    fn bottom(self) -> u32 {
        self.y.saturating_add(self.height)
    }

    fn contains(self, point: Point) -> bool {
        point.x >= f64::from(self.x)
            && point.x < f64::from(self.right())
            && point.y >= f64::from(self.y)
            && point.y < f64::from(self.bottom())
    }
}

/// Where a box is taken to be resized: a side or a corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    N,
    S,
    E,
    W,
    NE,
    NW,
    SE,
    SW,
}

impl Handle {
    pub const ALL: [Handle; 8] = [
        Handle::NW,
        Handle::N,
        Handle::NE,
        Handle::E,
        Handle::SE,
        Handle::S,
        Handle::SW,
        Handle::W,
    ];

    /// Which edges it moves: (left, top, right, bottom).
    fn edges(self) -> (bool, bool, bool, bool) {
        match self {
            Handle::N => (false, true, false, false),
            Handle::S => (false, false, false, true),
            Handle::E => (false, false, true, false),
            Handle::W => (true, false, false, false),
            Handle::NE => (false, true, true, false),
            Handle::NW => (true, true, false, false),
            Handle::SE => (false, false, true, true),
            Handle::SW => (true, false, false, true),
        }
    }

    /// Its compass point, lower case (`nw`): how the editor's CSS places it.
    pub fn name(self) -> &'static str {
        match self {
            Handle::N => "n",
            Handle::S => "s",
            Handle::E => "e",
            Handle::W => "w",
            Handle::NE => "ne",
            Handle::NW => "nw",
            Handle::SE => "se",
            Handle::SW => "sw",
        }
    }

    /// Where it sits on `rect`, in image pixels.
    pub fn at(self, rect: Rect) -> Point {
        let (left, top, right, bottom) = self.edges();
        let middle = |start: u32, length: u32| f64::from(start) + f64::from(length) / 2.0;
        Point {
            x: match (left, right) {
                (true, _) => f64::from(rect.x),
                (_, true) => f64::from(rect.right()),
                _ => middle(rect.x, rect.width),
            },
            y: match (top, bottom) {
                (true, _) => f64::from(rect.y),
                (_, true) => f64::from(rect.bottom()),
                _ => middle(rect.y, rect.height),
            },
        }
    }
}

/// What a key does to the selected box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Left,
    Right,
    Up,
    Down,
    Delete,
}

impl Key {
    /// The key a `KeyboardEvent.key` names, if it does something to a box.
    pub fn named(name: &str) -> Option<Key> {
        match name {
            "ArrowLeft" => Some(Key::Left),
            "ArrowRight" => Some(Key::Right),
            "ArrowUp" => Some(Key::Up),
            "ArrowDown" => Some(Key::Down),
            "Delete" | "Backspace" => Some(Key::Delete),
            _ => None,
        }
    }
}

/// What a pointer pressed on the image has taken hold of.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Grip {
    /// A new box, from where the pointer went down.
    Draw,
    Move(usize),
    Resize(usize, Handle),
}

#[derive(Clone, Debug, PartialEq)]
struct Drag {
    grip: Grip,
    from: Point,
    /// The boxes when the pointer went down: what each step of the drag
    /// starts from, and what Undo goes back to.
    before: Vec<Rect>,
    selected_before: Option<usize>,
}

/// The boxes over one image, which is selected, and how to undo.
#[derive(Clone, Debug, PartialEq)]
pub struct Redactions {
    width: u32,
    height: u32,
    boxes: Vec<Rect>,
    selected: Option<usize>,
    /// What Undo goes back to, the latest last.
    history: Vec<(Vec<Rect>, Option<usize>)>,
    drag: Option<Drag>,
}

/// A drawn box smaller than this (in image pixels, either side) was a
/// click, not a box.
pub const SMALLEST_DRAWN: f64 = 3.0;

impl Redactions {
    /// No boxes yet over an image of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width: width.max(1),
            height: height.max(1),
            boxes: Vec::new(),
            selected: None,
            history: Vec::new(),
            drag: None,
        }
    }

    /// The image's width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    pub fn boxes(&self) -> &[Rect] {
        &self.boxes
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// How far one arrow key moves or resizes a box: a hundredth of the
    /// image's longer side, so a key does as much on a phone photo as on a
    /// small screenshot.
    pub fn key_step(&self) -> u32 {
        (self.width.max(self.height) / 100).max(1)
    }

    fn remember(&mut self) {
        self.history.push((self.boxes.clone(), self.selected));
    }

    /// `from`–`to` as a box inside the image, if it covers a pixel.
    fn spanning(&self, from: Point, to: Point) -> Option<Rect> {
        let clamp = |value: f64, limit: u32| value.clamp(0.0, f64::from(limit));
        let (left, right) = (
            clamp(from.x.min(to.x), self.width),
            clamp(from.x.max(to.x), self.width),
        );
        let (top, bottom) = (
            clamp(from.y.min(to.y), self.height),
            clamp(from.y.max(to.y), self.height),
        );
        let (x, y) = (left.floor() as u32, top.floor() as u32);
        let (right, bottom) = (right.ceil() as u32, bottom.ceil() as u32);
        (right > x && bottom > y).then_some(Rect {
            x,
            y,
            width: right - x,
            height: bottom - y,
        })
    }

    /// A box in the middle of the image, a quarter of each side, selected
    /// (the keyboard's way to add one).
    pub fn add_centered(&mut self) -> usize {
        self.remember();
        let (width, height) = ((self.width / 4).max(1), (self.height / 4).max(1));
        self.boxes.push(Rect {
            x: (self.width - width) / 2,
            y: (self.height - height) / 2,
            width,
            height,
        });
        let index = self.boxes.len() - 1;
        self.selected = Some(index);
        index
    }

    /// The topmost box under `point`.
    pub fn box_at(&self, point: Point) -> Option<usize> {
        self.boxes.iter().rposition(|rect| rect.contains(point))
    }

    /// The handle of the selected box nearest `point`, if within `reach`
    /// pixels (on a small box the handles overlap).
    pub fn handle_at(&self, point: Point, reach: f64) -> Option<Handle> {
        let rect = *self.boxes.get(self.selected?)?;
        let away = |handle: Handle| {
            let at = handle.at(rect);
            (at.x - point.x).abs().max((at.y - point.y).abs())
        };
        Handle::ALL
            .into_iter()
            .filter(|handle| away(*handle) <= reach)
            .min_by(|a, b| away(*a).total_cmp(&away(*b)))
    }

    /// The pointer went down at `point`: on a handle of the selected box
    /// (within `reach`) it resizes, on a box it selects and moves it,
    /// elsewhere it draws a new one.
    pub fn press(&mut self, point: Point, reach: f64) {
        let grip = match (
            self.handle_at(point, reach),
            self.selected,
            self.box_at(point),
        ) {
            (Some(handle), Some(index), _) => Grip::Resize(index, handle),
            (_, _, Some(index)) => Grip::Move(index),
            _ => Grip::Draw,
        };
        self.drag = Some(Drag {
            grip,
            from: point,
            before: self.boxes.clone(),
            selected_before: self.selected,
        });
        self.selected = match grip {
            Grip::Draw => None,
            Grip::Move(index) | Grip::Resize(index, _) => Some(index),
        };
    }

    /// The pointer moved to `point` while down.
    pub fn drag_to(&mut self, point: Point) {
        let Some(drag) = &self.drag else {
            return;
        };
        // Each step starts from the boxes as they were when the pointer
        // went down, so clamping at an edge never drifts.
        let (dx, dy) = (point.x - drag.from.x, point.y - drag.from.y);
        let mut boxes = drag.before.clone();
        let mut selected = self.selected;
        match drag.grip {
            Grip::Draw => {
                let drawn = self.spanning(drag.from, point).filter(|rect| {
                    f64::from(rect.width) >= SMALLEST_DRAWN
                        && f64::from(rect.height) >= SMALLEST_DRAWN
                });
                selected = drawn.map(|rect| {
                    boxes.push(rect);
                    boxes.len() - 1
                });
            }
            Grip::Move(index) => {
                if let Some(rect) = boxes.get_mut(index) {
                    *rect = self.moved(*rect, dx.round() as i64, dy.round() as i64);
                }
            }
            Grip::Resize(index, handle) => {
                if let Some(rect) = boxes.get_mut(index) {
                    *rect = self.resized(*rect, handle, dx.round() as i64, dy.round() as i64);
                }
            }
        }
        self.boxes = boxes;
        self.selected = selected;
    }

    /// The pointer went up at `point`: the drag becomes one step of Undo,
    /// if it changed anything.
    pub fn release(&mut self, point: Point) {
        self.drag_to(point);
        if let Some(drag) = self.drag.take() {
            if drag.before != self.boxes {
                self.history.push((drag.before, drag.selected_before));
            }
        }
    }

    /// The pointer was lost mid-drag (cancelled): the boxes are as they were.
    pub fn cancel_drag(&mut self) {
        if let Some(drag) = self.drag.take() {
            self.boxes = drag.before;
            self.selected = drag.selected_before;
        }
    }

    /// `rect` moved by `dx`, `dy`, kept inside the image.
    fn moved(&self, rect: Rect, dx: i64, dy: i64) -> Rect {
        let shift = |start: u32, length: u32, by: i64, limit: u32| {
            let room = i64::from(limit) - i64::from(length);
            i64::from(start).saturating_add(by).clamp(0, room.max(0)) as u32
        };
        Rect {
            x: shift(rect.x, rect.width, dx, self.width),
            y: shift(rect.y, rect.height, dy, self.height),
            ..rect
        }
    }

    /// `rect` with the edges `handle` holds moved by `dx`, `dy`, inside the
    /// image and at least a pixel wide and high.
    fn resized(&self, rect: Rect, handle: Handle, dx: i64, dy: i64) -> Rect {
        let (left, top, right, bottom) = handle.edges();
        let (mut x0, mut y0) = (i64::from(rect.x), i64::from(rect.y));
        let (mut x1, mut y1) = (i64::from(rect.right()), i64::from(rect.bottom()));
        // `min` then `max`, not `clamp`: never a panic, whatever the box.
        let within = |value: i64, low: i64, high: i64| value.min(high).max(low);
        if left {
            x0 = within(x0.saturating_add(dx), 0, x1 - 1);
        }
        if right {
            x1 = within(x1.saturating_add(dx), x0 + 1, i64::from(self.width));
        }
        if top {
            y0 = within(y0.saturating_add(dy), 0, y1 - 1);
        }
        if bottom {
            y1 = within(y1.saturating_add(dy), y0 + 1, i64::from(self.height));
        }
        Rect {
            x: x0 as u32,
            y: y0 as u32,
            width: (x1 - x0) as u32,
            height: (y1 - y0) as u32,
        }
    }

    /// A key pressed with a box selected: arrows move it (with `shift`,
    /// resize it from its bottom-right corner), Delete removes it. Whether
    /// the key did something.
    pub fn key(&mut self, key: Key, shift: bool) -> bool {
        let Some(index) = self.selected else {
            return false;
        };
        let Some(&rect) = self.boxes.get(index) else {
            return false;
        };
        if key == Key::Delete {
            self.remember();
            self.boxes.remove(index);
            self.selected = None;
            return true;
        }
        let step = i64::from(self.key_step());
        let (dx, dy) = match key {
            Key::Left => (-step, 0),
            Key::Right => (step, 0),
            Key::Up => (0, -step),
            Key::Down => (0, step),
            Key::Delete => (0, 0),
        };
        let changed = if shift {
            self.resized(rect, Handle::SE, dx, dy)
        } else {
            self.moved(rect, dx, dy)
        };
        if changed == rect {
            return false;
        }
        self.remember();
        if let Some(slot) = self.boxes.get_mut(index) {
            *slot = changed;
        }
        true
    }

    /// Selects box `index` (or none).
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index.filter(|index| *index < self.boxes.len());
    }

    /// Goes back one step; whether there was one.
    pub fn undo(&mut self) -> bool {
        self.drag = None;
        match self.history.pop() {
            Some((boxes, selected)) => {
                self.boxes = boxes;
                self.selected = selected;
                true
            }
            None => false,
        }
    }
}

/// Makes every pixel of `rgba` (`width` × `height`, four bytes a pixel)
/// under any of `boxes` opaque black, and leaves every other pixel as it
/// was. A buffer of another size is left alone (`false`).
pub fn black_out(rgba: &mut [u8], width: u32, height: u32, boxes: &[Rect]) -> bool {
    let (width, height) = (width as usize, height as usize);
    if width
        .checked_mul(height)
        .and_then(|pixels| pixels.checked_mul(4))
        != Some(rgba.len())
    {
        return false;
    }
    for rect in boxes {
        let (x0, x1) = (
            (rect.x as usize).min(width),
            (rect.right() as usize).min(width),
        );
        let (y0, y1) = (
            (rect.y as usize).min(height),
            (rect.bottom() as usize).min(height),
        );
        // A box with no column in the image has no pixel to black out.
        if x0 == x1 {
            continue;
        }
        for y in y0..y1 {
            let row = y * width;
            if let Some(pixels) = rgba.get_mut((row + x0) * 4..(row + x1) * 4) {
                for pixel in pixels.chunks_exact_mut(4) {
                    pixel.copy_from_slice(&[0, 0, 0, 255]);
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests;

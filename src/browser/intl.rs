//! The browser's `Intl` for a language: plural categories, numbers, sizes,
//! dates and times, with none of CLDR's data compiled into the wasm.

use std::cell::OnceCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::{size_in_units, Intl, SizeUnit};

/// `Intl` formatters for one locale, made when first needed.
pub struct JsIntl {
    locales: Array,
    plural: OnceCell<js_sys::Intl::PluralRules>,
    number: OnceCell<js_sys::Function>,
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

impl JsIntl {
    /// Formatters for `tag` (a valid language tag; see
    /// `model::config::is_language_tag`).
    pub fn new(tag: &str) -> Self {
        Self {
            locales: Array::of1(&tag.into()),
            plural: OnceCell::new(),
            number: OnceCell::new(),
        }
    }

    fn format_number(&self, format: &js_sys::Function, number: f64) -> String {
        format
            .call1(&JsValue::NULL, &number.into())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }

    fn format_date(&self, ms: f64, pairs: &[(&str, &str)]) -> String {
        let format = js_sys::Intl::DateTimeFormat::new(&self.locales, &options(pairs)).format();
        format
            .call1(&JsValue::NULL, &js_sys::Date::new(&ms.into()))
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
}

impl Intl for JsIntl {
    fn plural(&self, count: f64) -> String {
        self.plural
            .get_or_init(|| js_sys::Intl::PluralRules::new(&self.locales, &Object::new()))
            .select(count)
            .into()
    }

    fn number(&self, number: f64) -> String {
        let format = self.number.get_or_init(|| {
            js_sys::Intl::NumberFormat::new(&self.locales, &Object::new()).format()
        });
        self.format_number(format, number)
    }

    fn bytes(&self, bytes: u64) -> String {
        let (value, unit) = size_in_units(bytes);
        let unit = match unit {
            SizeUnit::Byte => "byte",
            SizeUnit::Kilobyte => "kilobyte",
            SizeUnit::Megabyte => "megabyte",
            SizeUnit::Gigabyte => "gigabyte",
        };
        let format = js_sys::Intl::NumberFormat::new(
            &self.locales,
            &options(&[
                ("style", "unit"),
                ("unit", unit),
                ("unitDisplay", "short"),
                ("maximumFractionDigits", "1"),
            ]),
        )
        .format();
        self.format_number(&format, value)
    }

    fn date_time(&self, ms: f64) -> String {
        self.format_date(
            ms,
            &[
                ("year", "numeric"),
                ("month", "short"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
                ("timeZoneName", "short"),
            ],
        )
    }

    fn recent(&self, ms: f64) -> String {
        let then = js_sys::Date::new(&ms.into());
        let today = js_sys::Date::new_0();
        let same_day = then.get_full_year() == today.get_full_year()
            && then.get_month() == today.get_month()
            && then.get_date() == today.get_date();
        if same_day {
            self.format_date(ms, &[("hour", "numeric"), ("minute", "2-digit")])
        } else {
            self.date_time(ms)
        }
    }
}

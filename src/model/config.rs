//! `config.json` (and the element's `config` property): what an admin sets
//! without rebuilding. Parsing is strict and hand-written so that every
//! mistake is reported with the path of the key it concerns
//! (`fields.priorityName.default: …`) instead of being ignored.

use serde_json::{Map, Value};

use super::attachments::AttachmentSettings;
use super::conditions::{self, Names, Rules};
use super::context::{ContextSettings, Fact, Target};
use super::fields::{
    AssetRow, ClientReference, CustomType, FieldId, FieldSpec, FieldValue, FormSpec, Kind, Label,
    Standard, Widget,
};
use super::my_requests::REQUESTER_KEY;
use super::prefill;
use super::services::{self, Service};
use super::texts::{app_key, Catalog, CatalogProblem, Entry, Localized};
use super::ticket_url::TicketUrl;

/// Which standard fields are shown before `fields` adjusts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The support portal: what a requester can sensibly fill in.
    Requester,
    /// Every field (for technicians creating tickets for others).
    Technician,
}

impl Preset {
    const CHOICES: [(&'static str, Preset); 2] = [
        ("requester", Preset::Requester),
        ("technician", Preset::Technician),
    ];

    fn shows(self, field: Standard) -> bool {
        match self {
            Preset::Technician => true,
            Preset::Requester => matches!(
                field,
                Standard::Subject
                    | Standard::Description
                    | Standard::RequesterEmail
                    | Standard::CcEmails
                    | Standard::Category
                    | Standard::Impact
                    | Standard::Urgency
                    | Standard::Department
                    | Standard::Location
                    | Standard::Tags
                    | Standard::Attachments
            ),
        }
    }
}

/// How a token given by the host page is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>` (OAuth access tokens).
    #[default]
    Bearer,
    /// `Authorization: Apikey <key>` (keys from the admin screen).
    Apikey,
}

impl AuthScheme {
    const CHOICES: [(&'static str, AuthScheme); 2] = [
        ("bearer", AuthScheme::Bearer),
        ("apikey", AuthScheme::Apikey),
    ];

    /// The `Authorization` header value for `token`.
    pub fn header(self, token: &str) -> String {
        match self {
            AuthScheme::Bearer => format!("Bearer {}", token.trim()),
            AuthScheme::Apikey => format!("Apikey {}", token.trim()),
        }
    }
}

/// The form's configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct FormConfig {
    /// Base URL of the ServiceOps server, without a trailing path. Empty means
    /// the origin the page was loaded from.
    pub server_url: String,
    /// OAuth client id for the password grant.
    pub client_id: String,
    /// OAuth client secret (a public client: the same value the vendor's own
    /// web app ships).
    pub client_secret: String,
    /// The fields, resolved.
    pub spec: FormSpec,
    /// Upload path and limits for attachments.
    pub attachments: AttachmentSettings,
    /// How a host-given token is sent.
    pub auth_scheme: AuthScheme,
    /// Names this form's saved draft (with the server URL), so several
    /// forms keep separate drafts.
    pub form_id: String,
    /// Saved drafts older than this are not offered again.
    pub draft_max_age_days: f64,
    /// An unanswered create call is given up (and retried if safe) after
    /// this many seconds.
    pub request_timeout_seconds: f64,
    /// The language to use; `None`: the browser's (or the element's).
    pub locale: Option<String>,
    /// Light, dark, or as the system says.
    pub theme: Theme,
    /// The deployment's own texts, by language: they win over the catalogs.
    pub messages: Vec<(String, Catalog)>,
    /// Where a ticket opens in the service desk's web app, if configured.
    pub ticket_url: Option<TicketUrl>,
    /// "My recent requests": `None` leaves it to the mode (on with
    /// password sign-in, off with a host token).
    pub my_requests: Option<bool>,
    /// The search property holding the requester's email.
    pub requester_key: String,
    /// The fields a link may fill (`?srf-<name>=…`), by their
    /// configuration names (`prefillFromUrl`).
    pub prefill_from_url: Vec<String>,
    /// What a person can ask for, each with its own form (`services`).
    pub services: Vec<Service>,
}

/// The color scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// As the system says (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    const CHOICES: [(&'static str, Theme); 3] = [
        ("auto", Theme::Auto),
        ("light", Theme::Light),
        ("dark", Theme::Dark),
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::CHOICES
            .iter()
            .find(|(choice, _)| *choice == name)
            .map(|&(_, theme)| theme)
    }

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl Default for FormConfig {
    fn default() -> Self {
        // The empty object is always a valid configuration.
        Self::before_rules(&Value::Object(Map::new()))
            .unwrap_or_else(|_| Self::bare(String::from("groupName")))
    }
}

/// What is wrong with a configuration key (worded by `i18n::wording`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    NotJson {
        line: usize,
        column: usize,
    },
    MustBeObject,
    UnknownKey {
        expected: Vec<String>,
    },
    MustBeString,
    /// A text, or an object of texts by language.
    MustBeText,
    MustBeBoolean,
    MustBeNumber,
    MustBeStrings,
    NoOptions,
    BlankOption(String),
    OptionTwice(String),
    NotAnOption {
        value: String,
        options: Vec<String>,
    },
    MustBeTime,
    NoValueForFiles,
    MustBeAssets,
    AssetNeedsModelAndId,
    OnlyChoicesTakeOptions,
    ServerRequires,
    PresetIsHidden,
    HideOnlyWithPreset,
    NameMissing,
    NameTwice(String),
    NotOneOf {
        value: String,
        allowed: Vec<String>,
    },
    NeedsOptions(String),
    TakesNoOptions(String),
    OnlyNumbersTakeRange,
    MinAboveMax,
    MustBePath,
    /// `ticketUrl` is not an http(s) address or path naming `{id}` or
    /// `{name}`.
    NotATicketUrl,
    MustBeWholeAboveZero,
    MustBeAboveZero,
    MustNotBeEmpty,
    ClientReferenceShape,
    /// `context.into` is neither `"description"` nor `{"customField": …}`.
    ContextTarget,
    /// A text override for a key no catalog has.
    UnknownMessage,
    NotALanguageTag(String),
    MustBeArray,
    /// Not `{"field": NAME, OP: VALUE}`, `all`, `any` or `not`.
    NotACondition,
    /// A condition names a field the form does not show.
    UnknownField {
        name: String,
        known: Vec<String>,
    },
    /// An operator that does not apply to the field's type.
    OperatorDoesNotFit {
        op: String,
        field: String,
    },
    /// A condition compares with a value the field can never have.
    NeverHolds {
        value: String,
        field: String,
        options: Vec<String>,
    },
    /// Conditions that depend on each other in a circle (the names along
    /// it).
    Cycle(Vec<String>),
    /// A field with a preset is never shown: it takes no conditions.
    PresetTakesNoConditions,
    /// Attachments cannot be `locked`.
    CannotBeLocked,
}

/// What is wrong with a configuration: the key's path and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub problem: ConfigProblem,
}

/// Inside the reader a mistake is boxed, so each of its many `?` moves a
/// pointer, not the error (a smaller first screen); it is unboxed where it
/// leaves.
type Parsed<T> = Result<T, Box<ConfigError>>;

impl From<Box<ConfigError>> for ConfigError {
    fn from(error: Box<ConfigError>) -> Self {
        *error
    }
}

fn fail<T>(path: &str, problem: ConfigProblem) -> Parsed<T> {
    Err(Box::new(ConfigError {
        path: path.to_owned(),
        problem,
    }))
}

fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The object at `path`, with every key checked against `allowed`.
fn object<'a>(value: &'a Value, path: &str, allowed: &[&str]) -> Parsed<&'a Map<String, Value>> {
    let Some(map) = value.as_object() else {
        return fail(path, ConfigProblem::MustBeObject);
    };
    if let Some(unknown) = map.keys().find(|key| !allowed.contains(&key.as_str())) {
        return fail(
            &join(path, unknown),
            ConfigProblem::UnknownKey {
                expected: owned(allowed),
            },
        );
    }
    Ok(map)
}

fn string(map: &Map<String, Value>, path: &str, key: &str) -> Parsed<Option<String>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => fail(&join(path, key), ConfigProblem::MustBeString),
    }
}

/// The top-level `key`: one of `choices`, by its name.
fn one_of<T: Copy>(
    map: &Map<String, Value>,
    key: &str,
    choices: &[(&str, T)],
) -> Parsed<Option<T>> {
    let Some(name) = string(map, "", key)? else {
        return Ok(None);
    };
    match choices.iter().find(|(choice, _)| *choice == name) {
        Some(&(_, value)) => Ok(Some(value)),
        None => fail(
            key,
            ConfigProblem::NotOneOf {
                value: name,
                allowed: choices
                    .iter()
                    .map(|(choice, _)| (*choice).to_owned())
                    .collect(),
            },
        ),
    }
}

fn boolean(map: &Map<String, Value>, path: &str, key: &str) -> Parsed<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => fail(&join(path, key), ConfigProblem::MustBeBoolean),
    }
}

fn number(map: &Map<String, Value>, path: &str, key: &str) -> Parsed<Option<f64>> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => match value.as_f64() {
            Some(number) => Ok(Some(number)),
            None => fail(&join(path, key), ConfigProblem::MustBeNumber),
        },
    }
}

fn strings(value: &Value, path: &str) -> Parsed<Vec<String>> {
    let Some(items) = value.as_array() else {
        return fail(path, ConfigProblem::MustBeStrings);
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Ok(text.clone()),
            _ => fail(path, ConfigProblem::MustBeStrings),
        })
        .collect()
}

/// Whether `tag` looks like a language tag (`en`, `de-AT`, `pt-BR`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn texts_by_language(texts: &Map<String, Value>, path: &str) -> Parsed<Localized> {
    let mut by_language = Vec::new();
    for (tag, text) in texts {
        if !is_language_tag(tag) {
            return fail(
                &join(path, tag),
                ConfigProblem::NotALanguageTag(tag.clone()),
            );
        }
        match text {
            Value::String(text) => by_language.push((tag.clone(), text.clone())),
            _ => return fail(&join(path, tag), ConfigProblem::MustBeString),
        }
    }
    Ok(Localized::by_language(by_language))
}

/// A text for every language (`"Floor"`), or texts by language tag
/// (`{"en": "Floor", "de": "Etage"}`).
fn localized(map: &Map<String, Value>, path: &str, key: &str) -> Parsed<Option<Localized>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(Localized::plain(text.clone()))),
        Some(Value::Object(texts)) => texts_by_language(texts, &join(path, key)).map(Some),
        Some(_) => fail(&join(path, key), ConfigProblem::MustBeText),
    }
}

/// A field's options: each a name (sent as it is), or `{"value": …,
/// "label": …}` where the label may differ by language.
type Options = (Vec<String>, Vec<(String, Localized)>);

fn option_list(map: &Map<String, Value>, path: &str) -> Parsed<Option<Options>> {
    let Some(value) = map.get("options") else {
        return Ok(None);
    };
    let path = join(path, "options");
    let Some(items) = value.as_array() else {
        return fail(&path, ConfigProblem::MustBeStrings);
    };
    let mut options = Vec::new();
    let mut labels = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::String(text) => options.push(text.clone()),
            Value::Object(_) => {
                let at = format!("{path}[{index}]");
                let entry = object(item, &at, &["value", "label", "when"])?;
                let Some(value) = string(entry, &at, "value")? else {
                    return fail(&join(&at, "value"), ConfigProblem::MustBeString);
                };
                if let Some(label) = localized(entry, &at, "label")? {
                    labels.push((value.clone(), label));
                }
                options.push(value);
            }
            _ => return fail(&path, ConfigProblem::MustBeStrings),
        }
    }
    if options.is_empty() {
        return fail(&path, ConfigProblem::NoOptions);
    }
    for (index, option) in options.iter().enumerate() {
        let at = format!("{path}[{index}]");
        if option.trim().is_empty() {
            return fail(&at, ConfigProblem::BlankOption(option.clone()));
        }
        if options.iter().take(index).any(|earlier| earlier == option) {
            return fail(&at, ConfigProblem::OptionTwice(option.clone()));
        }
    }
    Ok(Some((options, labels)))
}

/// `5` for 5.0 and `110.1` for 110.1, as a person writes them. Whole
/// numbers take integer formatting, others their shortest form as JSON
/// writes it ([`crate::model::json::number_text`]): `f64`'s own `Display`
/// would add some 25 KB of float formatting to the first screen, which
/// reads configurations, and serde_json's printer 2 KB.
pub fn plain_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        (number as i64).to_string()
    } else if !number.is_finite() {
        String::new()
    } else {
        crate::model::json::number_text(number)
    }
}

/// A configured value (a default or a preset) for a field with `widget`.
pub(crate) fn field_value(widget: &Widget, value: &Value, path: &str) -> Parsed<FieldValue> {
    let parsed = match widget {
        Widget::Text | Widget::LongText | Widget::Email | Widget::Select(_) | Widget::Radio(_) => {
            match value {
                Value::String(text) => FieldValue::Text(text.clone()),
                _ => return fail(path, ConfigProblem::MustBeString),
            }
        }
        Widget::Number { .. } => match value.as_f64() {
            Some(number) => FieldValue::Text(plain_number(number)),
            None => return fail(path, ConfigProblem::MustBeNumber),
        },
        Widget::EmailList | Widget::TagList | Widget::MultiSelect(_) | Widget::CheckboxGroup(_) => {
            FieldValue::List(strings(value, path)?)
        }
        Widget::Checkbox => match value {
            Value::Bool(flag) => FieldValue::Flag(*flag),
            _ => return fail(path, ConfigProblem::MustBeBoolean),
        },
        Widget::DateTime => match value.as_f64() {
            Some(ms) => FieldValue::Instant(Some(ms)),
            None => return fail(path, ConfigProblem::MustBeTime),
        },
        Widget::Assets => FieldValue::Assets(assets(value, path)?),
        Widget::Files => return fail(path, ConfigProblem::NoValueForFiles),
    };
    let options = widget.options();
    if !options.is_empty() {
        let chosen: Vec<&String> = match &parsed {
            FieldValue::Text(text) if !text.is_empty() => vec![text],
            FieldValue::List(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        if let Some(stray) = chosen.into_iter().find(|item| !options.contains(item)) {
            return fail(
                path,
                ConfigProblem::NotAnOption {
                    value: stray.clone(),
                    options: options.to_vec(),
                },
            );
        }
    }
    Ok(parsed)
}

fn assets(value: &Value, path: &str) -> Parsed<Vec<AssetRow>> {
    let Some(items) = value.as_array() else {
        return fail(path, ConfigProblem::MustBeAssets);
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let at = format!("{path}[{index}]");
            let map = object(item, &at, &["assetModel", "assetId"])?;
            let model = string(map, &at, "assetModel")?.unwrap_or_default();
            let id = map.get("assetId").and_then(Value::as_u64);
            match id {
                Some(id) if !model.is_empty() => Ok(AssetRow {
                    model,
                    id: id.to_string(),
                }),
                _ => fail(&at, ConfigProblem::AssetNeedsModelAndId),
            }
        })
        .collect()
}

const FIELD_KEYS: [&str; 10] = [
    "shown",
    "required",
    "label",
    "help",
    "default",
    "preset",
    "options",
    "visibleWhen",
    "requiredWhen",
    "locked",
];

/// A standard field after configuration: shown, preset, or neither.
fn standard_field(
    field: Standard,
    settings: Option<&Value>,
    preset: Preset,
    group_key: &str,
    spec: &mut FormSpec,
) -> Parsed<()> {
    let path = format!("fields.{}", field.config_key());
    let empty = Map::new();
    let map = match settings {
        Some(value) => object(value, &path, &FIELD_KEYS)?,
        None => &empty,
    };
    let (configured_options, option_labels) = match option_list(map, &path)? {
        Some((options, labels)) => (Some(options), labels),
        None => (None, Vec::new()),
    };
    if configured_options.is_some() && field.kind() != Kind::Choice {
        return fail(
            &join(&path, "options"),
            ConfigProblem::OnlyChoicesTakeOptions,
        );
    }
    let options = configured_options.unwrap_or_else(|| {
        field
            .default_options()
            .iter()
            .map(|option| (*option).to_owned())
            .collect()
    });
    let widget = match field.kind() {
        Kind::Text => Widget::Text,
        Kind::LongText => Widget::LongText,
        Kind::Email => Widget::Email,
        Kind::EmailList => Widget::EmailList,
        Kind::TagList => Widget::TagList,
        Kind::Choice if options.is_empty() => Widget::Text,
        Kind::Choice => Widget::Select(options),
        Kind::Flag => Widget::Checkbox,
        Kind::Assets => Widget::Assets,
        Kind::Files => Widget::Files,
    };
    let required = boolean(map, &path, "required")?;
    if field.required_by_server() && required == Some(false) {
        return fail(&join(&path, "required"), ConfigProblem::ServerRequires);
    }
    let default = match map.get("default") {
        Some(value) => field_value(&widget, value, &join(&path, "default"))?,
        None => widget.empty_value(),
    };
    let spec_field = FieldSpec {
        id: FieldId::Standard(field),
        key: if field == Standard::TechnicianGroup {
            group_key.to_owned()
        } else {
            field.config_key().to_owned()
        },
        label: localized(map, &path, "label")?.map_or(Label::Standard(field), Label::Given),
        help: localized(map, &path, "help")?,
        option_labels,
        required: field.required_by_server() || required.unwrap_or(false),
        widget,
        default,
        rules: Rules::default(),
        locked: boolean(map, &path, "locked")?.unwrap_or(false),
    };
    if spec_field.locked && spec_field.widget == Widget::Files {
        return fail(&join(&path, "locked"), ConfigProblem::CannotBeLocked);
    }
    let explicitly_shown = boolean(map, &path, "shown")?;
    if let Some(value) = map.get("preset") {
        let value = field_value(&spec_field.widget, value, &join(&path, "preset"))?;
        // A preset is hidden; a shown list keeps its preset items on top of
        // what the user adds (e.g. every portal ticket tagged "intranet").
        let is_list = matches!(value, FieldValue::List(_));
        match explicitly_shown {
            Some(true) if is_list => spec.fields.push(spec_field.clone()),
            Some(true) => return fail(&join(&path, "shown"), ConfigProblem::PresetIsHidden),
            _ => {}
        }
        spec.presets.push((spec_field, value));
        return Ok(());
    }
    let shown = explicitly_shown.unwrap_or_else(|| preset.shows(field));
    if shown {
        spec.fields.push(spec_field);
    } else if field.required_by_server() {
        return fail(&join(&path, "shown"), ConfigProblem::HideOnlyWithPreset);
    }
    Ok(())
}

const CUSTOM_KEYS: [&str; 13] = [
    "name",
    "type",
    "label",
    "options",
    "required",
    "min",
    "max",
    "help",
    "default",
    "preset",
    "visibleWhen",
    "requiredWhen",
    "locked",
];

fn custom_field(index: usize, value: &Value, spec: &mut FormSpec) -> Parsed<()> {
    let path = format!("customFields[{index}]");
    let map = object(value, &path, &CUSTOM_KEYS)?;
    let name = string(map, &path, "name")?.unwrap_or_default();
    if name.trim().is_empty() {
        return fail(&join(&path, "name"), ConfigProblem::NameMissing);
    }
    let taken = spec
        .fields
        .iter()
        .chain(spec.presets.iter().map(|(field, _)| field));
    if taken
        .filter(|field| matches!(field.id, FieldId::Custom(_)))
        .any(|field| field.key == name)
    {
        return fail(&join(&path, "name"), ConfigProblem::NameTwice(name));
    }
    let type_name = string(map, &path, "type")?.unwrap_or_default();
    let Some(kind) = CustomType::from_name(&type_name) else {
        let names: Vec<&str> = CustomType::ALL.iter().map(|kind| kind.name()).collect();
        return fail(
            &join(&path, "type"),
            ConfigProblem::NotOneOf {
                value: type_name,
                allowed: owned(&names),
            },
        );
    };
    let (options, option_labels) = match option_list(map, &path)? {
        Some((options, labels)) => (Some(options), labels),
        None => (None, Vec::new()),
    };
    let options = match (kind.has_options(), options) {
        (true, Some(options)) => options,
        (true, None) => {
            return fail(
                &join(&path, "options"),
                ConfigProblem::NeedsOptions(type_name),
            )
        }
        (false, Some(_)) => {
            return fail(
                &join(&path, "options"),
                ConfigProblem::TakesNoOptions(type_name),
            )
        }
        (false, None) => Vec::new(),
    };
    let (min, max) = (number(map, &path, "min")?, number(map, &path, "max")?);
    if kind != CustomType::Number && (min.is_some() || max.is_some()) {
        let key = if min.is_some() { "min" } else { "max" };
        return fail(&join(&path, key), ConfigProblem::OnlyNumbersTakeRange);
    }
    if let (Some(low), Some(high)) = (min, max) {
        if low > high {
            return fail(&join(&path, "min"), ConfigProblem::MinAboveMax);
        }
    }
    let widget = match kind {
        CustomType::Text => Widget::Text,
        CustomType::TextArea => Widget::LongText,
        CustomType::Number => Widget::Number { min, max },
        CustomType::Dropdown => Widget::Select(options),
        CustomType::MultiSelect => Widget::MultiSelect(options),
        CustomType::Checkbox => Widget::CheckboxGroup(options),
        CustomType::Radio => Widget::Radio(options),
        CustomType::DateTime => Widget::DateTime,
    };
    let default = match map.get("default") {
        Some(value) => field_value(&widget, value, &join(&path, "default"))?,
        None => widget.empty_value(),
    };
    let field = FieldSpec {
        id: FieldId::Custom(index),
        label: Label::Given(
            localized(map, &path, "label")?.unwrap_or_else(|| Localized::plain(name.clone())),
        ),
        key: name,
        help: localized(map, &path, "help")?,
        option_labels,
        required: boolean(map, &path, "required")?.unwrap_or(false),
        widget,
        default,
        rules: Rules::default(),
        locked: boolean(map, &path, "locked")?.unwrap_or(false),
    };
    match map.get("preset") {
        Some(value) => {
            let value = field_value(&field.widget, value, &join(&path, "preset"))?;
            spec.presets.push((field, value));
        }
        None => spec.fields.push(field),
    }
    Ok(())
}

const ATTACHMENT_KEYS: [&str; 7] = [
    "uploadPath",
    "maxFiles",
    "maxFileBytes",
    "maxTotalBytes",
    "accept",
    "stallSeconds",
    "reviewImages",
];

fn whole_number(map: &Map<String, Value>, path: &str, key: &str) -> Parsed<Option<u64>> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => match value.as_u64() {
            Some(number) if number > 0 => Ok(Some(number)),
            _ => fail(&join(path, key), ConfigProblem::MustBeWholeAboveZero),
        },
    }
}

fn attachment_settings(value: Option<&Value>) -> Parsed<AttachmentSettings> {
    let defaults = AttachmentSettings::default();
    let Some(value) = value else {
        return Ok(defaults);
    };
    let path = "attachments";
    let map = object(value, path, &ATTACHMENT_KEYS)?;
    let upload_path = string(map, path, "uploadPath")?.unwrap_or(defaults.upload_path);
    if !upload_path.starts_with('/') {
        return fail(&join(path, "uploadPath"), ConfigProblem::MustBePath);
    }
    let accept = match map.get("accept") {
        Some(value) => strings(value, &join(path, "accept"))?,
        None => Vec::new(),
    };
    Ok(AttachmentSettings {
        upload_path,
        max_files: whole_number(map, path, "maxFiles")?.map_or(defaults.max_files, |n| n as usize),
        max_file_bytes: whole_number(map, path, "maxFileBytes")?.unwrap_or(defaults.max_file_bytes),
        max_total_bytes: whole_number(map, path, "maxTotalBytes")?
            .unwrap_or(defaults.max_total_bytes),
        accept,
        stall_seconds: positive(map, path, "stallSeconds", defaults.stall_seconds)?,
        review_images: boolean(map, path, "reviewImages")?.unwrap_or_default(),
    })
}

/// A number above 0, or `default` when absent.
fn positive(map: &Map<String, Value>, path: &str, key: &str, default: f64) -> Parsed<f64> {
    match number(map, path, key)? {
        None => Ok(default),
        Some(value) if value > 0.0 => Ok(value),
        Some(_) => fail(&join(path, key), ConfigProblem::MustBeAboveZero),
    }
}

fn client_reference(value: Option<&Value>) -> Parsed<ClientReference> {
    let Some(value) = value else {
        return Ok(ClientReference::Off);
    };
    let path = "clientReference";
    let map = object(value, path, &["tag", "customField"])?;
    match (
        boolean(map, path, "tag")?,
        string(map, path, "customField")?,
    ) {
        (Some(true), None) => Ok(ClientReference::Tag),
        (None | Some(false), Some(name)) if !name.trim().is_empty() => {
            Ok(ClientReference::CustomField(name))
        }
        (None | Some(false), None) => Ok(ClientReference::Off),
        _ => fail(path, ConfigProblem::ClientReferenceShape),
    }
}

/// `messages`: the deployment's own texts, by language, each a key of the
/// catalogs (`"de": {"submit": "Anfrage senden"}`).
fn messages(value: Option<&Value>) -> Parsed<Vec<(String, Catalog)>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let Some(languages) = value.as_object() else {
        return fail("messages", ConfigProblem::MustBeObject);
    };
    let english = Catalog::english();
    let mut found = Vec::new();
    for (tag, texts) in languages {
        let path = join("messages", tag);
        if !is_language_tag(tag) {
            return fail(&path, ConfigProblem::NotALanguageTag(tag.clone()));
        }
        let Some(keys) = texts.as_object() else {
            return fail(&path, ConfigProblem::MustBeObject);
        };
        // A key only the chunks say is checked by the rules' chunk
        // ([`chunk_messages`]), where the list of those keys lives.
        for (key, text) in keys {
            let single = english
                .get(key)
                .is_some_and(|entry| !matches!(entry, Entry::Plural(_)));
            if single && !text.is_string() {
                return fail(&join(&path, key), ConfigProblem::MustBeString);
            }
        }
        let catalog = Catalog::from_value(texts).map_err(|problem| ConfigError {
            path: match problem {
                CatalogProblem::BadEntry(key) | CatalogProblem::NoOtherForm(key) => {
                    join(&path, &key)
                }
                CatalogProblem::NotAnObject | CatalogProblem::NotJson { .. } => path.clone(),
            },
            problem: ConfigProblem::MustBeText,
        })?;
        found.push((tag.clone(), catalog));
    }
    Ok(found)
}

/// The texts of `messages` (language, key, text) for words that are not
/// the first screen's.
fn chunk_message_keys(value: &Value) -> Vec<(&String, &String, &Value)> {
    let english = Catalog::english();
    let mut found = Vec::new();
    for (tag, texts) in value
        .get("messages")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (key, text) in texts.as_object().into_iter().flatten() {
            if english.get(key).is_none() {
                found.push((tag, key, text));
            }
        }
    }
    found
}

/// `messages` for words only the chunks say: each key one of theirs, with
/// a text unless it is plural.
fn chunk_messages(value: &Value) -> Parsed<()> {
    for (tag, key, text) in chunk_message_keys(value) {
        let path = join(&join("messages", tag), key);
        match app_key(key) {
            None => return fail(&path, ConfigProblem::UnknownMessage),
            Some(false) if !text.is_string() => return fail(&path, ConfigProblem::MustBeString),
            Some(_) => {}
        }
    }
    Ok(())
}

/// `myRequests`: `true`, `false`, or `{"requesterKey": "…"}` (on, with
/// the search property holding the requester's email).
fn my_requests(value: Option<&Value>) -> Parsed<(Option<bool>, String)> {
    let default_key = || REQUESTER_KEY.to_owned();
    match value {
        None => Ok((None, default_key())),
        Some(Value::Bool(on)) => Ok((Some(*on), default_key())),
        Some(value @ Value::Object(_)) => {
            let map = object(value, "myRequests", &["requesterKey"])?;
            let key = string(map, "myRequests", "requesterKey")?.unwrap_or_else(default_key);
            if key.trim().is_empty() {
                return fail("myRequests.requesterKey", ConfigProblem::MustNotBeEmpty);
            }
            Ok((Some(true), key))
        }
        Some(_) => fail("myRequests", ConfigProblem::MustBeBoolean),
    }
}

const TOP_KEYS: [&str; 22] = [
    // Where editors find the schema (`config.schema.json`); not read.
    "$schema",
    "locale",
    "ticketUrl",
    "myRequests",
    "theme",
    "messages",
    "attachments",
    "requestTimeoutSeconds",
    "clientReference",
    "authScheme",
    "formId",
    "draftMaxAgeDays",
    "serverUrl",
    "clientId",
    "clientSecret",
    "preset",
    "technicianGroupKey",
    "fields",
    "customFields",
    "prefillFromUrl",
    "context",
    "services",
];

/// `context`: what of the page is sent with each request, and where.
fn context_settings(value: Option<&Value>) -> Parsed<ContextSettings> {
    let Some(value) = value else {
        return Ok(ContextSettings::default());
    };
    let map = object(value, "context", &["include", "into", "keepQuery"])?;
    let mut include = Vec::new();
    if let Some(names) = map.get("include") {
        for (index, name) in strings(names, "context.include")?.iter().enumerate() {
            match Fact::ALL.iter().find(|fact| fact.name() == name) {
                Some(fact) => include.push(*fact),
                None => {
                    return fail(
                        &format!("context.include[{index}]"),
                        ConfigProblem::NotOneOf {
                            value: name.clone(),
                            allowed: Fact::ALL
                                .iter()
                                .map(|fact| fact.name().to_owned())
                                .collect(),
                        },
                    )
                }
            }
        }
    }
    let into = match map.get("into") {
        None => Target::Description,
        Some(Value::String(text)) if text == "description" => Target::Description,
        Some(into @ Value::Object(_)) => {
            let target = object(into, "context.into", &["customField"])?;
            match string(target, "context.into", "customField")? {
                Some(name) if !name.trim().is_empty() => Target::CustomField(name),
                _ => return fail("context.into.customField", ConfigProblem::MustNotBeEmpty),
            }
        }
        Some(_) => return fail("context.into", ConfigProblem::ContextTarget),
    };
    Ok(ContextSettings {
        include,
        into,
        keep_query: boolean(map, "context", "keepQuery")?.unwrap_or(false),
    })
}

/// `prefillFromUrl`: names of fields of the form that a link may fill.
fn check_prefill_names(names: &[String], spec: &FormSpec) -> Parsed<()> {
    let known: Vec<&FieldSpec> = spec
        .fields
        .iter()
        .filter(|field| prefill::by_url(field))
        .collect();
    for (index, name) in names.iter().enumerate() {
        if !known
            .iter()
            .any(|field| conditions::config_name(field) == name)
        {
            return fail(
                &format!("prefillFromUrl[{index}]"),
                ConfigProblem::UnknownField {
                    name: name.clone(),
                    known: known
                        .iter()
                        .map(|field| conditions::config_name(field).to_owned())
                        .collect(),
                },
            );
        }
    }
    Ok(())
}

/// The settings of a field in `config` (`fields.<name>` or
/// `customFields[n]`) with their key path.
fn settings_of(config: &Map<String, Value>, id: FieldId) -> (Option<&Value>, String) {
    match id {
        FieldId::Standard(field) => (
            config
                .get("fields")
                .and_then(|fields| fields.get(field.config_key())),
            format!("fields.{}", field.config_key()),
        ),
        FieldId::Custom(index) => (
            config
                .get("customFields")
                .and_then(|fields| fields.get(index)),
            format!("customFields[{index}]"),
        ),
    }
}

/// The fields' conditions, read once every field is known (a condition
/// may name any field of the form) and attached to `spec`; then the check
/// that no field depends on itself. Every problem, each with its path.
pub fn rules_problems(config: &Map<String, Value>, spec: &mut FormSpec) -> Vec<ConfigError> {
    let mut problems = Vec::new();
    let mut read = Vec::new();
    let names = Names {
        fields: &spec.fields,
    };
    for (index, field) in spec.fields.iter().enumerate() {
        let (settings, path) = settings_of(config, field.id);
        if let Some(settings) = settings.and_then(Value::as_object) {
            match conditions::read_rules(settings, &path, &names) {
                Ok(rules) => read.push((index, rules)),
                Err(error) => problems.push(error),
            }
        }
    }
    for (field, _) in &spec.presets {
        let (settings, path) = settings_of(config, field.id);
        let settings = settings.and_then(Value::as_object);
        if let Some(key) = conditions::FIELD_KEYS
            .into_iter()
            .find(|key| settings.is_some_and(|settings| settings.contains_key(*key)))
        {
            problems.push(ConfigError {
                path: join(&path, key),
                problem: ConfigProblem::PresetTakesNoConditions,
            });
        }
    }
    for (index, rules) in read {
        if let Some(field) = spec.fields.get_mut(index) {
            field.rules = rules;
        }
    }
    if let Some(circle) = conditions::cycle(&spec.fields) {
        let first = circle.first().and_then(|name| {
            spec.fields
                .iter()
                .find(|field| conditions::config_name(field) == name)
        });
        let path = first.map_or_else(String::new, |field| {
            let key = if field.rules.visible_when.is_some() {
                "visibleWhen"
            } else {
                "options"
            };
            join(&settings_of(config, field.id).1, key)
        });
        problems.push(ConfigError {
            path,
            problem: ConfigProblem::Cycle(circle),
        });
    }
    problems
}

impl FormConfig {
    /// Whether "My recent requests" shows under the form: with password
    /// sign-in unless switched off; with a host token only when switched
    /// on (and the host names the user's email).
    pub fn lists_my_requests(&self, with_host_token: bool) -> bool {
        self.my_requests.unwrap_or(!with_host_token)
    }

    /// Reads a configuration; the error names the key that is wrong.
    pub fn parse(json: &str) -> Result<Self, ConfigError> {
        Self::from_value(&Self::json(json)?)
    }

    /// The JSON of a configuration's text.
    pub fn json(text: &str) -> Result<Value, ConfigError> {
        crate::model::json::parse(text).map_err(|at| ConfigError {
            path: String::new(),
            problem: ConfigProblem::NotJson {
                line: at.line,
                column: at.column,
            },
        })
    }

    /// Reads a configuration given as a JSON value (the element's property).
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        Self::before_rules(value)?.with_rules(value)
    }

    /// Whether `value` has rules of the admins' that are read with every
    /// field known (a field's or an option's condition, `prefillFromUrl`),
    /// or other parts the rules' chunk reads: `context`, `services`, texts
    /// of `messages` for words only the chunks say.
    pub fn has_rules(value: &Value) -> bool {
        let standard = value
            .get("fields")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|fields| fields.values());
        let custom = value
            .get("customFields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        let mut settings = standard.chain(custom);
        value.get("prefillFromUrl").is_some()
            || value.get("context").is_some()
            || !chunk_message_keys(value).is_empty()
            || value.get("services").is_some()
            || settings.any(|settings| {
                conditions::FIELD_KEYS
                    .iter()
                    .any(|key| settings.get(key).is_some())
                    || settings
                        .get("options")
                        .and_then(Value::as_array)
                        .is_some_and(|options| {
                            options.iter().any(|option| option.get("when").is_some())
                        })
            })
    }

    /// Reads the rules of `value` (the configuration this one was read
    /// from with [`Self::before_rules`]): the texts of `messages` only the
    /// chunks say, the fields' conditions, the names `prefillFromUrl`
    /// gives, `context` and `services`.
    pub fn with_rules(mut self, value: &Value) -> Result<Self, ConfigError> {
        let Some(map) = value.as_object() else {
            return Ok(self);
        };
        chunk_messages(value)?;
        if let Some(error) = rules_problems(map, &mut self.spec).into_iter().next() {
            return Err(error);
        }
        check_prefill_names(&self.prefill_from_url, &self.spec)?;
        self.spec.context = context_settings(map.get("context"))?;
        if let Some(services) = map.get("services") {
            self.services = services::read(map, services)?;
        }
        Ok(self)
    }

    /// Reads everything but the rules ([`Self::has_rules`]): in the
    /// release bundle the main module reads only this, and the rules' own
    /// chunk the rest ([`Self::with_rules`]), so forms without rules never
    /// load their code.
    pub fn before_rules(value: &Value) -> Result<Self, ConfigError> {
        Ok(Self::read_before_rules(value)?)
    }

    fn read_before_rules(value: &Value) -> Parsed<Self> {
        let map = object(value, "", &TOP_KEYS)?;
        string(map, "", "$schema")?;
        let preset = one_of(map, "preset", &Preset::CHOICES)?.unwrap_or(Preset::Requester);
        let group_key =
            string(map, "", "technicianGroupKey")?.unwrap_or_else(|| "groupName".to_owned());
        if group_key.trim().is_empty() {
            return fail("technicianGroupKey", ConfigProblem::MustNotBeEmpty);
        }
        let empty = Map::new();
        let fields = match map.get("fields") {
            Some(value) => {
                let keys: Vec<&str> = Standard::ALL
                    .iter()
                    .map(|field| field.config_key())
                    .collect();
                object(value, "fields", &keys)?
            }
            None => &empty,
        };
        // Filled in place: a mistake found on the way then drops one value,
        // not whichever fields were read so far (half the reader's code).
        let mut config = Self::bare(group_key.clone());
        config.spec.client_reference = client_reference(map.get("clientReference"))?;
        for field in Standard::ALL {
            standard_field(
                field,
                fields.get(field.config_key()),
                preset,
                &group_key,
                &mut config.spec,
            )?;
        }
        if let Some(custom) = map.get("customFields") {
            let Some(items) = custom.as_array() else {
                return fail("customFields", ConfigProblem::MustBeArray);
            };
            for (index, item) in items.iter().enumerate() {
                custom_field(index, item, &mut config.spec)?;
            }
        }
        (config.my_requests, config.requester_key) = my_requests(map.get("myRequests"))?;
        if let Some(names) = map.get("prefillFromUrl") {
            config.prefill_from_url = strings(names, "prefillFromUrl")?;
        }
        config.server_url = string(map, "", "serverUrl")?.unwrap_or_default();
        config.client_id = string(map, "", "clientId")?.unwrap_or_default();
        config.client_secret = string(map, "", "clientSecret")?.unwrap_or_default();
        config.attachments = attachment_settings(map.get("attachments"))?;
        if let Some(form_id) = string(map, "", "formId")? {
            config.form_id = form_id;
        }
        config.request_timeout_seconds = positive(map, "", "requestTimeoutSeconds", 30.0)?;
        config.draft_max_age_days = positive(map, "", "draftMaxAgeDays", 7.0)?;
        config.locale = match string(map, "", "locale")? {
            Some(tag) if !is_language_tag(&tag) => {
                return fail("locale", ConfigProblem::NotALanguageTag(tag))
            }
            tag => tag,
        };
        config.theme = one_of(map, "theme", &Theme::CHOICES)?.unwrap_or_default();
        config.messages = messages(map.get("messages"))?;
        if let Some(template) = string(map, "", "ticketUrl")? {
            let Some(url) = TicketUrl::parse(&template) else {
                return fail("ticketUrl", ConfigProblem::NotATicketUrl);
            };
            config.ticket_url = Some(url);
        }
        config.auth_scheme = one_of(map, "authScheme", &AuthScheme::CHOICES)?.unwrap_or_default();
        Ok(config)
    }

    /// A configuration with no fields and every setting at its default.
    fn bare(technician_group_key: String) -> Self {
        Self {
            server_url: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            spec: FormSpec {
                fields: Vec::new(),
                presets: Vec::new(),
                technician_group_key,
                client_reference: ClientReference::Off,
                context: ContextSettings::default(),
            },
            attachments: AttachmentSettings::default(),
            auth_scheme: AuthScheme::Bearer,
            form_id: String::from("default"),
            draft_max_age_days: 7.0,
            request_timeout_seconds: 30.0,
            locale: None,
            theme: Theme::Auto,
            messages: Vec::new(),
            ticket_url: None,
            my_requests: None,
            requester_key: REQUESTER_KEY.to_owned(),
            prefill_from_url: Vec::new(),
            services: Vec::new(),
        }
    }

    /// The server's base URL without trailing slashes, or `page_origin` when
    /// none is configured.
    pub fn server_base(&self, page_origin: &str) -> String {
        let configured = self.server_url.trim().trim_end_matches('/');
        if configured.is_empty() {
            page_origin.trim_end_matches('/').to_owned()
        } else {
            configured.to_owned()
        }
    }
}

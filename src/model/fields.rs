//! The fields a request can carry: the seed's standard keys and the
//! deployment's custom fields, resolved from configuration into one list of
//! `FieldSpec`s that the form renders, validates and sends.

use super::conditions::Rules;
use super::context::ContextSettings;
use super::request::Attachment;
use super::texts::Localized;

/// The standard keys of a ServiceOps request, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    Subject,
    Description,
    RequesterEmail,
    CcEmails,
    Category,
    Impact,
    Priority,
    Urgency,
    Department,
    Location,
    Tags,
    SupportLevel,
    Spam,
    AssigneeEmail,
    TechnicianGroup,
    Source,
    Status,
    LinkedAssets,
    Attachments,
}

/// How a standard field is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    LongText,
    Email,
    EmailList,
    TagList,
    /// One name out of a list (free text when the list is empty).
    Choice,
    Flag,
    Assets,
    Files,
}

impl Standard {
    /// Every standard field, in display order.
    pub const ALL: [Standard; 19] = [
        Standard::Subject,
        Standard::Description,
        Standard::RequesterEmail,
        Standard::CcEmails,
        Standard::Category,
        Standard::Impact,
        Standard::Priority,
        Standard::Urgency,
        Standard::Department,
        Standard::Location,
        Standard::Tags,
        Standard::SupportLevel,
        Standard::Spam,
        Standard::AssigneeEmail,
        Standard::TechnicianGroup,
        Standard::Source,
        Standard::Status,
        Standard::LinkedAssets,
        Standard::Attachments,
    ];

    /// The name used in `config.json` (the wire key, except for the
    /// technician group, whose wire key is itself configurable).
    pub fn config_key(self) -> &'static str {
        match self {
            Standard::Subject => "subject",
            Standard::Description => "description",
            Standard::RequesterEmail => "requesterEmail",
            Standard::CcEmails => "ccEmailSet",
            Standard::Category => "categoryName",
            Standard::Impact => "impactName",
            Standard::Priority => "priorityName",
            Standard::Urgency => "urgencyName",
            Standard::Department => "departmentName",
            Standard::Location => "locationName",
            Standard::Tags => "tags",
            Standard::SupportLevel => "supportLevel",
            Standard::Spam => "spam",
            Standard::AssigneeEmail => "assigneeEmail",
            Standard::TechnicianGroup => "technicianGroup",
            Standard::Source => "source",
            Standard::Status => "statusName",
            Standard::LinkedAssets => "linkAssetIds",
            Standard::Attachments => "fileAttachments",
        }
    }

    /// The field with this `config.json` name.
    pub fn from_config_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|field| field.config_key() == key)
    }

    pub fn kind(self) -> Kind {
        match self {
            Standard::Subject => Kind::Text,
            Standard::Description => Kind::LongText,
            Standard::RequesterEmail | Standard::AssigneeEmail => Kind::Email,
            Standard::CcEmails => Kind::EmailList,
            Standard::Tags => Kind::TagList,
            Standard::Spam => Kind::Flag,
            Standard::LinkedAssets => Kind::Assets,
            Standard::Attachments => Kind::Files,
            Standard::Category
            | Standard::Impact
            | Standard::Priority
            | Standard::Urgency
            | Standard::Department
            | Standard::Location
            | Standard::SupportLevel
            | Standard::TechnicianGroup
            | Standard::Source
            | Standard::Status => Kind::Choice,
        }
    }

    /// The seed's values for enumerated fields; real instances rename them,
    /// so configuration can replace every list. Empty means free text.
    pub fn default_options(self) -> &'static [&'static str] {
        const LEVELS: &[&str] = &["Low", "Medium", "High", "Urgent"];
        match self {
            Standard::Priority | Standard::Urgency => LEVELS,
            Standard::Impact => &["Low", "On User", "On department", "On Business"],
            Standard::SupportLevel => &["tier1", "tier2", "tier3", "tier4"],
            Standard::Status => &["Open", "In Progress", "Pending", "Resolved", "Closed"],
            Standard::Source => &["Support Portal", "Technician Portal", "External"],
            _ => &[],
        }
    }

    /// The server refuses a request without these.
    pub fn required_by_server(self) -> bool {
        matches!(self, Standard::Subject | Standard::RequesterEmail)
    }
}

/// The types a custom field can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomType {
    Text,
    TextArea,
    Number,
    Dropdown,
    MultiSelect,
    Checkbox,
    Radio,
    DateTime,
}

impl CustomType {
    pub const ALL: [CustomType; 8] = [
        CustomType::Text,
        CustomType::TextArea,
        CustomType::Number,
        CustomType::Dropdown,
        CustomType::MultiSelect,
        CustomType::Checkbox,
        CustomType::Radio,
        CustomType::DateTime,
    ];

    /// The name used in `config.json`.
    pub fn name(self) -> &'static str {
        match self {
            CustomType::Text => "text",
            CustomType::TextArea => "textarea",
            CustomType::Number => "number",
            CustomType::Dropdown => "dropdown",
            CustomType::MultiSelect => "multiselect",
            CustomType::Checkbox => "checkbox",
            CustomType::Radio => "radio",
            CustomType::DateTime => "datetime",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Types whose values come from an option list.
    pub fn has_options(self) -> bool {
        matches!(
            self,
            CustomType::Dropdown
                | CustomType::MultiSelect
                | CustomType::Checkbox
                | CustomType::Radio
        )
    }
}

/// Which field: a standard one, or the n-th custom field of the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    Standard(Standard),
    Custom(usize),
}

/// One linked asset as typed: the id stays text until it is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssetRow {
    pub model: String,
    pub id: String,
}

/// A field's value as the user left it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value")]
pub enum FieldValue {
    /// Text, emails, single choices, and numbers as typed.
    Text(String),
    /// Emails, tags, multiple choices.
    List(Vec<String>),
    Flag(bool),
    /// Epoch milliseconds, or not set.
    Instant(Option<f64>),
    Assets(Vec<AssetRow>),
    /// Finished uploads.
    Files(Vec<Attachment>),
}

/// The control a field is edited with.
#[derive(Clone, Debug, PartialEq)]
pub enum Widget {
    Text,
    LongText,
    Email,
    EmailList,
    TagList,
    Select(Vec<String>),
    MultiSelect(Vec<String>),
    CheckboxGroup(Vec<String>),
    Radio(Vec<String>),
    Checkbox,
    Number { min: Option<f64>, max: Option<f64> },
    DateTime,
    Assets,
    Files,
}

impl Widget {
    /// The value of a field nobody has touched.
    pub fn empty_value(&self) -> FieldValue {
        match self {
            Widget::EmailList
            | Widget::TagList
            | Widget::MultiSelect(_)
            | Widget::CheckboxGroup(_) => FieldValue::List(Vec::new()),
            Widget::Checkbox => FieldValue::Flag(false),
            Widget::DateTime => FieldValue::Instant(None),
            Widget::Assets => FieldValue::Assets(Vec::new()),
            Widget::Files => FieldValue::Files(Vec::new()),
            _ => FieldValue::Text(String::new()),
        }
    }

    /// The options of a choice widget.
    pub fn options(&self) -> &[String] {
        match self {
            Widget::Select(options)
            | Widget::MultiSelect(options)
            | Widget::CheckboxGroup(options)
            | Widget::Radio(options) => options,
            _ => &[],
        }
    }
}

/// A field's visible name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    /// A standard field's name from the catalogs (`field.subject`).
    Standard(Standard),
    /// The configuration's (a custom field's name, or a relabelling).
    Given(Localized),
    /// A text of the catalogs by its key (the form's own fields, such as
    /// a comment).
    Worded(&'static str),
}

/// One field as the form shows it, after configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    pub id: FieldId,
    /// The JSON key: a standard wire key, or the custom field's name.
    pub key: String,
    pub label: Label,
    pub help: Option<Localized>,
    /// How some options read (the wire value stays the option itself).
    pub option_labels: Vec<(String, Localized)>,
    pub required: bool,
    pub widget: Widget,
    pub default: FieldValue,
    /// When it shows, when it is required, when its options are offered.
    pub rules: Rules,
    /// Shown read-only and sent as it is (`"locked": true`).
    pub locked: bool,
}

impl FieldSpec {
    /// A stable, id-safe name for DOM ids: the config key, or `custom-<n>`.
    pub fn dom_name(&self) -> String {
        match self.id {
            FieldId::Standard(field) => field.config_key().to_owned(),
            FieldId::Custom(index) => format!("custom-{index}"),
        }
    }
}

/// Where a request carries the form's own reference for it, so that after
/// an ambiguous failure the form can look it up before sending again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ClientReference {
    /// Not carried: ambiguous failures are not retried automatically.
    #[default]
    Off,
    /// As one of the ticket's tags.
    Tag,
    /// As the value of this custom field (which must exist on the server).
    CustomField(String),
}

impl ClientReference {
    /// The search (`POST /api/v1/request/search/byqual`) that finds the
    /// ticket carrying `reference`, if the reference is carried at all.
    pub fn search(&self, reference: &str) -> Option<serde_json::Value> {
        let key = match self {
            ClientReference::Off => return None,
            ClientReference::Tag => String::from("request.tags"),
            ClientReference::CustomField(name) => format!("request.customField.{name}"),
        };
        Some(
            serde_json::json!({"qualDetails": {"type": "FlatQualificationRest", "quals": [{
                "type": "RelationalQualificationRest",
                "leftOperand": {"type": "PropertyOperandRest", "key": key},
                "operator": "contains",
                "rightOperand": {"type": "ValueOperandRest", "value": {"type": "StringValueRest", "value": reference}}
            }]}}),
        )
    }
}

/// The form after configuration: the fields shown, in order, and the
/// values always sent without being shown.
#[derive(Clone, Debug, PartialEq)]
pub struct FormSpec {
    pub fields: Vec<FieldSpec>,
    pub presets: Vec<(FieldSpec, FieldValue)>,
    /// The wire key of the technician group (`groupName` unless configured).
    pub technician_group_key: String,
    /// Where the form's reference for each request goes.
    pub client_reference: ClientReference,
    /// What of the page is sent with each request (`context`).
    pub context: ContextSettings,
}

impl FormSpec {
    /// The shown field with this id.
    pub fn field(&self, id: FieldId) -> Option<&FieldSpec> {
        self.fields.iter().find(|field| field.id == id)
    }

    /// The shown field a server message's key refers to: a wire key such as
    /// `priorityName`, or `customField.<name>`.
    pub fn field_for_key(&self, key: &str) -> Option<&FieldSpec> {
        let custom = key.strip_prefix("customField.");
        self.fields.iter().find(|field| match (field.id, custom) {
            (FieldId::Custom(_), Some(name)) => field.key == name,
            (FieldId::Standard(_), None) => field.key == key,
            _ => false,
        })
    }
}

impl FormSpec {
    /// The shown field a server message is about: ServiceOps-style messages
    /// (and the sandbox's) start with the key, as in `priorityName: …`.
    pub fn field_for_message(&self, message: &str) -> Option<FieldId> {
        let (key, _) = message.split_once(": ")?;
        self.field_for_key(key.trim()).map(|field| field.id)
    }
}

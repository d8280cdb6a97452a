//! Admins' rules as data: when a field is shown (`visibleWhen`) or
//! required (`requiredWhen`), and when an option is offered (`when`).
//! Reading them from the configuration checks every name, operator and
//! value with its key path, and refuses cycles; evaluating them is plain
//! code over the form's values, the same for every painter.
//!
//! A hidden field counts as empty for every condition that looks at it,
//! so a field shown only when a hidden field has a value is hidden too.

use serde_json::{Map, Value};

use super::config::{ConfigError, ConfigProblem};
use super::draft::parse_number;
use super::fields::{FieldId, FieldSpec, FieldValue, Widget};

/// A condition on the form's values.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// `{"field": NAME, OP: VALUE}`.
    Test {
        field: FieldId,
        test: Test,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// What a field's value is tested for.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    Equals(Scalar),
    NotEquals(Scalar),
    In(Vec<Scalar>),
    NotIn(Vec<Scalar>),
    /// A list holds the item; a text holds the words (ignoring the case
    /// of A to Z).
    Contains(String),
    GreaterThan(f64),
    LessThan(f64),
    Empty(bool),
}

/// A value a field is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Text(String),
    Number(f64),
    Flag(bool),
}

/// The operators, as the configuration names them.
pub const OPERATORS: [&str; 8] = [
    "equals",
    "notEquals",
    "in",
    "notIn",
    "contains",
    "greaterThan",
    "lessThan",
    "empty",
];

/// Whether a value counts as empty (`None`: a hidden field).
pub fn is_empty(value: Option<&FieldValue>) -> bool {
    match value {
        None => true,
        Some(FieldValue::Text(text)) => text.trim().is_empty(),
        Some(FieldValue::List(items)) => items.iter().all(|item| item.trim().is_empty()),
        Some(FieldValue::Flag(on)) => !on,
        Some(FieldValue::Instant(at)) => at.is_none(),
        Some(FieldValue::Assets(rows)) => rows
            .iter()
            .all(|row| row.model.trim().is_empty() && row.id.trim().is_empty()),
        Some(FieldValue::Files(files)) => files.is_empty(),
    }
}

fn number_of(value: Option<&FieldValue>) -> Option<f64> {
    match value? {
        FieldValue::Text(text) => parse_number(text),
        FieldValue::Instant(at) => *at,
        _ => None,
    }
}

fn equals(value: Option<&FieldValue>, scalar: &Scalar) -> bool {
    match (value, scalar) {
        (Some(FieldValue::Flag(on)), Scalar::Flag(wanted)) => on == wanted,
        (None, Scalar::Flag(wanted)) => !wanted,
        (value, Scalar::Number(wanted)) => number_of(value) == Some(*wanted),
        (Some(FieldValue::Text(text)), Scalar::Text(wanted)) => text.trim() == wanted,
        _ => false,
    }
}

impl Test {
    fn holds(&self, value: Option<&FieldValue>) -> bool {
        match self {
            Test::Equals(scalar) => equals(value, scalar),
            Test::NotEquals(scalar) => !equals(value, scalar),
            Test::In(scalars) => scalars.iter().any(|scalar| equals(value, scalar)),
            Test::NotIn(scalars) => !scalars.iter().any(|scalar| equals(value, scalar)),
            Test::Contains(wanted) => match value {
                Some(FieldValue::List(items)) => items.iter().any(|item| item == wanted),
                // Letters A to Z in either case; Unicode's case tables
                // (and a substring searcher) would weigh more on the first
                // screen than the rest of the conditions.
                Some(FieldValue::Text(text)) => {
                    let wanted = wanted.as_bytes();
                    wanted.is_empty()
                        || text
                            .as_bytes()
                            .windows(wanted.len())
                            .any(|window| window.eq_ignore_ascii_case(wanted))
                }
                _ => false,
            },
            Test::GreaterThan(limit) => number_of(value).is_some_and(|number| number > *limit),
            Test::LessThan(limit) => number_of(value).is_some_and(|number| number < *limit),
            Test::Empty(wanted) => is_empty(value) == *wanted,
        }
    }
}

impl Cond {
    /// Whether the condition holds; `seen` gives a field's value as the
    /// conditions see it (`None` while it is hidden).
    pub fn holds<'a>(&self, seen: &dyn Fn(FieldId) -> Option<&'a FieldValue>) -> bool {
        match self {
            Cond::Test { field, test } => test.holds(seen(*field)),
            Cond::All(all) => all.iter().all(|cond| cond.holds(seen)),
            Cond::Any(any) => any.iter().any(|cond| cond.holds(seen)),
            Cond::Not(cond) => !cond.holds(seen),
        }
    }

    /// The fields the condition looks at.
    pub fn fields(&self, out: &mut Vec<FieldId>) {
        match self {
            Cond::Test { field, .. } => out.push(*field),
            Cond::All(conds) | Cond::Any(conds) => conds.iter().for_each(|cond| cond.fields(out)),
            Cond::Not(cond) => cond.fields(out),
        }
    }
}

/// A field's rules: all `None`/empty for a field without any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    pub visible_when: Option<Cond>,
    pub required_when: Option<Cond>,
    /// Options offered only while their condition holds.
    pub option_when: Vec<(String, Cond)>,
}

/// The form as its conditions make it, for the values it was made from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tailored {
    hidden: Vec<FieldId>,
    required: Vec<FieldId>,
    /// Choice fields with conditional options: the options offered now.
    offered: Vec<(FieldId, Vec<String>)>,
}

impl Tailored {
    pub fn shows(&self, field: FieldId) -> bool {
        !self.hidden.contains(&field)
    }

    /// Whether the field must be filled in (`required`, or `requiredWhen`
    /// holds), while it is shown.
    pub fn requires(&self, field: FieldId) -> bool {
        self.shows(field) && self.required.contains(&field)
    }

    /// Whether `option` of `field` is offered now.
    pub fn offers(&self, field: FieldId, option: &str) -> bool {
        match self.offered.iter().find(|(id, _)| *id == field) {
            Some((_, options)) => options.iter().any(|offered| offered == option),
            None => true,
        }
    }
}

/// Works out which fields show, which are required and which options are
/// offered, for the values `value` gives.
pub fn evaluate<'a>(
    fields: &[FieldSpec],
    value: &dyn Fn(FieldId) -> Option<&'a FieldValue>,
) -> Tailored {
    // 0: not worked out yet, 1: being worked out, 2: shown, 3: hidden.
    let states = std::cell::RefCell::new(vec![0u8; fields.len()]);
    fn shown<'a>(
        fields: &[FieldSpec],
        index: usize,
        states: &std::cell::RefCell<Vec<u8>>,
        value: &dyn Fn(FieldId) -> Option<&'a FieldValue>,
    ) -> bool {
        match states.borrow().get(index).copied() {
            Some(2) => return true,
            // A cycle (the parser refuses them) or no such field: hidden.
            Some(1) | Some(3) | None => return false,
            _ => {}
        }
        if let Some(state) = states.borrow_mut().get_mut(index) {
            *state = 1;
        }
        let field = fields.get(index);
        let visible = match field.and_then(|field| field.rules.visible_when.as_ref()) {
            None => field.is_some(),
            Some(cond) => cond.holds(&|id| seen(fields, id, states, value)),
        };
        if let Some(state) = states.borrow_mut().get_mut(index) {
            *state = if visible { 2 } else { 3 };
        }
        visible
    }
    fn seen<'a>(
        fields: &[FieldSpec],
        id: FieldId,
        states: &std::cell::RefCell<Vec<u8>>,
        value: &dyn Fn(FieldId) -> Option<&'a FieldValue>,
    ) -> Option<&'a FieldValue> {
        let index = fields.iter().position(|field| field.id == id)?;
        shown(fields, index, states, value)
            .then(|| value(id))
            .flatten()
    }
    let mut tailored = Tailored::default();
    for (index, field) in fields.iter().enumerate() {
        if !shown(fields, index, &states, value) {
            tailored.hidden.push(field.id);
            continue;
        }
        let see = |id| seen(fields, id, &states, value);
        let required_when = field.rules.required_when.as_ref();
        if field.required || required_when.is_some_and(|cond| cond.holds(&see)) {
            tailored.required.push(field.id);
        }
        if !field.rules.option_when.is_empty() {
            let offered = field
                .widget
                .options()
                .iter()
                .filter(|option| {
                    let when = field
                        .rules
                        .option_when
                        .iter()
                        .find(|(name, _)| name == *option);
                    when.is_none_or(|(_, cond)| cond.holds(&see))
                })
                .cloned()
                .collect();
            tailored.offered.push((field.id, offered));
        }
    }
    tailored
}

/// `value` without the options `field` no longer offers (`None`: nothing
/// to take away).
pub fn without_withdrawn(
    field: &FieldSpec,
    value: &FieldValue,
    tailored: &Tailored,
) -> Option<FieldValue> {
    if field.rules.option_when.is_empty() {
        return None;
    }
    match value {
        FieldValue::Text(text) if !text.is_empty() && !tailored.offers(field.id, text) => {
            Some(FieldValue::Text(String::new()))
        }
        FieldValue::List(items) if items.iter().any(|item| !tailored.offers(field.id, item)) => {
            let kept = items.iter().filter(|item| tailored.offers(field.id, item));
            Some(FieldValue::List(kept.cloned().collect()))
        }
        _ => None,
    }
}

/// Names fields for the configuration: a standard field's `config.json`
/// name or a custom field's `name`.
pub struct Names<'a> {
    pub fields: &'a [FieldSpec],
}

impl Names<'_> {
    fn find(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|field| config_name(field) == name)
    }

    fn all(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|field| config_name(field).to_owned())
            .collect()
    }
}

/// How the configuration names a field.
pub fn config_name(field: &FieldSpec) -> &str {
    match field.id {
        FieldId::Standard(standard) => standard.config_key(),
        FieldId::Custom(_) => &field.key,
    }
}

fn fail<T>(path: &str, problem: ConfigProblem) -> Result<T, ConfigError> {
    Err(ConfigError {
        path: path.to_owned(),
        problem,
    })
}

/// Which operators fit a widget.
fn fits(widget: &Widget, op: &str) -> bool {
    let list = matches!(
        widget,
        Widget::EmailList | Widget::TagList | Widget::MultiSelect(_) | Widget::CheckboxGroup(_)
    );
    let text = matches!(widget, Widget::Text | Widget::LongText | Widget::Email);
    let single = text
        || matches!(
            widget,
            Widget::Select(_) | Widget::Radio(_) | Widget::Number { .. } | Widget::Checkbox
        );
    match op {
        "equals" | "notEquals" | "in" | "notIn" => single,
        "contains" => list || text,
        "greaterThan" | "lessThan" => matches!(widget, Widget::Number { .. } | Widget::DateTime),
        _ => true,
    }
}

/// A value to compare `field` with, checked against its type and options.
fn scalar(field: &FieldSpec, value: &Value, path: &str) -> Result<Scalar, ConfigError> {
    let scalar = match (&field.widget, value) {
        (Widget::Checkbox, Value::Bool(flag)) => Scalar::Flag(*flag),
        (Widget::Checkbox, _) => return fail(path, ConfigProblem::MustBeBoolean),
        (Widget::Number { .. } | Widget::DateTime, value) => match value.as_f64() {
            Some(number) => Scalar::Number(number),
            None => return fail(path, ConfigProblem::MustBeNumber),
        },
        (_, Value::String(text)) => Scalar::Text(text.clone()),
        _ => return fail(path, ConfigProblem::MustBeString),
    };
    let options = field.widget.options();
    if let Scalar::Text(text) = &scalar {
        if !options.is_empty() && !options.contains(text) {
            return fail(
                path,
                ConfigProblem::NeverHolds {
                    value: text.clone(),
                    field: config_name(field).to_owned(),
                    options: options.to_vec(),
                },
            );
        }
    }
    Ok(scalar)
}

/// Reads `COND` at `path`.
pub fn parse(value: &Value, path: &str, names: &Names) -> Result<Cond, ConfigError> {
    let Some(map) = value.as_object() else {
        return fail(path, ConfigProblem::NotACondition);
    };
    let join = |key: &str| format!("{path}.{key}");
    let only = |key: &str| -> Result<(), ConfigError> {
        match map.keys().find(|other| *other != key) {
            Some(other) => fail(&join(other), ConfigProblem::NotACondition),
            None => Ok(()),
        }
    };
    if let Some(list) = map.get("all").or_else(|| map.get("any")) {
        let key = if map.contains_key("all") {
            "all"
        } else {
            "any"
        };
        only(key)?;
        let Some(items) = list.as_array().filter(|items| !items.is_empty()) else {
            return fail(&join(key), ConfigProblem::NotACondition);
        };
        let conds = items
            .iter()
            .enumerate()
            .map(|(index, item)| parse(item, &format!("{path}.{key}[{index}]"), names))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(if key == "all" {
            Cond::All(conds)
        } else {
            Cond::Any(conds)
        });
    }
    if let Some(inner) = map.get("not") {
        only("not")?;
        return Ok(Cond::Not(Box::new(parse(inner, &join("not"), names)?)));
    }
    let Some(Value::String(name)) = map.get("field") else {
        return fail(path, ConfigProblem::NotACondition);
    };
    let Some(field) = names.find(name) else {
        return fail(
            &join("field"),
            ConfigProblem::UnknownField {
                name: name.clone(),
                known: names.all(),
            },
        );
    };
    let ops: Vec<&String> = map.keys().filter(|key| *key != "field").collect();
    let [op] = ops.as_slice() else {
        return fail(path, ConfigProblem::NotACondition);
    };
    let at = join(op);
    if !OPERATORS.contains(&op.as_str()) {
        return fail(
            &at,
            ConfigProblem::UnknownKey {
                expected: OPERATORS.iter().map(|op| (*op).to_owned()).collect(),
            },
        );
    }
    if !fits(&field.widget, op) {
        return fail(
            &at,
            ConfigProblem::OperatorDoesNotFit {
                op: (*op).clone(),
                field: name.clone(),
            },
        );
    }
    let value = map.get(op.as_str()).unwrap_or(&Value::Null);
    let list = |value: &Value| -> Result<Vec<Scalar>, ConfigError> {
        let Some(items) = value.as_array().filter(|items| !items.is_empty()) else {
            return fail(&at, ConfigProblem::MustBeArray);
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| scalar(field, item, &format!("{at}[{index}]")))
            .collect()
    };
    let limit = |value: &Value| {
        value.as_f64().ok_or_else(|| ConfigError {
            path: at.clone(),
            problem: ConfigProblem::MustBeNumber,
        })
    };
    let test = match op.as_str() {
        "equals" => Test::Equals(scalar(field, value, &at)?),
        "notEquals" => Test::NotEquals(scalar(field, value, &at)?),
        "in" => Test::In(list(value)?),
        "notIn" => Test::NotIn(list(value)?),
        "contains" => match value {
            Value::String(text) => {
                let options = field.widget.options();
                if !options.is_empty() && !options.contains(text) {
                    return fail(
                        &at,
                        ConfigProblem::NeverHolds {
                            value: text.clone(),
                            field: name.clone(),
                            options: options.to_vec(),
                        },
                    );
                }
                Test::Contains(text.clone())
            }
            _ => return fail(&at, ConfigProblem::MustBeString),
        },
        "greaterThan" => Test::GreaterThan(limit(value)?),
        "lessThan" => Test::LessThan(limit(value)?),
        _ => match value {
            Value::Bool(wanted) => Test::Empty(*wanted),
            _ => return fail(&at, ConfigProblem::MustBeBoolean),
        },
    };
    Ok(Cond::Test {
        field: field.id,
        test,
    })
}

/// The first cycle among what decides whether fields show and which
/// options they offer (`visibleWhen` and options' `when`), as the names
/// along it (the first name again at the end).
pub fn cycle(fields: &[FieldSpec]) -> Option<Vec<String>> {
    let edges = |field: &FieldSpec| {
        let mut out = Vec::new();
        let rules = &field.rules;
        rules
            .visible_when
            .iter()
            .for_each(|cond| cond.fields(&mut out));
        rules
            .option_when
            .iter()
            .for_each(|(_, cond)| cond.fields(&mut out));
        out
    };
    // Depth-first, with the path walked so far.
    fn walk(
        fields: &[FieldSpec],
        at: FieldId,
        path: &mut Vec<FieldId>,
        done: &mut Vec<FieldId>,
        edges: &dyn Fn(&FieldSpec) -> Vec<FieldId>,
    ) -> Option<Vec<FieldId>> {
        if let Some(start) = path.iter().position(|id| *id == at) {
            let mut found: Vec<FieldId> = path.get(start..).unwrap_or_default().to_vec();
            found.push(at);
            return Some(found);
        }
        if done.contains(&at) {
            return None;
        }
        let field = fields.iter().find(|field| field.id == at)?;
        path.push(at);
        for next in edges(field) {
            if let Some(found) = walk(fields, next, path, done, edges) {
                return Some(found);
            }
        }
        path.pop();
        done.push(at);
        None
    }
    let mut done = Vec::new();
    for field in fields {
        if let Some(found) = walk(fields, field.id, &mut Vec::new(), &mut done, &edges) {
            let name = |id: FieldId| {
                fields
                    .iter()
                    .find(|field| field.id == id)
                    .map_or_else(String::new, |field| config_name(field).to_owned())
            };
            return Some(found.into_iter().map(name).collect());
        }
    }
    None
}

/// The keys of a field's settings that hold conditions.
pub const FIELD_KEYS: [&str; 2] = ["visibleWhen", "requiredWhen"];

/// Reads the conditions of one field's settings (`map` at `path`) into
/// `rules`, naming fields through `names`.
pub fn read_rules(
    map: &Map<String, Value>,
    path: &str,
    names: &Names,
) -> Result<Rules, ConfigError> {
    let mut rules = Rules::default();
    for key in FIELD_KEYS {
        if let Some(value) = map.get(key) {
            let cond = parse(value, &format!("{path}.{key}"), names)?;
            if key == "visibleWhen" {
                rules.visible_when = Some(cond);
            } else {
                rules.required_when = Some(cond);
            }
        }
    }
    if let Some(Value::Array(options)) = map.get("options") {
        for (index, option) in options.iter().enumerate() {
            let (Some(when), Some(Value::String(value))) =
                (option.get("when"), option.get("value"))
            else {
                continue;
            };
            let cond = parse(when, &format!("{path}.options[{index}].when"), names)?;
            rules.option_when.push((value.clone(), cond));
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests;

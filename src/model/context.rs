//! The context of the page a request comes from (`config.context` and the
//! host's `context` property): what is sent with the request, as lines the
//! person sees before sending, exactly as they are sent. A page's address
//! loses its query and fragment (where tokens live) unless the admin keeps
//! them.

/// A fact about the page the admin can have sent (`context.include`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    PageUrl,
    UserAgent,
    Language,
    TimeZone,
    Viewport,
}

impl Fact {
    pub const ALL: [Fact; 5] = [
        Fact::PageUrl,
        Fact::UserAgent,
        Fact::Language,
        Fact::TimeZone,
        Fact::Viewport,
    ];

    /// Its name in the configuration, and in the catalogs (`context.…`).
    pub fn name(self) -> &'static str {
        match self {
            Fact::PageUrl => "pageUrl",
            Fact::UserAgent => "userAgent",
            Fact::Language => "language",
            Fact::TimeZone => "timeZone",
            Fact::Viewport => "viewport",
        }
    }
}

/// Where the context goes in the request.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Target {
    /// After the description, below a blank line.
    #[default]
    Description,
    /// The whole text in this custom field.
    CustomField(String),
}

/// `config.context`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextSettings {
    pub include: Vec<Fact>,
    pub into: Target,
    /// Keep the page address's query and fragment.
    pub keep_query: bool,
}

/// What the browser says about the page, for the facts the admin chose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageFacts {
    pub page_url: String,
    pub user_agent: String,
    pub language: String,
    pub time_zone: String,
    pub viewport: String,
}

/// One line sent: a fact (worded by the form's catalog) or the host's own
/// label, and its value.
#[derive(Clone, Debug, PartialEq)]
pub enum Label {
    Fact(Fact),
    Host(String),
}

/// `url` without its query and fragment (unless `keep`).
pub fn scrub_url(url: &str, keep: bool) -> String {
    if keep {
        return url.to_owned();
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url.get(..end).unwrap_or(url).to_owned()
}

/// The lines sent with a request: the facts the admin chose, then the
/// host's pairs (empty values left out).
pub fn lines(
    settings: &ContextSettings,
    facts: &PageFacts,
    host: &[(String, String)],
) -> Vec<(Label, String)> {
    let mut lines = Vec::new();
    for fact in &settings.include {
        let value = match fact {
            Fact::PageUrl => scrub_url(&facts.page_url, settings.keep_query),
            Fact::UserAgent => facts.user_agent.clone(),
            Fact::Language => facts.language.clone(),
            Fact::TimeZone => facts.time_zone.clone(),
            Fact::Viewport => facts.viewport.clone(),
        };
        if !value.trim().is_empty() && !lines.iter().any(|(label, _)| *label == Label::Fact(*fact))
        {
            lines.push((Label::Fact(*fact), value));
        }
    }
    for (name, value) in host {
        if !name.trim().is_empty() && !value.trim().is_empty() {
            lines.push((Label::Host(name.trim().to_owned()), value.trim().to_owned()));
        }
    }
    lines
}

/// The text sent: a title, then `label: value` per line (labels worded by
/// `word`); `None` without lines.
pub fn text(
    title: &str,
    lines: &[(Label, String)],
    word: impl Fn(Fact) -> String,
) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let mut text = format!("{title}:");
    for (label, value) in lines {
        let label = match label {
            Label::Fact(fact) => word(*fact),
            Label::Host(name) => name.clone(),
        };
        text.push_str(&format!("\n{label}: {value}"));
    }
    Some(text)
}

/// The host's `context` property: its string, number and boolean values by
/// label (in the order of the labels); anything else left out.
pub fn host_pairs(value: &serde_json::Value) -> Vec<(String, String)> {
    let Some(map) = value.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Bool(flag) => flag.to_string(),
                _ => return None,
            };
            Some((name.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests;

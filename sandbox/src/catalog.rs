//! What exists on the simulated instance: API clients, users, and the names
//! a request may refer to. The demo values are the seed's.

/// A user who can sign in and be a requester.
#[derive(Clone, Debug)]
pub struct User {
    pub email: String,
    pub name: String,
    pub password: String,
    pub technician: bool,
}

/// A custom field defined on the instance.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomField {
    pub name: String,
    /// text, textarea, number, dropdown, multiselect, checkbox, radio, datetime
    pub kind: String,
    pub options: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The instance's names and accounts.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// `(client id, client secret)` pairs allowed to use the token grant.
    pub clients: Vec<(String, String)>,
    pub users: Vec<User>,
    pub priorities: Vec<String>,
    pub urgencies: Vec<String>,
    pub impacts: Vec<String>,
    pub statuses: Vec<String>,
    pub support_levels: Vec<String>,
    pub categories: Vec<String>,
    pub departments: Vec<String>,
    pub locations: Vec<String>,
    pub groups: Vec<String>,
    pub custom_fields: Vec<CustomField>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

fn user(email: &str, name: &str, password: &str, technician: bool) -> User {
    User {
        email: email.to_owned(),
        name: name.to_owned(),
        password: password.to_owned(),
        technician,
    }
}

fn custom(name: &str, kind: &str, options: &[&str]) -> CustomField {
    CustomField {
        name: name.to_owned(),
        kind: kind.to_owned(),
        options: names(options),
        min: None,
        max: None,
    }
}

impl Catalog {
    /// The demo instance: the seed's values and a few accounts.
    pub fn demo() -> Self {
        Self {
            clients: vec![("support-portal".to_owned(), "portal-secret".to_owned())],
            users: vec![
                user("demo@example.com", "Demo Requester", "demo", false),
                user("a@b.com", "utsav", "utsav", false),
                user("pat@example.com", "Pat Colleague", "pat", false),
                user("tech@example.com", "Terry Technician", "tech", true),
            ],
            priorities: names(&["Low", "Medium", "High", "Urgent"]),
            urgencies: names(&["Low", "Medium", "High", "Urgent"]),
            impacts: names(&["Low", "On User", "On department", "On Business"]),
            statuses: names(&["Open", "In Progress", "Pending", "Resolved", "Closed"]),
            support_levels: names(&["tier1", "tier2", "tier3", "tier4"]),
            categories: names(&[
                "Request", "Incident", "Hardware", "Software", "Network", "Access",
            ]),
            departments: names(&["IT", "Finance", "HR", "Sales", "Operations"]),
            locations: names(&["Head Office", "Berlin", "Pune", "Remote"]),
            groups: names(&["Service Desk", "Network Team", "Hardware Team"]),
            custom_fields: vec![
                custom("New Dropdown", "dropdown", &["1", "2", "3"]),
                custom("New Number", "number", &[]),
                custom("New Text Area", "textarea", &[]),
                custom("New Text Input", "text", &[]),
                custom("Asset tag", "text", &[]),
                custom("Steps to reproduce", "textarea", &[]),
                CustomField {
                    min: Some(0.0),
                    max: Some(40.0),
                    ..custom("Floor", "number", &[])
                },
                custom(
                    "Operating system",
                    "dropdown",
                    &["Windows", "macOS", "Linux"],
                ),
                custom(
                    "Affected apps",
                    "multiselect",
                    &["Email", "VPN", "CRM", "Intranet"],
                ),
                custom("Contact by", "checkbox", &["Email", "Phone", "Chat"]),
                custom("Business impact", "radio", &["Low", "Medium", "High"]),
                custom("Needed by", "datetime", &[]),
                custom("Client reference", "text", &[]),
                // The tailored example's (examples/config-tailored.json).
                custom(
                    "Subcategory",
                    "dropdown",
                    &["Laptop", "Printer", "Mail", "VPN"],
                ),
                custom(
                    "Item",
                    "dropdown",
                    &["Battery", "Screen", "Toner", "Something else"],
                ),
                custom("Impact details", "textarea", &[]),
                custom("Portal", "text", &[]),
                // Where a deployment may send the page's context.
                custom("Context", "textarea", &[]),
            ],
        }
    }

    /// The user with this email (case-insensitive, as email is).
    /// Whether `email` is a technician's (who may see every ticket).
    pub fn is_technician(&self, email: &str) -> bool {
        self.user(email).is_some_and(|user| user.technician)
    }

    pub fn user(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|user| user.email.eq_ignore_ascii_case(email.trim()))
    }

    /// True for a known client with the right secret.
    pub fn client_ok(&self, id: &str, secret: &str) -> bool {
        self.clients
            .iter()
            .any(|(known, known_secret)| known == id && known_secret == secret)
    }
}

/// Reading a catalog file: the demo catalog with the lists the file gives
/// replaced, so a test or a demo can mirror a real instance's names.
pub mod file {
    use serde::Deserialize;

    use super::{Catalog, CustomField, User};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct UserEntry {
        email: String,
        name: String,
        password: String,
        #[serde(default)]
        technician: bool,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CustomEntry {
        name: String,
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        options: Vec<String>,
        min: Option<f64>,
        max: Option<f64>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct CatalogFile {
        clients: Option<Vec<(String, String)>>,
        users: Option<Vec<UserEntry>>,
        priorities: Option<Vec<String>>,
        urgencies: Option<Vec<String>>,
        impacts: Option<Vec<String>>,
        statuses: Option<Vec<String>>,
        support_levels: Option<Vec<String>>,
        categories: Option<Vec<String>>,
        departments: Option<Vec<String>>,
        locations: Option<Vec<String>>,
        groups: Option<Vec<String>>,
        custom_fields: Option<Vec<CustomEntry>>,
    }

    /// The demo catalog with the lists in `json` replacing its own.
    pub fn parse(json: &str) -> Result<Catalog, String> {
        let file: CatalogFile = serde_json::from_str(json).map_err(|error| error.to_string())?;
        let mut catalog = Catalog::demo();
        let lists = [
            (file.priorities, &mut catalog.priorities),
            (file.urgencies, &mut catalog.urgencies),
            (file.impacts, &mut catalog.impacts),
            (file.statuses, &mut catalog.statuses),
            (file.support_levels, &mut catalog.support_levels),
            (file.categories, &mut catalog.categories),
            (file.departments, &mut catalog.departments),
            (file.locations, &mut catalog.locations),
            (file.groups, &mut catalog.groups),
        ];
        for (given, slot) in lists {
            if let Some(list) = given {
                *slot = list;
            }
        }
        if let Some(clients) = file.clients {
            catalog.clients = clients;
        }
        if let Some(users) = file.users {
            catalog.users = users
                .into_iter()
                .map(|user| User {
                    email: user.email,
                    name: user.name,
                    password: user.password,
                    technician: user.technician,
                })
                .collect();
        }
        if let Some(fields) = file.custom_fields {
            catalog.custom_fields = fields
                .into_iter()
                .map(|field| CustomField {
                    name: field.name,
                    kind: field.kind,
                    options: field.options,
                    min: field.min,
                    max: field.max,
                })
                .collect();
        }
        Ok(catalog)
    }
}

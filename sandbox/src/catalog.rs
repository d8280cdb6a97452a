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
        }
    }

    /// The user with this email (case-insensitive, as email is).
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

//! SQLite storage: tokens, tickets, their conversations and uploads.
//! Tickets and conversations are kept as the JSON the server answered, so
//! a read returns exactly what was stored.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

/// A storage failure (bad file, full disk, corrupt data).
#[derive(Debug)]
pub struct StoreError(String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    pub fn from_io(error: &std::io::Error) -> Self {
        Self(error.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self(error.to_string())
    }
}

/// Epoch milliseconds now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, email TEXT NOT NULL, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, received TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS uploads (
  reference TEXT PRIMARY KEY, real_name TEXT NOT NULL, owner TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, request_id INTEGER NOT NULL, body TEXT NOT NULL,
  received TEXT NOT NULL);
";

/// Columns added after the first release: added to older data files.
const ADDED_COLUMNS: [(&str, &str); 2] = [
    // Who created the ticket (a requester may name someone else).
    ("tickets", "creator TEXT NOT NULL DEFAULT ''"),
    // A ticket or a conversation that references the file.
    ("uploads", "used_by TEXT"),
];

fn parse(text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError(error.to_string()))
}

/// Notes that `user` (a ticket or conversation) references the files in
/// `fields`' `fileAttachments`.
fn mark_used(
    transaction: &rusqlite::Transaction<'_>,
    fields: &Map<String, Value>,
    user: &str,
) -> Result<(), StoreError> {
    let references = fields
        .get("fileAttachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|file| file.get("refFileName").and_then(Value::as_str));
    for reference in references {
        transaction.execute(
            "UPDATE uploads SET used_by = ?1 WHERE reference = ?2 AND used_by IS NULL",
            params![user, reference],
        )?;
    }
    Ok(())
}

/// A time as the API formats it in conversations (UTC): `Nov 29, 2026 04:12 PM`.
pub fn formatted_time(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = ms.div_euclid(1000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let (hour, minute) = (of_day / 3600, of_day % 3600 / 60);
    let (hour12, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    let name = MONTHS
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    format!("{name} {day:02}, {year} {hour12:02}:{minute:02} {half}")
}

/// The sandbox's data.
pub struct Store {
    connection: Mutex<Connection>,
}

impl Store {
    /// Opens (or creates) a data file.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::with(Connection::open(path)?)
    }

    /// Data that lives as long as the process.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::with(Connection::open_in_memory()?)
    }

    fn with(connection: Connection) -> Result<Self, StoreError> {
        connection.execute_batch(SCHEMA)?;
        for (table, column) in ADDED_COLUMNS {
            let name = column.split(' ').next().unwrap_or_default();
            let present: i64 = connection.query_row(
                &format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = ?1"),
                params![name],
                |row| row.get(0),
            )?;
            if present == 0 {
                connection.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column}"))?;
            }
        }
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (each statement is atomic), so a poisoned lock is still usable.
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Demo data on first start: ticket numbers begin at INC-1001 while ids
    /// begin at 1, so nothing can confuse the two.
    pub fn seed(&self) -> Result<(), StoreError> {
        self.lock().execute(
            "INSERT OR IGNORE INTO counters (name, value) VALUES ('ticket_number', 1000)",
            [],
        )?;
        Ok(())
    }

    /// Remembers a granted token.
    pub fn add_token(
        &self,
        token: &str,
        email: &str,
        client_id: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.lock().execute(
            "INSERT INTO tokens (token, email, client_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![token, email, client_id, expires_at],
        )?;
        Ok(())
    }

    /// The user a token belongs to and when it expires.
    pub fn token(&self, token: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT email, expires_at FROM tokens WHERE token = ?1",
                params![token],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// Stores a new ticket that `creator` sent: gives it an id, a number
    /// and times, marks its files used, and returns it as it is stored.
    pub fn create_ticket(
        &self,
        received: &[u8],
        mut fields: Map<String, Value>,
        creator: &str,
    ) -> Result<Value, StoreError> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        let number: i64 = transaction.query_row(
            "UPDATE counters SET value = value + 1 WHERE name = 'ticket_number' RETURNING value",
            [],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT INTO tickets (body, received, creator) VALUES ('{}', ?1, ?2)",
            params![String::from_utf8_lossy(received), creator],
        )?;
        let id = transaction.last_insert_rowid();
        mark_used(&transaction, &fields, &format!("request {id}"))?;
        let now = now_ms();
        fields.insert("id".into(), Value::from(id));
        fields.insert("name".into(), Value::from(format!("INC-{number}")));
        fields.insert("createdTime".into(), Value::from(now));
        fields.insert("updatedTime".into(), Value::from(now));
        let ticket = Value::Object(fields);
        transaction.execute(
            "UPDATE tickets SET body = ?1 WHERE id = ?2",
            params![ticket.to_string(), id],
        )?;
        transaction.commit()?;
        Ok(ticket)
    }

    /// A stored ticket by id, with who created it.
    pub fn ticket(&self, id: i64) -> Result<Option<(Value, String)>, StoreError> {
        let row: Option<(String, String)> = self
            .lock()
            .query_row(
                "SELECT body, creator FROM tickets WHERE id = ?1",
                params![id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        row.map(|(text, creator)| Ok((parse(&text)?, creator)))
            .transpose()
    }

    /// Makes `email` the requester and creator of ticket `id` (as if a
    /// technician had moved it to them).
    pub fn reassign(&self, id: i64, email: &str) -> Result<(), StoreError> {
        let Some((mut ticket, _)) = self.ticket(id)? else {
            return Ok(());
        };
        if let Some(fields) = ticket.as_object_mut() {
            fields.insert("requesterEmail".into(), Value::from(email));
        }
        self.lock().execute(
            "UPDATE tickets SET body = ?1, creator = ?2 WHERE id = ?3",
            params![ticket.to_string(), email, id],
        )?;
        Ok(())
    }

    /// Every ticket with who created it, oldest first.
    pub fn tickets_with_creators(&self) -> Result<Vec<(Value, String)>, StoreError> {
        let connection = self.lock();
        let mut statement = connection.prepare("SELECT body, creator FROM tickets ORDER BY id")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(text, creator)| Ok((parse(&text)?, creator)))
            .collect()
    }

    /// Stores a conversation on ticket `request_id`: gives it an id and a
    /// time, marks its files used, and returns it as it is stored.
    pub fn add_conversation(
        &self,
        request_id: i64,
        received: &[u8],
        mut fields: Map<String, Value>,
    ) -> Result<Value, StoreError> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO conversations (request_id, body, received) VALUES (?1, '{}', ?2)",
            params![request_id, String::from_utf8_lossy(received)],
        )?;
        let id = transaction.last_insert_rowid();
        mark_used(&transaction, &fields, &format!("conversation {id}"))?;
        fields.insert("id".into(), Value::from(id));
        fields.insert("requestId".into(), Value::from(request_id));
        fields.insert("createdTime".into(), Value::from(formatted_time(now_ms())));
        let conversation = Value::Object(fields);
        transaction.execute(
            "UPDATE conversations SET body = ?1 WHERE id = ?2",
            params![conversation.to_string(), id],
        )?;
        transaction.commit()?;
        Ok(conversation)
    }

    /// The conversations of a ticket (`received`: the bodies as they
    /// arrived, else as stored), oldest first.
    pub fn conversations(&self, request_id: i64, received: bool) -> Result<Vec<Value>, StoreError> {
        let column = if received { "received" } else { "body" };
        let connection = self.lock();
        let mut statement = connection.prepare(&format!(
            "SELECT {column} FROM conversations WHERE request_id = ?1 ORDER BY id"
        ))?;
        let texts = statement
            .query_map(params![request_id], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        texts.iter().map(|text| parse(text)).collect()
    }

    /// Remembers an uploaded file.
    pub fn add_upload(
        &self,
        reference: &str,
        real_name: &str,
        owner: &str,
        size: u64,
    ) -> Result<(), StoreError> {
        self.lock().execute(
            "INSERT INTO uploads (reference, real_name, owner, size) VALUES (?1, ?2, ?3, ?4)",
            params![reference, real_name, owner, size as i64],
        )?;
        Ok(())
    }

    /// What already references an uploaded file, if anything.
    pub fn upload_used_by(&self, reference: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT used_by FROM uploads WHERE reference = ?1",
                params![reference],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The original name of an uploaded file, if this server issued it.
    pub fn upload(&self, reference: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT real_name FROM uploads WHERE reference = ?1",
                params![reference],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// One JSON column of every ticket, oldest first (unreadable: null).
    fn json_column(&self, column: &str) -> Result<Vec<Value>, StoreError> {
        let connection = self.lock();
        let mut statement =
            connection.prepare(&format!("SELECT {column} FROM tickets ORDER BY id"))?;
        let texts = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(texts
            .iter()
            .map(|text| serde_json::from_str(text).unwrap_or(Value::Null))
            .collect())
    }

    /// The create bodies behind the stored tickets, oldest first.
    pub fn received(&self) -> Result<Vec<Value>, StoreError> {
        self.json_column("received")
    }

    /// Every stored ticket, oldest first.
    pub fn tickets(&self) -> Result<Vec<Value>, StoreError> {
        self.json_column("body")
    }

    /// How many tickets exist.
    pub fn ticket_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .lock()
            .query_row("SELECT COUNT(*) FROM tickets", [], |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::formatted_time;

    #[test]
    fn conversation_times_are_formatted_like_the_api() {
        assert_eq!(formatted_time(0), "Jan 01, 1970 12:00 AM");
        assert_eq!(formatted_time(1_756_304_677_751), "Aug 27, 2025 02:24 PM");
        assert_eq!(formatted_time(1_709_210_096_000), "Feb 29, 2024 12:34 PM");
    }
}

//! SQLite storage: tokens and tickets. Tickets are kept as the JSON the
//! server answered, so a read returns exactly what was stored.

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
";

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

    /// Stores a new ticket: gives it an id, a number and times, and returns
    /// it as it is stored.
    pub fn create_ticket(
        &self,
        received: &[u8],
        mut fields: Map<String, Value>,
    ) -> Result<Value, StoreError> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        let number: i64 = transaction.query_row(
            "UPDATE counters SET value = value + 1 WHERE name = 'ticket_number' RETURNING value",
            [],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT INTO tickets (body, received) VALUES ('{}', ?1)",
            params![String::from_utf8_lossy(received)],
        )?;
        let id = transaction.last_insert_rowid();
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

    /// A stored ticket by id.
    pub fn ticket(&self, id: i64) -> Result<Option<Value>, StoreError> {
        let body: Option<String> = self
            .lock()
            .query_row(
                "SELECT body FROM tickets WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?;
        body.map(|text| serde_json::from_str(&text).map_err(|error| StoreError(error.to_string())))
            .transpose()
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

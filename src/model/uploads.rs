//! The upload queue as a state machine with no I/O: which files are being
//! sent, which wait to be sent again, which are done or failed. The browser
//! side (`ui::uploads`) starts and aborts the XHRs and runs the timers each
//! [`UploadCommand`] asks for, and reports back progress and answers.

use super::attachments::{AttachmentSettings, Candidate, Rejection};
use super::request::Attachment;
use super::retry::Policy;
use crate::api::wire::ApiError;

/// Where one file's upload stands.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadStatus {
    /// Sending; percent of the bytes the browser has sent.
    Uploading(f64),
    Done(Attachment),
    Failed(ApiError),
    /// Failed for a reason that may pass; sent again shortly by itself.
    Retrying(ApiError),
    /// The server refused the token; the upload restarts after sign-in.
    WaitingForSignIn,
}

/// One file in the list under the drop zone.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadEntry {
    pub key: u32,
    pub name: String,
    pub size: u64,
    pub status: UploadStatus,
    /// An object URL for image previews.
    pub thumbnail: Option<String>,
    /// Attempts so far, for automatic retries.
    attempts: u32,
}

/// What the browser side is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadCommand {
    /// Send this file (again).
    Start(u32),
    /// Stop sending this file; no answer is expected any more.
    Abort(u32),
    /// Call [`UploadQueue::due`] with this key after this many milliseconds.
    RetryIn(u32, f64),
    /// The file left the list: drop its browser `File` and free its preview.
    Forget { key: u32, thumbnail: Option<String> },
}

/// The form's files.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadQueue {
    entries: Vec<UploadEntry>,
    next_key: u32,
    policy: Policy,
}

impl Default for UploadQueue {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            next_key: 1,
            policy: Policy::default(),
        }
    }
}

impl UploadQueue {
    pub fn entries(&self) -> &[UploadEntry] {
        &self.entries
    }

    /// Files still being sent (or waiting to be sent again).
    pub fn in_flight(&self) -> bool {
        self.entries.iter().any(|entry| {
            matches!(
                entry.status,
                UploadStatus::Uploading(_)
                    | UploadStatus::Retrying(_)
                    | UploadStatus::WaitingForSignIn
            )
        })
    }

    /// The first file whose upload failed for good.
    pub fn first_failed(&self) -> Option<&UploadEntry> {
        self.entries
            .iter()
            .find(|entry| matches!(entry.status, UploadStatus::Failed(_)))
    }

    /// The finished files, in the order they were added: what the request
    /// references.
    pub fn attachments(&self) -> Vec<Attachment> {
        self.entries
            .iter()
            .filter_map(|entry| match &entry.status {
                UploadStatus::Done(attachment) => Some(attachment.clone()),
                _ => None,
            })
            .collect()
    }

    fn entry(&mut self, key: u32) -> Option<&mut UploadEntry> {
        self.entries.iter_mut().find(|entry| entry.key == key)
    }

    fn push(&mut self, name: String, size: u64, status: UploadStatus) -> u32 {
        let key = self.next_key;
        self.next_key += 1;
        self.entries.push(UploadEntry {
            key,
            name,
            size,
            status,
            thumbnail: None,
            attempts: 0,
        });
        key
    }

    /// Checks `file` against the limits next to the files already listed;
    /// when it passes, lists it and starts sending it.
    pub fn add(
        &mut self,
        settings: &AttachmentSettings,
        file: Candidate,
    ) -> Result<(u32, UploadCommand), Rejection> {
        let total = self.entries.iter().map(|entry| entry.size).sum();
        settings.check(self.entries.len(), total, &file)?;
        let key = self.push(file.name, file.size, UploadStatus::Uploading(0.0));
        Ok((key, UploadCommand::Start(key)))
    }

    /// Lists files uploaded before (a restored draft's references) as done.
    pub fn adopt(&mut self, files: &[Attachment]) {
        for attachment in files {
            self.push(
                attachment.real_name.clone(),
                0,
                UploadStatus::Done(attachment.clone()),
            );
        }
    }

    pub fn set_thumbnail(&mut self, key: u32, url: String) {
        if let Some(entry) = self.entry(key) {
            entry.thumbnail = Some(url);
        }
    }

    /// The browser has sent `percent` of the file.
    pub fn progress(&mut self, key: u32, percent: f64) {
        if let Some(entry) = self.entry(key) {
            if matches!(entry.status, UploadStatus::Uploading(_)) {
                entry.status = UploadStatus::Uploading(percent.clamp(0.0, 100.0));
            }
        }
    }

    /// A start was asked for: the file is being sent from 0 %.
    fn started(&mut self, key: u32) -> Vec<UploadCommand> {
        match self.entry(key) {
            Some(entry) => {
                entry.status = UploadStatus::Uploading(0.0);
                vec![UploadCommand::Start(key)]
            }
            None => Vec::new(),
        }
    }

    /// The upload of `key` ended with `result` (a stalled upload ends with
    /// [`ApiError::Network`]); `random` spreads retries apart.
    pub fn finished(
        &mut self,
        key: u32,
        result: Result<Attachment, ApiError>,
        random: f64,
    ) -> Vec<UploadCommand> {
        let policy = self.policy;
        let Some(entry) = self.entry(key) else {
            return Vec::new();
        };
        if !matches!(entry.status, UploadStatus::Uploading(_)) {
            // A late answer for a file that was cancelled or restarted.
            return Vec::new();
        }
        match result {
            Ok(attachment) => {
                entry.status = UploadStatus::Done(attachment);
                Vec::new()
            }
            Err(ApiError::Unauthorized(_)) => {
                entry.status = UploadStatus::WaitingForSignIn;
                Vec::new()
            }
            Err(error) => {
                entry.attempts += 1;
                let again = error
                    .as_failure()
                    .and_then(|failure| policy.upload_retry(failure, entry.attempts, random));
                match again {
                    Some(wait_ms) => {
                        entry.status = UploadStatus::Retrying(error);
                        vec![UploadCommand::RetryIn(key, wait_ms)]
                    }
                    None => {
                        entry.status = UploadStatus::Failed(error);
                        Vec::new()
                    }
                }
            }
        }
    }

    /// A retry's wait is over: send again, if the file still waits.
    pub fn due(&mut self, key: u32) -> Vec<UploadCommand> {
        let waiting = self
            .entries
            .iter()
            .any(|entry| entry.key == key && matches!(entry.status, UploadStatus::Retrying(_)));
        if waiting {
            self.started(key)
        } else {
            Vec::new()
        }
    }

    /// Sends a failed file again, without the user picking it again.
    pub fn retry(&mut self, key: u32) -> Vec<UploadCommand> {
        match self.entry(key) {
            Some(entry) if matches!(entry.status, UploadStatus::Failed(_)) => {
                entry.attempts = 0;
                self.started(key)
            }
            _ => Vec::new(),
        }
    }

    /// Restarts the uploads a 401 paused (after a new sign-in or token).
    pub fn resume(&mut self) -> Vec<UploadCommand> {
        let waiting: Vec<u32> = self
            .entries
            .iter()
            .filter(|entry| entry.status == UploadStatus::WaitingForSignIn)
            .map(|entry| entry.key)
            .collect();
        waiting
            .into_iter()
            .flat_map(|key| self.started(key))
            .collect()
    }

    /// Takes a file off the list, stopping its upload if one is running.
    pub fn remove(&mut self, key: u32) -> Vec<UploadCommand> {
        let Some(index) = self.entries.iter().position(|entry| entry.key == key) else {
            return Vec::new();
        };
        let entry = self.entries.remove(index);
        let mut commands = Vec::new();
        if matches!(entry.status, UploadStatus::Uploading(_)) {
            commands.push(UploadCommand::Abort(key));
        }
        commands.push(UploadCommand::Forget {
            key,
            thumbnail: entry.thumbnail,
        });
        commands
    }

    /// Empties the list (after the request was created, or when the form
    /// goes away), stopping whatever is running.
    pub fn clear(&mut self) -> Vec<UploadCommand> {
        let keys: Vec<u32> = self.entries.iter().map(|entry| entry.key).collect();
        keys.into_iter().flat_map(|key| self.remove(key)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, size: u64) -> Candidate {
        Candidate {
            name: name.into(),
            size,
            mime: "text/plain".into(),
        }
    }

    fn done(reference: &str) -> Attachment {
        Attachment {
            ref_file_name: reference.into(),
            real_name: format!("{reference}.txt"),
        }
    }

    fn server_error(status: u16) -> ApiError {
        ApiError::Rejected {
            status,
            status_text: String::new(),
            message: Some("no".into()),
            retry_after: None,
        }
    }

    fn queue_with_one() -> (UploadQueue, u32) {
        let mut queue = UploadQueue::default();
        let (key, command) = queue
            .add(&AttachmentSettings::default(), file("a.txt", 10))
            .unwrap();
        assert_eq!(command, UploadCommand::Start(key));
        (queue, key)
    }

    #[test]
    fn an_added_file_uploads_with_progress_and_is_referenced_when_done() {
        let (mut queue, key) = queue_with_one();
        assert!(queue.in_flight());
        queue.progress(key, 42.0);
        assert_eq!(queue.entries()[0].status, UploadStatus::Uploading(42.0));
        assert_eq!(queue.finished(key, Ok(done("r1")), 0.5), vec![]);
        assert!(!queue.in_flight());
        assert_eq!(queue.attachments(), vec![done("r1")]);
    }

    #[test]
    fn a_file_over_the_limits_is_refused_before_anything_is_sent() {
        let mut queue = UploadQueue::default();
        let settings = AttachmentSettings {
            max_file_bytes: 5,
            ..AttachmentSettings::default()
        };
        assert!(queue.add(&settings, file("big.txt", 6)).is_err());
        assert!(queue.entries().is_empty());
    }

    #[test]
    fn passing_failures_are_retried_then_fail_for_good() {
        let (mut queue, key) = queue_with_one();
        assert_eq!(
            queue.finished(key, Err(ApiError::Network), 1.0),
            vec![UploadCommand::RetryIn(key, 1000.0)]
        );
        assert!(queue.in_flight(), "waiting to retry counts as in flight");
        assert_eq!(queue.due(key), vec![UploadCommand::Start(key)]);
        assert_eq!(
            queue.finished(key, Err(server_error(503)), 1.0),
            vec![UploadCommand::RetryIn(key, 2000.0)]
        );
        queue.due(key);
        assert_eq!(queue.finished(key, Err(server_error(503)), 1.0), vec![]);
        assert_eq!(queue.first_failed().map(|entry| entry.key), Some(key));
        assert!(!queue.in_flight());
        // The user retries: three fresh attempts.
        assert_eq!(queue.retry(key), vec![UploadCommand::Start(key)]);
        assert_eq!(queue.entries()[0].status, UploadStatus::Uploading(0.0));
        assert_eq!(
            queue.finished(key, Err(ApiError::Network), 1.0),
            vec![UploadCommand::RetryIn(key, 1000.0)]
        );
    }

    #[test]
    fn a_stalled_upload_is_retried_like_a_network_error() {
        // The browser side reports a stall as a network error.
        let (mut queue, key) = queue_with_one();
        queue.progress(key, 30.0);
        assert_eq!(
            queue.finished(key, Err(ApiError::Network), 0.0),
            vec![UploadCommand::RetryIn(key, 500.0)]
        );
    }

    #[test]
    fn final_refusals_fail_at_once() {
        let (mut queue, key) = queue_with_one();
        assert_eq!(queue.finished(key, Err(server_error(413)), 1.0), vec![]);
        assert!(matches!(queue.entries()[0].status, UploadStatus::Failed(_)));
    }

    #[test]
    fn a_refused_token_pauses_until_resumed() {
        let (mut queue, key) = queue_with_one();
        queue.finished(key, Err(ApiError::Unauthorized(None)), 0.0);
        assert_eq!(queue.entries()[0].status, UploadStatus::WaitingForSignIn);
        assert!(queue.in_flight());
        assert_eq!(queue.resume(), vec![UploadCommand::Start(key)]);
    }

    #[test]
    fn removing_a_running_upload_aborts_it_and_frees_its_preview() {
        let (mut queue, key) = queue_with_one();
        queue.set_thumbnail(key, "blob:1".into());
        assert_eq!(
            queue.remove(key),
            vec![
                UploadCommand::Abort(key),
                UploadCommand::Forget {
                    key,
                    thumbnail: Some("blob:1".into())
                }
            ]
        );
        // Its late answer and its retry timer change nothing.
        assert_eq!(queue.finished(key, Ok(done("late")), 0.0), vec![]);
        assert_eq!(queue.due(key), vec![]);
        assert!(queue.attachments().is_empty());
    }

    #[test]
    fn clearing_stops_everything_running_and_forgets_every_file() {
        let (mut queue, running) = queue_with_one();
        let (finished, _) = queue
            .add(&AttachmentSettings::default(), file("b.txt", 1))
            .unwrap();
        queue.finished(finished, Ok(done("b")), 0.0);
        let commands = queue.clear();
        assert_eq!(
            commands,
            vec![
                UploadCommand::Abort(running),
                UploadCommand::Forget {
                    key: running,
                    thumbnail: None
                },
                UploadCommand::Forget {
                    key: finished,
                    thumbnail: None
                },
            ]
        );
        assert!(queue.entries().is_empty());
    }

    #[test]
    fn restored_references_are_listed_as_done() {
        let mut queue = UploadQueue::default();
        queue.adopt(&[done("r9")]);
        assert_eq!(queue.attachments(), vec![done("r9")]);
        assert_eq!(queue.entries()[0].name, "r9.txt");
        assert!(!queue.in_flight());
    }
}

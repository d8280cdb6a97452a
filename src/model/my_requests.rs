//! "My recent requests": the search for the signed-in requester's own
//! tickets (`POST /request/search/byqual` with a `qualDetails` filter on
//! their email), newest first, a page at a time.

use serde_json::{json, Value};

use super::request::CreatedRequest;

/// Tickets per page.
pub const PAGE_SIZE: usize = 10;

/// The property the requester's email is filtered on, unless configured.
pub const REQUESTER_KEY: &str = "request.requesterEmail";

/// The search body: requests whose `key` equals `email`.
pub fn requester_search(key: &str, email: &str) -> Value {
    json!({"qualDetails": {"type": "FlatQualificationRest", "quals": [{
        "type": "RelationalQualificationRest",
        "leftOperand": {"type": "PropertyOperandRest", "key": key},
        "operator": "Equal",
        "rightOperand": {"type": "ValueOperandRest", "value": {"type": "StringValueRest", "value": email}}
    }]}})
}

/// The query of the page starting at `offset`.
pub fn page_query(offset: usize) -> String {
    format!("offset={offset}&size={PAGE_SIZE}&sort_by=createdTime")
}

/// One page of a search answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub items: Vec<CreatedRequest>,
    /// The server's `totalCount`, if it gave one.
    pub total: Option<usize>,
}

/// The requests listed so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub items: Vec<CreatedRequest>,
    /// How many matches the server counts.
    pub total: usize,
    /// Rows received so far: the next page's offset (not `items.len()`:
    /// a ticket created meanwhile shifts the pages and repeats one).
    received: usize,
}

impl Listing {
    /// Adds the next page: each ticket once, newest first.
    pub fn add(&mut self, page: Page) {
        self.received += page.items.len();
        let short = page.items.len() < PAGE_SIZE;
        for ticket in page.items {
            let known = self
                .items
                .iter()
                .any(|item| item.id == ticket.id && item.number == ticket.number);
            if !known {
                self.items.push(ticket);
            }
        }
        // Newest first, whatever order the server uses.
        self.items.sort_by(|a, b| {
            let time = |ticket: &CreatedRequest| ticket.created_time.unwrap_or(f64::MIN);
            time(b).total_cmp(&time(a))
        });
        self.total = match page.total {
            Some(total) => total.max(self.items.len()),
            // Without a count, a short page is the last one.
            None if short => self.items.len(),
            None => self.items.len() + 1,
        };
    }

    /// The offset of the next page.
    pub fn next_offset(&self) -> usize {
        self.received
    }

    pub fn has_more(&self) -> bool {
        self.received < self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(n: usize) -> CreatedRequest {
        CreatedRequest::from_value(json!({"id": n, "name": format!("INC-{n}"),
            "subject": format!("Ticket {n}"), "createdTime": n as f64 * 1000.0}))
        .unwrap()
    }

    fn page(numbers: impl Iterator<Item = usize>, total: Option<usize>) -> Page {
        Page {
            items: numbers.map(ticket).collect(),
            total,
        }
    }

    #[test]
    fn the_search_filters_on_the_requesters_email() {
        assert_eq!(
            requester_search(REQUESTER_KEY, "a@b.com"),
            json!({"qualDetails": {"type": "FlatQualificationRest", "quals": [
                {"type": "RelationalQualificationRest",
                 "leftOperand": {"type": "PropertyOperandRest", "key": "request.requesterEmail"},
                 "operator": "Equal",
                 "rightOperand": {"type": "ValueOperandRest",
                                  "value": {"type": "StringValueRest", "value": "a@b.com"}}}]}})
        );
        assert_eq!(page_query(20), "offset=20&size=10&sort_by=createdTime");
    }

    #[test]
    fn twenty_three_tickets_come_in_three_pages() {
        let mut listing = Listing::default();
        listing.add(page((14..=23).rev(), Some(23)));
        assert_eq!((listing.items.len(), listing.next_offset()), (10, 10));
        assert!(listing.has_more());
        listing.add(page((4..=13).rev(), Some(23)));
        listing.add(page((1..=3).rev(), Some(23)));
        assert!(!listing.has_more());
        let numbers: Vec<String> = listing.items.iter().map(|t| t.number.clone()).collect();
        let expected: Vec<String> = (1..=23).rev().map(|n| format!("INC-{n}")).collect();
        assert_eq!(numbers, expected);
    }

    #[test]
    fn a_ticket_created_between_pages_is_listed_once_and_paging_goes_on() {
        let mut listing = Listing::default();
        listing.add(page((3..=12).rev(), Some(12)));
        // INC-13 was created meanwhile: the second page repeats INC-3.
        listing.add(page((1..=3).rev(), Some(13)));
        assert_eq!(listing.items.len(), 12);
        assert_eq!(listing.next_offset(), 13);
        assert!(!listing.has_more());
    }

    #[test]
    fn without_a_count_a_short_page_is_the_last() {
        let mut listing = Listing::default();
        listing.add(page((1..=10).rev(), None));
        assert!(listing.has_more());
        listing.add(page(std::iter::empty(), None));
        assert!(!listing.has_more());
        let mut short = Listing::default();
        short.add(page((1..=4).rev(), None));
        assert!(!short.has_more());
    }
}

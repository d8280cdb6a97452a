//! Where a ticket opens in the service desk's own web app. The API does
//! not say, so the deployment configures a template (`ticketUrl`) such as
//! `https://desk.example.com/t/request/{id}`; `{id}` and `{name}` are
//! replaced, URL-encoded.

/// A checked `ticketUrl` template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketUrl(String);

impl TicketUrl {
    /// A template that leads to a web page (`https://`, `http://` or a
    /// path on this site: never `javascript:` or the like) and names the
    /// ticket; `None` otherwise.
    pub fn parse(template: &str) -> Option<Self> {
        // Bytes, not `str::contains`: this runs on the first screen, where
        // the substring searcher would cost kilobytes.
        let template = template.trim();
        let bytes = template.as_bytes();
        let starts = |prefix: &[u8]| {
            bytes
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        };
        let web = starts(b"https://") || starts(b"http://") || (starts(b"/") && !starts(b"//"));
        let names_ticket = bytes.windows(4).any(|window| window == b"{id}")
            || bytes.windows(6).any(|window| window == b"{name}");
        (web && names_ticket).then(|| Self(template.to_owned()))
    }

    /// The ticket's address; `None` when the template needs an id the
    /// ticket lacks.
    pub fn for_ticket(&self, id: Option<i64>, number: &str) -> Option<String> {
        let mut url = self.0.replace("{name}", &encode_component(number));
        if url.contains("{id}") {
            url = url.replace("{id}", &id?.to_string());
        }
        Some(url)
    }
}

/// What `encodeURIComponent` escapes: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `encodeURIComponent`: UTF-8 percent escapes for all but the characters
/// it keeps.
pub fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_gets_the_id_and_the_encoded_number() {
        let url = TicketUrl::parse("https://desk.example.com/t/request/{id}").unwrap();
        assert_eq!(
            url.for_ticket(Some(7), "INC-7").as_deref(),
            Some("https://desk.example.com/t/request/7")
        );
        assert_eq!(url.for_ticket(None, "INC-7"), None);
        let by_name = TicketUrl::parse("/desk?ticket={name}&x={name}").unwrap();
        assert_eq!(
            by_name.for_ticket(None, "INC 7/ä&b").as_deref(),
            Some("/desk?ticket=INC%207%2F%C3%A4%26b&x=INC%207%2F%C3%A4%26b")
        );
    }

    #[test]
    fn only_web_addresses_that_name_the_ticket_are_templates() {
        assert!(TicketUrl::parse("HTTP://desk/{id}").is_some());
        assert_eq!(TicketUrl::parse("javascript:alert({id})"), None);
        assert_eq!(TicketUrl::parse("//evil.example/{id}"), None);
        assert_eq!(TicketUrl::parse("data:text/html,{id}"), None);
        assert_eq!(TicketUrl::parse("https://desk.example.com/"), None);
    }
}

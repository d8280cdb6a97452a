//! After the ticket: a comment (markup stays text, files arrive intact, a
//! 503 is retried without a second comment, a 401 waits for sign-in), the
//! link into the desk and Copy, and "My recent requests" (paging across 23
//! tickets, opening one, empty and failing lists, someone else's ticket).

use std::time::Duration;

use fantoccini::Locator;
use sandbox::Fault;
use serde_json::{json, Value};

use crate::harness::{config_file, temp_file, Portal};

async fn signed_in(options: sandbox::Options) -> Portal {
    let portal = Portal::open_with(options).await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    portal
}

/// Sends a request and waits for its card; returns the ticket's id.
async fn create(portal: &Portal, subject: &str) -> i64 {
    portal.fill("Subject", subject).await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let tickets = portal.sandbox.tickets();
    tickets.last().unwrap()["id"].as_i64().unwrap()
}

/// Waits until the card lists a comment whose text satisfies `check`.
async fn comment_shown(portal: &Portal, check: impl Fn(&str) -> bool) -> String {
    portal.wait_for_text(".srf-comment-text", check).await
}

/// The texts of the requests listed under "My recent requests".
async fn listed(portal: &Portal) -> Vec<String> {
    let items = portal
        .browser
        .execute(
            "return [...document.querySelectorAll('.srf-request-open')].map(e => e.textContent.trim())",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(items).unwrap()
}

async fn wait_listed(portal: &Portal, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let items = listed(portal).await;
        if items.len() == count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never listed {count} requests: {:?}", listed(portal).await);
}

#[tokio::test]
async fn a_comment_with_markup_goes_as_escaped_html_and_is_shown_as_text() {
    let portal = signed_in(sandbox::Options::default()).await;
    portal.watch().await;
    let id = create(&portal, "Printer jam").await;
    portal
        .fill("Comment", "<img src=x onerror=alert(1)>\na & b")
        .await;
    portal.click("Add to the request").await;
    let shown = comment_shown(&portal, |text| text.contains("a & b")).await;
    assert_eq!(shown, "<img src=x onerror=alert(1)>\na & b");
    let received = portal.sandbox.received_comments(id);
    assert_eq!(
        received,
        [
            json!({"conversationType": "requestor_to_technician", "conversationState": "published",
                "details": "&lt;img src=x onerror=alert(1)&gt;<br>a &amp; b"})
        ]
    );
    // No markup from the comment reached the page, and it is ready for the next.
    let images = portal
        .browser
        .find_all(Locator::Css(".srf-comments img"))
        .await
        .unwrap();
    assert!(images.is_empty());
    assert_eq!(portal.value("Comment").await, "");
    portal
        .wait_for_text(".srf-comment-time", |text| text.starts_with("Added "))
        .await;
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

#[tokio::test]
async fn a_comment_without_text_or_files_says_what_is_missing() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Nothing to add").await;
    portal.click("Add to the request").await;
    assert_eq!(
        portal.field_error("Comment").await.as_deref(),
        Some("Write a comment or add a file first.")
    );
    let comment = portal.field("Comment").await;
    assert_eq!(
        comment.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let focused = portal
        .browser
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(
        Some(focused),
        comment.attr("id").await.unwrap().map(Value::from)
    );
    assert_eq!(portal.sandbox.calls("comment"), 0);
    assert!(portal.sandbox.comments(id).is_empty());
    portal.close().await;
}

#[tokio::test]
async fn a_comment_with_a_file_delivers_its_exact_bytes() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Screenshot forgotten").await;
    let bytes: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
    portal
        .pick("Attachments", &[temp_file("forgotten.png", &bytes)])
        .await;
    portal
        .wait_for_files("the file uploaded", |rows| {
            rows.iter().any(|row| row.contains("Uploaded"))
        })
        .await;
    portal.fill("Comment", "Here it is").await;
    portal.click("Add to the request").await;
    comment_shown(&portal, |text| text == "Here it is").await;
    let stored = portal.sandbox.comments(id);
    let file = &stored[0]["fileAttachments"][0];
    assert_eq!(file["realName"], "forgotten.png");
    let reference = file["refFileName"].as_str().unwrap();
    assert_eq!(portal.download(reference).await, bytes);
    // The comment lists its file, and the form's file list is empty again.
    portal.button("forgotten.png").await;
    assert!(portal.file_rows().await.is_empty());
    portal.close().await;
}

#[tokio::test]
async fn a_503_is_retried_after_its_retry_after_and_a_double_click_stores_one_comment() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Flaky desk").await;
    portal.sandbox.script(
        "comment",
        [Fault {
            status: Some(503),
            retry_after: Some(1),
            ..Fault::default()
        }],
    );
    portal.fill("Comment", "Once only").await;
    // A double click, as impatient people do.
    portal
        .browser
        .execute(
            "const add = [...document.querySelectorAll('button')].find(b => b.textContent === 'Add to the request');
             add.click(); add.click();",
            vec![],
        )
        .await
        .unwrap();
    portal
        .wait_for_text(".srf-follow-up .srf-delivery-text", |text| {
            text.starts_with("Could not send yet; trying again in")
        })
        .await;
    comment_shown(&portal, |text| text == "Once only").await;
    assert_eq!(portal.sandbox.calls("comment"), 2);
    assert_eq!(portal.sandbox.comments(id).len(), 1);
    portal.close().await;
}

#[tokio::test]
async fn a_comment_refused_with_401_is_added_after_signing_in_again() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Expired session").await;
    portal.fill("Comment", "After sign-in").await;
    portal.sandbox.fail_next("comment", &[401]);
    portal.click("Add to the request").await;
    portal
        .wait_for_text(".srf-notice", |text| text.contains("sign-in has expired"))
        .await;
    portal.sign_in("demo@example.com", "demo").await;
    comment_shown(&portal, |text| text == "After sign-in").await;
    assert_eq!(portal.sandbox.comments(id).len(), 1);
    portal.close().await;
}

#[tokio::test]
async fn the_card_links_to_the_desk_by_template_and_copy_says_copied() {
    let config = config_file(
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
            "ticketUrl": "https://desk.example.com/t/request/{id}?n={name}"}"#,
    );
    let portal = signed_in(sandbox::Options {
        form_config: Some(config),
        ..sandbox::Options::default()
    })
    .await;
    let id = create(&portal, "Link me").await;
    let link = portal
        .browser
        .find(Locator::XPath(
            "//a[starts-with(normalize-space(.), 'Open in the service desk')]",
        ))
        .await
        .unwrap();
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some(format!("https://desk.example.com/t/request/{id}?n=INC-1001").as_str())
    );
    assert_eq!(
        link.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    assert!(link
        .attr("rel")
        .await
        .unwrap()
        .is_some_and(|rel| rel.contains("noopener")));

    // Copied for real: pasted back into the comment.
    portal.click("Copy number").await;
    let status = portal
        .wait_for_text(".srf-copied", |text| text == "Copied INC-1001")
        .await;
    assert_eq!(status, "Copied INC-1001");
    portal
        .field("Comment")
        .await
        .send_keys("\u{E009}v\u{E000}")
        .await
        .unwrap();
    assert_eq!(portal.value("Comment").await, "INC-1001");
    let role = portal
        .browser
        .find(Locator::Css(".srf-copied"))
        .await
        .unwrap()
        .attr("role")
        .await
        .unwrap();
    assert_eq!(role.as_deref(), Some("status"));
    portal.close().await;
}

#[tokio::test]
async fn without_a_template_the_card_has_no_desk_link() {
    let portal = signed_in(sandbox::Options::default()).await;
    create(&portal, "No link").await;
    portal.button("Copy number").await;
    let links = portal
        .browser
        .find_all(Locator::Css(".srf-ticket a"))
        .await
        .unwrap();
    assert!(links.is_empty());
    portal.close().await;
}

#[tokio::test]
async fn my_requests_pages_23_tickets_newest_first_and_never_shows_anyone_elses() {
    let portal = Portal::open().await;
    for n in 1..=23 {
        portal
            .sandbox
            .add_ticket("demo@example.com", &format!("Ticket {n}"));
        portal
            .sandbox
            .add_ticket("pat@example.com", &format!("Pat's {n}"));
    }
    portal.sign_in("demo@example.com", "demo").await;
    let first = wait_listed(&portal, 10).await;
    let expected = |n: usize| format!("Ticket {n}");
    assert!(first[0].ends_with(&expected(23)), "{first:?}");
    portal
        .wait_for_text(".srf-my-requests [role=status]", |text| {
            text == "Showing 10 of 23 requests."
        })
        .await;
    portal.click("Show more").await;
    wait_listed(&portal, 20).await;
    // Focus moved to the first of the new requests.
    let focused = portal
        .browser
        .execute("return document.activeElement.textContent.trim()", vec![])
        .await
        .unwrap();
    assert!(
        focused.as_str().unwrap().ends_with("Ticket 13"),
        "{focused}"
    );
    portal.click("Show more").await;
    let all = wait_listed(&portal, 23).await;
    let subjects: Vec<String> = all
        .iter()
        .map(|item| item.split_once(' ').unwrap().1.to_owned())
        .collect();
    let newest_first: Vec<String> = (1..=23).rev().map(expected).collect();
    assert_eq!(subjects, newest_first);
    assert!(all.iter().all(|item| !item.contains("Pat")));
    portal
        .wait_for_text(".srf-my-requests [role=status]", |text| {
            text == "Showing 23 of 23 requests."
        })
        .await;
    let more = portal
        .browser
        .find_all(Locator::XPath("//button[normalize-space(.)='Show more']"))
        .await
        .unwrap();
    assert!(more.is_empty());
    // Every page asked for the signed-in requester's email only.
    assert_eq!(portal.sandbox.calls("search"), 3);
    portal.close().await;
}

#[tokio::test]
async fn a_request_opened_from_the_list_shows_its_comments_and_takes_a_new_one() {
    let portal = Portal::open().await;
    let ticket = portal.sandbox.add_ticket("demo@example.com", "VPN drops");
    let id = ticket["id"].as_i64().unwrap();
    let token = portal.api_token().await;
    reqwest::Client::new()
        .post(format!("{}/api/v1/request/{id}/conversation", portal.base))
        .bearer_auth(&token)
        .json(
            &json!({"conversationType": "requestor_to_technician", "details": "First <b>try</b>"}),
        )
        .send()
        .await
        .unwrap();
    portal.sign_in("demo@example.com", "demo").await;
    wait_listed(&portal, 1).await;
    portal.click("INC-1001 VPN drops").await;
    portal
        .wait_for_text(".srf-my-requests .srf-ticket h2", |text| {
            text == "VPN drops"
        })
        .await;
    comment_shown(&portal, |text| text == "First try").await;
    portal.fill("Comment", "Still dropping").await;
    portal.click("Add to the request").await;
    comment_shown(&portal, |text| text == "Still dropping").await;
    assert_eq!(portal.sandbox.comments(id).len(), 2);
    portal.click("Back to my requests").await;
    let focused = portal
        .browser
        .execute("return document.activeElement.textContent.trim()", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "INC-1001 VPN drops");
    portal.close().await;
}

#[tokio::test]
async fn an_unsent_comment_is_kept_when_the_request_is_opened_again() {
    let portal = Portal::open().await;
    portal
        .sandbox
        .add_ticket("demo@example.com", "Keep my words");
    portal.sign_in("demo@example.com", "demo").await;
    wait_listed(&portal, 1).await;
    portal.click("INC-1001 Keep my words").await;
    portal.fill("Comment", "Half a thought").await;
    // The page is reloaded (the session lives on in this tab).
    portal.browser.refresh().await.unwrap();
    wait_listed(&portal, 1).await;
    portal.click("INC-1001 Keep my words").await;
    for _ in 0..50 {
        if portal.value("Comment").await == "Half a thought" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(portal.value("Comment").await, "Half a thought");
    portal.close().await;
}

#[tokio::test]
async fn an_empty_list_and_a_failing_one_say_so_and_try_again_works() {
    let portal = Portal::open().await;
    portal.sandbox.fail_next("search", &[500]);
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text(".srf-my-requests [role=alert]", |text| {
            text.starts_with("Your requests could not be loaded:")
        })
        .await;
    portal.click("Try again").await;
    portal
        .wait_for_text(".srf-my-requests .srf-hint", |text| {
            text == "You have not sent any requests yet."
        })
        .await;
    // A request sent here appears in the list.
    create(&portal, "My first").await;
    wait_listed(&portal, 1).await;
    portal.close().await;
}

#[tokio::test]
async fn another_requesters_ticket_is_refused_in_plain_words() {
    let portal = Portal::open().await;
    let ticket = portal.sandbox.add_ticket("demo@example.com", "Moved away");
    let id = ticket["id"].as_i64().unwrap();
    portal.sign_in("demo@example.com", "demo").await;
    wait_listed(&portal, 1).await;
    // A technician gives the ticket to someone else meanwhile.
    portal.sandbox.reassign(id, "pat@example.com");
    portal.click("INC-1001 Moved away").await;
    portal
        .wait_for_text(".srf-my-requests [role=alert]", |text| {
            text == "This request could not be opened: This request belongs to someone else, so it cannot be shown or changed."
        })
        .await;
    portal.close().await;
}

#[tokio::test]
async fn a_comment_on_a_ticket_given_to_someone_else_is_refused_and_kept() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Soon not mine").await;
    portal.sandbox.reassign(id, "pat@example.com");
    portal.fill("Comment", "Can I still?").await;
    portal.click("Add to the request").await;
    portal
        .wait_for_text(".srf-follow-up [role=alert]", |text| {
            text == "Your comment was not added: This request belongs to someone else, so it cannot be shown or changed."
        })
        .await;
    assert_eq!(portal.value("Comment").await, "Can I still?");
    assert!(portal.sandbox.comments(id).is_empty());
    portal.close().await;
}

const INTRANET: &str = "/pages/intranet.html";

#[tokio::test]
async fn in_the_element_a_comment_is_added_linked_and_the_host_hears_comment_added() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    page.browser
        .execute(
            "window.heard = []; document.addEventListener('comment-added', e => window.heard.push({target: e.target.id, detail: e.detail}));",
            vec![],
        )
        .await
        .unwrap();
    let token = page.api_token().await;
    let form = page
        .add_element(
            "help",
            json!({"server-url": page.base, "token": token, "user": "demo@example.com"}),
            Some(json!({"ticketUrl": "/desk/{name}", "myRequests": true})),
        )
        .await;
    form.fill("Subject", "From the intranet").await;
    form.click("Submit request").await;
    let number = form.ticket_number().await;
    let id = page.sandbox.tickets()[0]["id"].as_i64().unwrap();
    form.fill("Comment", "<script>x</script> & more").await;
    form.click("Add to the request").await;
    form.wait_for_text(".srf-comment-text", |text| {
        text == "<script>x</script> & more"
    })
    .await;
    assert_eq!(
        page.sandbox.received_comments(id)[0]["details"],
        "&lt;script&gt;x&lt;/script&gt; &amp; more"
    );
    let heard = page
        .wait_until(
            "return window.heard.length && window.heard",
            "comment-added",
        )
        .await;
    assert_eq!(heard[0]["target"], "help");
    assert_eq!(heard[0]["detail"]["requestId"], id);
    assert_eq!(
        heard[0]["detail"]["details"],
        "&lt;script&gt;x&lt;/script&gt; &amp; more"
    );
    assert!(heard[0]["detail"]["id"].as_i64().is_some());
    // The desk link, from the template with the number in it.
    let href = page
        .browser
        .execute(
            "return document.getElementById('help').shadowRoot.querySelector('.srf-ticket a').getAttribute('href')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(href, format!("/desk/{number}"));
    // And the host-named user's list shows the new ticket.
    form.wait_for_text(".srf-request-open", |text| {
        text == format!("{number} From the intranet")
    })
    .await;
    page.close().await;
}

#[tokio::test]
async fn in_the_element_my_requests_needs_to_be_switched_on_and_the_users_email() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    for n in 1..=23 {
        page.sandbox
            .add_ticket("demo@example.com", &format!("Ticket {n}"));
    }
    let token = page.api_token().await;
    let cases = [
        ("off", json!({"user": "demo@example.com"}), json!({})),
        ("anonymous", json!({}), json!({"myRequests": true})),
        (
            "named",
            json!({"user": "demo@example.com"}),
            json!({"myRequests": true}),
        ),
    ];
    let mut forms = Vec::new();
    for (id, mut attributes, config) in cases {
        attributes["server-url"] = json!(page.base);
        attributes["token"] = json!(token);
        forms.push((id, page.add_element(id, attributes, Some(config)).await));
    }
    let (_, named) = &forms[2];
    named
        .wait_for_text(".srf-request-open", |text| text.ends_with("Ticket 23"))
        .await;
    named
        .wait_for_text("[role=status]", |text| text == "Showing 10 of 23 requests.")
        .await;
    named.click("Show more").await;
    named
        .wait_for_text("[role=status]", |text| text == "Showing 20 of 23 requests.")
        .await;
    named.click("Show more").await;
    named
        .wait_for_text("[role=status]", |text| text == "Showing 23 of 23 requests.")
        .await;
    assert_eq!(named.texts(".srf-request-open").await.len(), 23);
    // The others, the app too by now (no first screen left), list nothing.
    for (id, _) in &forms[..2] {
        page.app_took_over(id).await;
        let lists = page
            .browser
            .execute(
                &format!("return document.getElementById('{id}').shadowRoot.querySelectorAll('.srf-my-requests').length"),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(lists, 0, "{id}");
    }
    // Only the named form searched (one page at a time).
    assert_eq!(page.sandbox.calls("search"), 3);
    page.close().await;
}

#[tokio::test]
async fn in_the_element_a_comment_refused_with_401_is_added_with_the_token_providers_token() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let token = page.api_token().await;
    let form = page
        .add_element(
            "help",
            json!({"server-url": page.base, "token": token, "user": "demo@example.com"}),
            None,
        )
        .await;
    form.fill("Subject", "Token runs out").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let id = page.sandbox.tickets()[0]["id"].as_i64().unwrap();
    page.give_token_provider("help").await;
    page.sandbox.fail_next("comment", &[401]);
    form.fill("Comment", "With a fresh token").await;
    form.click("Add to the request").await;
    form.wait_for_text(".srf-comment-text", |text| text == "With a fresh token")
        .await;
    let calls = page
        .browser
        .execute("return window.providerCalls", vec![])
        .await
        .unwrap();
    assert_eq!(calls, json!(1));
    assert_eq!(page.sandbox.comments(id).len(), 1);
    assert_eq!(page.sandbox.calls("comment"), 2);
    page.close().await;
}

#[tokio::test]
async fn a_comment_whose_answer_is_lost_is_not_sent_again_and_the_form_says_it_may_have_arrived() {
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "Lost answer").await;
    // Stored, then the gateway in front of the desk times out.
    portal.sandbox.script(
        "comment",
        [Fault {
            status: Some(504),
            after_handling: true,
            ..Fault::default()
        }],
    );
    portal.fill("Comment", "Did it arrive?").await;
    portal.click("Add to the request").await;
    portal
        .wait_for_text(".srf-follow-up [role=alert]", |text| {
            text.starts_with(
                "No clear answer came back, so this comment may or may not have been added.",
            )
        })
        .await;
    assert_eq!(portal.value("Comment").await, "Did it arrive?");
    assert_eq!(portal.sandbox.calls("comment"), 1);
    assert_eq!(portal.sandbox.comments(id).len(), 1);
    portal.close().await;
}

#[tokio::test]
async fn a_screenshot_pasted_into_a_comment_waits_in_the_editor_and_only_the_covered_copy_is_added()
{
    let portal = signed_in(sandbox::Options::default()).await;
    let id = create(&portal, "The report shows a customer's card").await;
    crate::redaction::paste_image_into(&portal, "Comment").await;
    crate::redaction::editor_open(&portal).await;
    assert_eq!(portal.sandbox.calls("upload"), 0, "nothing before Attach");
    portal.click("Add box").await;
    let hidden = crate::redaction::shown_boxes(&portal).await[0];
    portal.click("Attach").await;
    portal
        .wait_for_files("the covered copy uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    assert_eq!(portal.value("Comment").await, "", "the paste typed nothing");
    portal.fill("Comment", "See the picture").await;
    portal.click("Add to the request").await;
    comment_shown(&portal, |text| text == "See the picture").await;
    let stored = portal.sandbox.comments(id);
    let file = &stored[0]["fileAttachments"][0];
    assert!(file["realName"]
        .as_str()
        .unwrap()
        .starts_with("screenshot-"));
    let bytes = portal.download(file["refFileName"].as_str().unwrap()).await;
    crate::redaction::assert_covered(&bytes, hidden);
    assert_eq!(portal.sandbox.calls("upload"), 1);
    portal.close().await;
}

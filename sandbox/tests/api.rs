#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The sandbox's HTTP contract, status code by status code, over real HTTP.

use reqwest::{Client, StatusCode};
use sandbox::Options;
use serde_json::{json, Value};

const CLIENT: (&str, &str) = ("support-portal", "portal-secret");

async fn start(options: Options) -> String {
    sandbox::spawn(options).await.expect("sandbox starts").base
}

async fn grant(base: &str, client: (&str, &str), user: &str, password: &str) -> reqwest::Response {
    Client::new()
        .post(format!("{base}/api/oauth/token"))
        .basic_auth(client.0, Some(client.1))
        .form(&[
            ("grant_type", "password"),
            ("username", user),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

async fn token(base: &str) -> String {
    let answer: Value = grant(base, CLIENT, "demo@example.com", "demo")
        .await
        .json()
        .await
        .unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

async fn create(base: &str, authorization: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = Client::new()
        .post(format!("{base}/api/v1/request"))
        .json(&body);
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let response = request.send().await.unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn password_grant_answers_like_spring_oauth() {
    let base = start(Options::default()).await;
    let response = grant(&base, CLIENT, "demo@example.com", "demo").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(body["token_type"], "bearer");
    assert!(body["refresh_token"].is_string());
    assert_eq!(body["expires_in"], 43199);
    assert!(body["scope"].is_string());
}

#[tokio::test]
async fn password_grant_accepts_multipart() {
    let base = start(Options::default()).await;
    let form = reqwest::multipart::Form::new()
        .text("grant_type", "password")
        .text("username", "demo@example.com")
        .text("password", "demo");
    let response = Client::new()
        .post(format!("{base}/api/oauth/token"))
        .basic_auth(CLIENT.0, Some(CLIENT.1))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_client_or_password_is_401() {
    let base = start(Options::default()).await;
    let wrong_secret = grant(
        &base,
        ("support-portal", "nope"),
        "demo@example.com",
        "demo",
    )
    .await;
    assert_eq!(wrong_secret.status(), StatusCode::UNAUTHORIZED);
    let wrong_password = grant(&base, CLIENT, "demo@example.com", "wrong").await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    let body: Value = wrong_password.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    let unknown_user = grant(&base, CLIENT, "nobody@example.com", "demo").await;
    assert_eq!(unknown_user.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn create_needs_a_valid_bearer_token() {
    let base = start(Options::default()).await;
    let body = json!({"subject": "x", "requesterEmail": "demo@example.com"});
    for authorization in [None, Some("Bearer not-a-token"), Some("Basic abc")] {
        let (status, answer) = create(&base, authorization, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert!(answer["error"].is_string());
        assert!(answer["error_description"].is_string());
    }
    let (_, answer) = create(&base, Some("Bearer not-a-token"), body).await;
    assert_eq!(answer["error"], "invalid_token");
}

#[tokio::test]
async fn expired_token_is_401() {
    let base = start(Options {
        token_ttl_secs: 0,
        ..Options::default()
    })
    .await;
    let token = token(&base).await;
    let (status, answer) = create(
        &base,
        Some(&format!("Bearer {token}")),
        json!({"subject": "x", "requesterEmail": "demo@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer["error"], "invalid_token");
    assert_eq!(answer["error_description"], "Access token expired");
}

#[tokio::test]
async fn create_needs_json_content_type() {
    let base = start(Options::default()).await;
    let token = token(&base).await;
    let response = Client::new()
        .post(format!("{base}/api/v1/request"))
        .bearer_auth(&token)
        .header("Content-Type", "text/plain")
        .body(r#"{"subject":"x","requesterEmail":"demo@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = response.json().await.unwrap();
    assert!(body["userMessage"]
        .as_str()
        .unwrap()
        .contains("application/json"));
}

#[tokio::test]
async fn validation_errors_are_400_naming_the_key() {
    let base = start(Options::default()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let cases = [
        (
            json!({"requesterEmail": "demo@example.com"}),
            "subject",
            "required",
        ),
        (
            json!({"subject": "  ", "requesterEmail": "demo@example.com"}),
            "subject",
            "required",
        ),
        (json!({"subject": "x"}), "requesterEmail", "required"),
        (
            json!({"subject": "x", "requesterEmail": "ghost@example.com"}),
            "requesterEmail",
            "not_found",
        ),
        (
            json!({"subject": 5, "requesterEmail": "demo@example.com"}),
            "subject",
            "invalid_type",
        ),
        (
            json!({"subject": "x", "requesterEmail": "demo@example.com", "priorityName": "Whenever"}),
            "priorityName",
            "invalid_value",
        ),
        (
            json!({"subject": "x", "requesterEmail": "demo@example.com", "colour": "red"}),
            "colour",
            "unknown_key",
        ),
        (
            json!({"subject": "x", "requesterEmail": "demo@example.com", "tags": "one"}),
            "tags",
            "invalid_type",
        ),
    ];
    for (body, key, code) in cases {
        let (status, answer) = create(&base, Some(&bearer), body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["errorCode"], code, "{body}");
        let message = answer["userMessage"].as_str().unwrap();
        assert!(message.starts_with(&format!("{key}:")), "{message}");
    }
    let response = Client::new()
        .post(format!("{base}/api/v1/request"))
        .header("Authorization", &bearer)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn create_answers_200_with_the_stored_ticket_and_get_reads_it() {
    let base = start(Options::default()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let sent = json!({"subject": "Printer jam", "requesterEmail": "demo@example.com",
                      "description": "Tray 2", "priorityName": "High"});
    let (status, first) = create(&base, Some(&bearer), sent.clone()).await;
    assert_eq!(status, StatusCode::OK);
    for (key, value) in sent.as_object().unwrap() {
        assert_eq!(&first[key], value, "{key}");
    }
    let id = first["id"].as_i64().unwrap();
    assert_eq!(first["name"], "INC-1001");
    assert_ne!(first["name"], format!("INC-{id}"));
    assert_eq!(first["statusName"], "Open");
    assert_eq!(first["requesterName"], "Demo Requester");
    assert!(first["createdTime"].as_i64().unwrap() > 1_700_000_000_000);
    assert_eq!(first["createdTime"], first["updatedTime"]);

    let (_, second) = create(
        &base,
        Some(&bearer),
        json!({"subject": "Second", "requesterEmail": "a@b.com",
        "statusName": "Pending"}),
    )
    .await;
    assert_eq!(second["name"], "INC-1002");
    assert_eq!(second["statusName"], "Pending");

    let client = Client::new();
    let read = client
        .get(format!("{base}/api/v1/request/{id}"))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.json::<Value>().await.unwrap(), first);

    let missing = client
        .get(format!("{base}/api/v1/request/999999"))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let anonymous = client
        .get(format!("{base}/api/v1/request/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn data_survives_a_restart() {
    let file = std::env::temp_dir().join(format!("sandbox-test-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let options = Options {
        data: sandbox::DataLocation::File(file.clone()),
        ..Options::default()
    };
    let base = start(options.clone()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let (_, created) = create(
        &base,
        Some(&bearer),
        json!({"subject": "Kept", "requesterEmail": "a@b.com"}),
    )
    .await;

    let restarted = start(options).await;
    let response = Client::new()
        .get(format!("{restarted}/api/v1/request/{}", created["id"]))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.json::<Value>().await.unwrap(), created);
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn custom_fields_are_checked_against_the_instance() {
    let base = start(Options::default()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let with =
        |custom: Value| json!({"subject": "x", "requesterEmail": "a@b.com", "customField": custom});
    let cases = [
        (
            json!({"Colour": "red"}),
            "customField.Colour:",
            "unknown_key",
        ),
        (json!({"Floor": "3"}), "customField.Floor:", "invalid_type"),
        (json!({"Floor": 41}), "customField.Floor:", "out_of_range"),
        (
            json!({"Operating system": "BeOS"}),
            "customField.Operating system:",
            "invalid_value",
        ),
        (
            json!({"Affected apps": ["VPN", "Fax"]}),
            "customField.Affected apps:",
            "invalid_value",
        ),
        (
            json!({"Needed by": "tomorrow"}),
            "customField.Needed by:",
            "invalid_type",
        ),
    ];
    for (custom, prefix, code) in cases {
        let (status, answer) = create(&base, Some(&bearer), with(custom.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{custom}");
        assert_eq!(answer["errorCode"], code, "{custom}");
        assert!(
            answer["userMessage"].as_str().unwrap().starts_with(prefix),
            "{answer}"
        );
    }
    let good = json!({"New Number": 110.1, "Affected apps": ["VPN"], "Needed by": 1_767_225_600_000_i64,
                      "Business impact": "High", "Contact by": ["Email", "Chat"]});
    let (status, stored) = create(&base, Some(&bearer), with(good.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored["customField"], good);
}

#[tokio::test]
async fn every_standard_key_is_validated_and_echoed() {
    let base = start(Options::default()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let everything = json!({
        "subject": "All", "description": "d", "requesterEmail": "a@b.com", "ccEmailSet": ["c@d.com"],
        "categoryName": "Hardware", "impactName": "On User", "priorityName": "High", "urgencyName": "Low",
        "departmentName": "IT", "locationName": "Berlin", "tags": ["t"], "supportLevel": "tier3",
        "spam": true, "assigneeEmail": "tech@example.com", "groupName": "Network Team",
        "source": "Support Portal", "statusName": "Pending",
        "linkAssetIds": [{"assetModel": "asset_hardware", "assetId": 9}], "customField": {"Asset tag": "AT-1"}
    });
    let (status, stored) = create(&base, Some(&bearer), everything.clone()).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    for (key, value) in everything.as_object().unwrap() {
        assert_eq!(&stored[key], value, "{key}");
    }
    let rejections = [
        ("categoryName", json!("Plumbing")),
        ("departmentName", json!("Space")),
        ("locationName", json!("Mars")),
        ("groupName", json!("Nobody")),
        ("assigneeEmail", json!("a@b.com")),
        ("supportLevel", json!("Tier1")),
        ("impactName", json!("On Users")),
        ("spam", json!("yes")),
        ("ccEmailSet", json!(["not-an-email"])),
        (
            "linkAssetIds",
            json!([{"assetModel": "asset_hardware", "assetId": "9"}]),
        ),
        (
            "fileAttachments",
            json!([{"refFileName": "never-issued", "realName": "x.pdf"}]),
        ),
    ];
    for (key, value) in rejections {
        let mut body = json!({"subject": "x", "requesterEmail": "a@b.com"});
        body[key] = value;
        let (status, answer) = create(&base, Some(&bearer), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key}");
        assert!(
            answer["userMessage"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{key}:")),
            "{answer}"
        );
    }
}

#[tokio::test]
async fn a_catalog_file_replaces_the_demo_lists() {
    let catalog = sandbox::catalog_file::parse(
        r#"{"impacts": ["On Users"], "customFields": [{"name": "Room", "type": "text"}]}"#,
    )
    .unwrap();
    assert!(sandbox::catalog_file::parse(r#"{"colours": []}"#).is_err());
    let base = start(Options {
        catalog,
        ..Options::default()
    })
    .await;
    let bearer = format!("Bearer {}", token(&base).await);
    let (status, _) = create(
        &base,
        Some(&bearer),
        json!({"subject": "x", "requesterEmail": "a@b.com",
        "impactName": "On Users", "customField": {"Room": "4.12"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = create(
        &base,
        Some(&bearer),
        json!({"subject": "x", "requesterEmail": "a@b.com",
        "impactName": "On User"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn upload(base: &str, bearer: Option<&str>, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let mut request = Client::new()
        .post(format!("{base}/api/oprfile"))
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(value) = bearer {
        request = request.header("Authorization", value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn uploads_are_stored_referenced_and_served_back() {
    let base = start(Options::default()).await;
    let bearer = format!("Bearer {}", token(&base).await);
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let response = upload(&base, Some(&bearer), "naïve report <1>.pdf", bytes.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["realName"], "naïve report <1>.pdf");
    assert_eq!(answer["link"], Value::Null);
    let reference = answer["refFileName"].as_str().unwrap().to_owned();

    let (status, ticket) = create(
        &base,
        Some(&bearer),
        json!({"subject": "x", "requesterEmail": "a@b.com",
        "fileAttachments": [{"refFileName": reference, "realName": "naïve report <1>.pdf"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        ticket["fileAttachments"][0]["refFileName"],
        reference.as_str()
    );

    let download = Client::new()
        .get(format!("{base}/api/oprfile/{reference}"))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename*=UTF-8''na%C3%AFve%20report%20%3C1%3E.pdf"),
        "{disposition}"
    );
    assert_eq!(download.bytes().await.unwrap().to_vec(), bytes);
    let anonymous = Client::new()
        .get(format!("{base}/api/oprfile/{reference}"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn uploads_need_a_token_and_respect_the_size_limit() {
    let base = start(Options {
        max_upload_bytes: 1024 * 1024,
        ..Options::default()
    })
    .await;
    assert_eq!(
        upload(&base, None, "a.txt", vec![1; 10]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let bearer = format!("Bearer {}", token(&base).await);
    let response = upload(&base, Some(&bearer), "report.zip", vec![7; 3 * 1024 * 1024]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        answer["userMessage"],
        "report.zip is 3 MB; the limit is 1 MB per file."
    );
    assert_eq!(
        upload(&base, Some(&bearer), "ok.txt", vec![1; 1000])
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let base = start(Options {
        allowed_origins: vec!["http://intranet.example".into()],
        ..Options::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        Client::new()
            .request(reqwest::Method::OPTIONS, format!("{base}/api/v1/request"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type",
            )
            .send()
    };
    let allowed = preflight("http://intranet.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://intranet.example"
    );
    let refused = preflight("http://evil.example").await.unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn scripted_failures_answer_once_each() {
    let running = sandbox::spawn(Options::default()).await.unwrap();
    let base = running.base.clone();
    let bearer = format!("Bearer {}", token(&base).await);
    running.fail_next("upload", &[500, 503]);
    assert_eq!(
        upload(&base, Some(&bearer), "a.txt", vec![1])
            .await
            .status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        upload(&base, Some(&bearer), "a.txt", vec![1])
            .await
            .status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        upload(&base, Some(&bearer), "a.txt", vec![1])
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_fault_control_route_scripts_answers_and_is_off_by_default() {
    let off = start(Options::default()).await;
    let response = Client::new()
        .post(format!("{off}/__sandbox/faults"))
        .json(&json!({"route": "create", "answers": [{"status": 503}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "off unless enabled"
    );

    let base = start(Options {
        fault_control: true,
        ..Options::default()
    })
    .await;
    let bearer = format!("Bearer {}", token(&base).await);
    let script = json!({"route": "create", "answers": [
        {"status": 429, "retryAfter": 3},
        {"status": 502, "body": "html"},
        {"status": 200, "body": "truncated"},
        {"drop": true},
        {"status": 504, "afterHandling": true, "delayMs": 50}
    ]});
    let response = Client::new()
        .post(format!("{base}/__sandbox/faults"))
        .json(&script)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let body = json!({"subject": "x", "requesterEmail": "a@b.com"});
    let send = || {
        Client::new()
            .post(format!("{base}/api/v1/request"))
            .header("Authorization", &bearer)
            .json(&body)
            .send()
    };

    let limited = send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "3");
    let html = send().await.unwrap();
    assert_eq!(html.status(), StatusCode::BAD_GATEWAY);
    assert!(html.text().await.unwrap().starts_with("<html>"));
    let truncated = send().await.unwrap();
    assert!(serde_json::from_str::<Value>(&truncated.text().await.unwrap()).is_err());
    let dropped = match send().await {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(dropped, "the connection closes without an answer");
    let ambiguous = send().await.unwrap();
    assert_eq!(ambiguous.status(), StatusCode::GATEWAY_TIMEOUT);
    // …but that ticket was created: the "sent, no answer" case.
    let (status, ticket) = create(&base, Some(&bearer), body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        ticket["name"], "INC-1002",
        "INC-1001 was created behind the 504"
    );
}

async fn token_of(base: &str, user: &str, password: &str) -> String {
    let answer: Value = grant(base, CLIENT, user, password)
        .await
        .json()
        .await
        .unwrap();
    format!("Bearer {}", answer["access_token"].as_str().unwrap())
}

async fn post(base: &str, path: &str, bearer: &str, body: Value) -> (StatusCode, Value) {
    let response = Client::new()
        .post(format!("{base}{path}"))
        .header("Authorization", bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

fn by_requester(email: &str) -> Value {
    json!({"qualDetails": {"type": "FlatQualificationRest", "quals": [
        {"type": "RelationalQualificationRest",
         "leftOperand": {"type": "PropertyOperandRest", "key": "request.requesterEmail"},
         "operator": "Equal",
         "rightOperand": {"type": "ValueOperandRest", "value": {"type": "StringValueRest", "value": email}}}]}})
}

#[tokio::test]
async fn a_requester_comments_with_files_and_reads_the_conversation_back() {
    let running = sandbox::spawn(Options::default()).await.unwrap();
    let base = running.base.clone();
    let bearer = token_of(&base, "demo@example.com", "demo").await;
    let ticket = running.add_ticket("demo@example.com", "Printer jam");
    let id = ticket["id"].as_i64().unwrap();
    let path = format!("/api/v1/request/{id}/conversation");
    let reference = upload(&base, Some(&bearer), "photo.png", vec![1, 2, 3])
        .await
        .json::<Value>()
        .await
        .unwrap()["refFileName"]
        .as_str()
        .unwrap()
        .to_owned();
    let comment = json!({"conversationType": "requestor_to_technician", "conversationState": "published",
        "details": "a &amp; b<br>&lt;img&gt;", "fileAttachments": [{"refFileName": reference, "realName": "photo.png"}]});
    let (status, stored) = post(&base, &path, &bearer, comment.clone()).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert!(stored["id"].as_i64().is_some());
    assert_eq!(stored["details"], comment["details"]);
    // Times in conversations are formatted text, not epoch milliseconds.
    assert!(stored["createdTime"]
        .as_str()
        .is_some_and(|time| time.contains(", 20")));

    // The same file cannot be attached twice.
    let (status, again) = post(&base, &path, &bearer, comment.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(again["userMessage"]
        .as_str()
        .unwrap()
        .starts_with("fileAttachments:"));

    let (status, found) = post(&base, &format!("{path}/search/byqual"), &bearer, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["totalCount"], 1);
    assert_eq!(found["objectList"][0], stored);
    assert_eq!(running.received_comments(id), [comment]);
}

#[tokio::test]
async fn a_comment_is_checked_strictly() {
    let running = sandbox::spawn(Options::default()).await.unwrap();
    let base = running.base.clone();
    let bearer = token_of(&base, "demo@example.com", "demo").await;
    let id = running.add_ticket("demo@example.com", "x")["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/request/{id}/conversation");
    let good = json!({"conversationType": "requestor_to_technician", "conversationState": "published", "details": "Hello"});
    let cases = [
        (
            json!({"conversationState": "published", "details": "x"}),
            "conversationType:",
        ),
        (
            json!({"conversationType": "note", "details": "x"}),
            "conversationType:",
        ),
        (
            json!({"conversationType": "requestor_to_technician"}),
            "details:",
        ),
        (
            json!({"conversationType": "requestor_to_technician", "details": "<p> </p>"}),
            "details:",
        ),
        (
            json!({"conversationType": "requestor_to_technician", "details": 7}),
            "details:",
        ),
        (
            json!({"conversationType": "requestor_to_technician", "details": "x", "conversationState": "draft"}),
            "conversationState:",
        ),
        (
            json!({"conversationType": "requestor_to_technician", "details": "x", "colour": "red"}),
            "colour:",
        ),
        (
            json!({"conversationType": "requestor_to_technician", "details": "x",
                "fileAttachments": [{"refFileName": "never-issued"}]}),
            "fileAttachments:",
        ),
    ];
    for (body, key) in cases {
        let (status, answer) = post(&base, &path, &bearer, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            answer["userMessage"].as_str().unwrap().starts_with(key),
            "{body}: {answer}"
        );
    }
    assert_eq!(post(&base, &path, &bearer, good).await.0, StatusCode::OK);
    assert_eq!(running.comments(id).len(), 1);
}

#[tokio::test]
async fn another_requesters_ticket_cannot_be_read_commented_or_found() {
    let running = sandbox::spawn(Options::default()).await.unwrap();
    let base = running.base.clone();
    let theirs = running.add_ticket("pat@example.com", "Pat's laptop")["id"]
        .as_i64()
        .unwrap();
    let demo = token_of(&base, "demo@example.com", "demo").await;
    let read = Client::new()
        .get(format!("{base}/api/v1/request/{theirs}"))
        .header("Authorization", &demo)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::FORBIDDEN);
    let comment = json!({"conversationType": "requestor_to_technician", "details": "mine now"});
    let path = format!("/api/v1/request/{theirs}/conversation");
    assert_eq!(
        post(&base, &path, &demo, comment.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&base, &format!("{path}/search/byqual"), &demo, json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (_, found) = post(
        &base,
        "/api/v1/request/search/byqual",
        &demo,
        by_requester("pat@example.com"),
    )
    .await;
    assert_eq!(found["totalCount"], 0);
    assert!(running.comments(theirs).is_empty());

    // Pat and technicians may.
    for (user, password) in [("pat@example.com", "pat"), ("tech@example.com", "tech")] {
        let bearer = token_of(&base, user, password).await;
        assert_eq!(
            post(&base, &path, &bearer, comment.clone()).await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn the_requesters_search_pages_newest_first_with_the_total() {
    let running = sandbox::spawn(Options::default()).await.unwrap();
    let base = running.base.clone();
    for n in 1..=23 {
        running.add_ticket("demo@example.com", &format!("Ticket {n}"));
        running.add_ticket("pat@example.com", &format!("Pat {n}"));
    }
    let bearer = token_of(&base, "demo@example.com", "demo").await;
    let mut subjects = Vec::new();
    for offset in [0, 10, 20] {
        let path =
            format!("/api/v1/request/search/byqual?offset={offset}&size=10&sort_by=createdTime");
        let (status, page) = post(&base, &path, &bearer, by_requester("Demo@Example.com")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["totalCount"], 23);
        let list = page["objectList"].as_array().unwrap();
        assert_eq!(list.len(), if offset == 20 { 3 } else { 10 });
        subjects.extend(
            list.iter()
                .map(|ticket| ticket["subject"].as_str().unwrap().to_owned()),
        );
    }
    let expected: Vec<String> = (1..=23).rev().map(|n| format!("Ticket {n}")).collect();
    assert_eq!(subjects, expected);
    let bad = "/api/v1/request/search/byqual?offset=0&size=500";
    assert_eq!(
        post(&base, bad, &bearer, by_requester("demo@example.com"))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    let bad = "/api/v1/request/search/byqual?sort_by=colour";
    assert_eq!(
        post(&base, bad, &bearer, by_requester("demo@example.com"))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

/// A browser kept from one test for the next keeps each origin's storage:
/// a sandbox must never come back on a port an earlier one served from,
/// even once that one has stopped and its port is free again.
#[test]
fn no_two_sandboxes_of_one_process_share_a_port_even_after_one_stopped() {
    let mut ports = std::collections::BTreeSet::new();
    // Enough that the system, left to itself, hands out some port twice.
    for _ in 0..1_000 {
        // Each on a runtime of its own, stopped (and its port freed) at once.
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let base = runtime.block_on(start(Options::default()));
        drop(runtime);
        let port = base.rsplit(':').next().unwrap().to_owned();
        assert!(ports.insert(port.clone()), "port {port} served twice");
    }
}

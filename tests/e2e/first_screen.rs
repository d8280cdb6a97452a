//! The first screen: the form is usable before the app (the Leptos form,
//! a chunk of its own) has arrived, on any connection; the app then
//! takes over everything typed, picked or pressed there. A part that fails
//! to load says so, keeps what was typed, and can be tried again.

use sandbox::Fault;
use serde_json::{json, Value};

use crate::harness::{
    config_file, engine, png_file, token_as, token_for, Engine, Portal, ShadowForm,
};

const INTRANET: &str = "/pages/intranet.html";
const APP: &str = "file:split_app.wasm";
const STYLESHEET: &str = "file:support-request-form.css";

/// The intranet page, with its errors watched (the sandbox's faults are
/// scripted before, so they hold from its first request).
async fn open_intranet(page: &Portal) {
    page.browser
        .goto(&format!("{}{INTRANET}", page.base))
        .await
        .unwrap();
    page.watch().await;
}

/// The intranet page in a new browser (the app's chunk is not in its
/// cache yet), the chunk answered `ms` late.
async fn app_late(ms: u64) -> Portal {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    page.sandbox.script(APP, [Fault::late(ms)]);
    open_intranet(&page).await;
    page
}

/// The element, added to a page whose main module and app load slowly.
async fn slow_element(app_delay_ms: u64) -> (Portal, ShadowForm) {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    page.slow_app(app_delay_ms);
    open_intranet(&page).await;
    let form = page.add_with_token("slow").await;
    (page, form)
}

#[tokio::test]
async fn typing_starts_on_the_first_screen_and_the_app_keeps_it_with_the_focus() {
    let (page, form) = slow_element(3000).await;
    form.fill("Subject", "Printer").await;
    form.fill("Requester email", "demo@example.com").await;
    let picked = png_file("before-the-app.png", 2000);
    form.pick("Attachments", &[&picked]).await;
    form.field("Subject").await.click().await.unwrap();
    assert!(
        page.first_screen_shows("slow").await,
        "typed on the first screen, before the app arrived"
    );
    page.app_took_over("slow").await;
    assert_eq!(form.value("Subject").await, "Printer");
    assert_eq!(form.value("Requester email").await, "demo@example.com");
    let focused = page
        .browser
        .execute(
            "const root = document.getElementById('slow').shadowRoot;
             return root.activeElement && root.activeElement.id",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        focused.as_str().unwrap().ends_with("-subject"),
        "focus stayed in Subject: {focused}"
    );
    form.wait_for_text(".srf-file", |t| t.contains("Uploaded"))
        .await;
    // Keys go on where they were.
    page.browser
        .execute(
            "const input = document.getElementById('slow').shadowRoot.activeElement;
             input.setSelectionRange(input.value.length, input.value.length);",
            vec![],
        )
        .await
        .unwrap();
    form.field("Subject").await.send_keys(" jam").await.unwrap();
    assert_eq!(form.value("Subject").await, "Printer jam");
    form.click("Submit request").await;
    form.ticket_number().await;
    let sent = &page.sandbox.received()[0];
    assert_eq!(sent["subject"], "Printer jam");
    assert_eq!(sent["fileAttachments"][0]["realName"], "before-the-app.png");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

/// No timer guesses the connection's speed: with the main module quick
/// and the app 700 ms behind it (the form used to wait up to 1 s for the
/// app before painting anything), the first screen shows as soon as the
/// configuration is ready, and the app then takes over.
#[tokio::test]
async fn a_quick_main_module_paints_the_first_screen_without_waiting_for_the_app() {
    let page = app_late(700).await;
    // The first frame that shows the first screen.
    page.browser
        .execute(
            "window.firstScreenAt = null;
             (function look() {
                 const root = document.getElementById('quick')?.shadowRoot;
                 if (root && root.querySelector('.srf-first:not([hidden])')) {
                     window.firstScreenAt = performance.now();
                 } else {
                     requestAnimationFrame(look);
                 }
             })();",
            vec![],
        )
        .await
        .unwrap();
    let form = page.add_with_token("quick").await;
    page.app_took_over("quick").await;
    let moments = page
        .browser
        .execute(
            "const app = performance.getEntriesByType('resource')
                 .find(entry => entry.name.endsWith('/split_app.wasm'));
             return [window.firstScreenAt, app ? app.responseEnd : null];",
            vec![],
        )
        .await
        .unwrap();
    let shown = moments[0].as_f64().expect("the first screen was shown");
    let arrived = moments[1].as_f64().expect("the app's chunk was fetched");
    assert!(
        shown < arrived,
        "the first screen showed at {shown} ms, before the app arrived at {arrived} ms"
    );
    form.fill("Subject", "Quick start").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Quick start");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

/// Collects layout shifts (`window.shifts`, Chromium only) and largest
/// contentful paints (`window.largest`) from the page's start.
const OBSERVE_PAINTS: &str = "window.shifts = []; window.largest = [];
    const watch = (type, into) => {
        if (!PerformanceObserver.supportedEntryTypes.includes(type)) return;
        new PerformanceObserver((list) => into.push(...list.getEntries()))
            .observe({type, buffered: true});
    };
    watch('layout-shift', window.shifts);
    watch('largest-contentful-paint', window.largest);";

/// Adds `#quick` (with a host token) to the intranet page, already open,
/// once the page has its scroll bar for good (so the forms growing the
/// page do not move its content sideways; `window.from` is when) and has
/// run `watch` (observers, a frame watcher). Returns where the form's
/// labels, controls and buttons are drawn once its first screen shows.
async fn quick_first_screen(page: &Portal, watch: &str) -> Vec<Value> {
    page.browser
        .execute(
            "document.documentElement.style.overflowY = 'scroll';
             requestAnimationFrame(() => requestAnimationFrame(() => window.from = performance.now()));",
            vec![],
        )
        .await
        .unwrap();
    page.wait_until("return window.from || null", "the scroll bar drawn")
        .await;
    page.browser.execute(watch, vec![]).await.unwrap();
    page.add_with_token("quick").await;
    page.wait_until(
        "const root = document.getElementById('quick').shadowRoot;
         return root?.querySelector('.srf-first textarea')?.checkVisibility() || null",
        "the first screen shown",
    )
    .await;
    page.places("quick").await
}

/// The app takes over the first screen with the same markup: every
/// label, control, heading and button stays where it was drawn, the
/// browser sees no layout shift (Chromium reports them; Firefox has no
/// such entries, and the places are compared in both), and nothing the
/// app paints is a larger contentful paint than what the first screen
/// showed: the largest paint is the one the person saw first.
#[tokio::test]
async fn the_apps_take_over_moves_nothing_and_paints_nothing_larger_than_the_first_screen() {
    let page = app_late(1500).await;
    let first = quick_first_screen(&page, OBSERVE_PAINTS).await;
    page.app_took_over("quick").await;
    Portal::drawn_where_they_were(&first, &page.places("quick").await);
    let seen = page
        .browser
        .execute(
            "const app = performance.getEntriesByType('resource')
                 .find(entry => entry.name.endsWith('/split_app.wasm'));
             return {
                 shifted: window.shifts.filter((shift) => shift.startTime >= app.responseEnd)
                     .reduce((sum, shift) => sum + shift.value, 0),
                 lastLargest: Math.max(0, ...window.largest.map((paint) => paint.startTime)),
                 largest: window.largest.length,
                 arrived: app.responseEnd,
             };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        seen["shifted"], 0,
        "no layout shift after the app arrived: {seen}"
    );
    assert!(
        seen["largest"].as_u64().unwrap() > 0,
        "the browser reported the largest contentful paint: {seen}"
    );
    assert!(
        seen["lastLargest"].as_f64().unwrap() < seen["arrived"].as_f64().unwrap(),
        "the last largest contentful paint came before the app did: {seen}"
    );
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

/// A shadow root's stylesheet does not hold the page's rendering back, so
/// a first screen painted before it arrives would be drawn unstyled and
/// then shift as a whole (and push what is below it). It is kept out of
/// the layout until the stylesheet is there, then shows where the app
/// will draw it. Every frame is watched: none shows the first screen
/// unstyled, and nothing shifts. (Chromium paints the first screen while
/// the stylesheet is on its way, as the frames show; Firefox holds the
/// main module's fetch behind a stylesheet still loading, so there the
/// first screen comes after it.)
#[tokio::test]
async fn a_first_screen_painted_before_its_stylesheet_shows_only_once_styled_and_nothing_shifts() {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    page.sandbox.script(STYLESHEET, vec![Fault::late(2500); 10]);
    page.sandbox.script(APP, [Fault::late(4000)]);
    open_intranet(&page).await;
    let first = quick_first_screen(
        &page,
        &format!(
            "{OBSERVE_PAINTS}
             window.frames_ = {{unstyled: 0, waiting: 0, styled: 0}};
             (function look() {{
                 const root = document.getElementById('quick')?.shadowRoot;
                 const first = root?.querySelector('.srf-first');
                 if (first?.querySelector('textarea')) {{
                     const styled = root.querySelector('link[rel=stylesheet]').sheet !== null;
                     const shown = first.checkVisibility();
                     window.frames_[styled ? 'styled' : shown ? 'unstyled' : 'waiting'] += 1;
                 }}
                 if (!root?.querySelector('.srf-form-root') || first) requestAnimationFrame(look);
             }})();"
        ),
    )
    .await;
    page.app_took_over("quick").await;
    Portal::drawn_where_they_were(&first, &page.places("quick").await);
    let seen = page
        .browser
        .execute(
            "return {frames: window.frames_,
                     shifted: window.shifts.filter((shift) => shift.startTime > window.from)
                         .reduce((sum, shift) => sum + shift.value, 0)}",
            vec![],
        )
        .await
        .unwrap();
    let frames = &seen["frames"];
    assert_eq!(frames["unstyled"], 0, "no frame showed it unstyled: {seen}");
    assert!(
        frames["styled"].as_u64().unwrap() > 0,
        "frames showed it styled: {seen}"
    );
    if engine() == Engine::Chromium {
        assert!(
            frames["waiting"].as_u64().unwrap() > 0,
            "painted while the stylesheet was on its way, it waited out of sight: {seen}"
        );
    }
    assert_eq!(seen["shifted"], 0, "no layout shift: {seen}");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

/// A stylesheet that cannot be loaded does not keep the first screen out
/// of sight: it shows unstyled, and can be typed in and sent.
#[tokio::test]
async fn a_first_screen_whose_stylesheet_fails_still_shows_and_sends() {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    let missing = sandbox::Fault {
        status: Some(404),
        delay_ms: 1000,
        ..sandbox::Fault::default()
    };
    page.sandbox.script(STYLESHEET, vec![missing; 10]);
    page.sandbox.script(APP, [Fault::late(2500)]);
    open_intranet(&page).await;
    quick_first_screen(&page, "").await;
    let form = page.shadow_form("#quick").await;
    form.fill("Subject", "Unstyled").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Unstyled");
    page.close().await;
}

/// Once the app's chunk has arrived, types into `#building`'s first-screen
/// Subject every task until the app has taken over: `window.typed` holds
/// what is in the field and how many keys it typed.
const TYPE_UNTIL_TAKEN_OVER: &str = "window.typed = {value: '', keys: 0};
    const next = new MessageChannel();
    next.port1.onmessage = () => {
        const root = document.getElementById('building').shadowRoot;
        const first = root.querySelector('.srf-first');
        if (!first) return;
        const arrived = performance.getEntriesByType('resource')
            .some((entry) => entry.name.endsWith('/split_app.wasm'));
        if (arrived) {
            const label = [...first.querySelectorAll('label')]
                .find((label) => label.textContent.trim().startsWith('Subject'));
            const input = root.getElementById(label.htmlFor);
            input.value += 'x';
            input.dispatchEvent(new Event('input', {bubbles: true}));
            window.typed.value = input.value;
            window.typed.keys += 1;
        }
        next.port2.postMessage(0);
    };
    next.port2.postMessage(0);";

/// The app is built a slice at a time behind the first screen, which stays
/// in use meanwhile, and takes its place in one task: every key typed on
/// the first screen, up to the moment it is replaced, is in the app and
/// in the request. (How long each slice blocks is measured by the bench's
/// Lighthouse "longest task" column, not here.)
#[tokio::test]
async fn keys_typed_while_the_app_is_built_behind_the_first_screen_all_reach_the_request() {
    let page = app_late(700).await;
    let form = page.add_with_token("building").await;
    form.fill("Requester email", "demo@example.com").await;
    assert!(page.first_screen_shows("building").await, "before the app");
    page.browser
        .execute(TYPE_UNTIL_TAKEN_OVER, vec![])
        .await
        .unwrap();
    page.app_took_over("building").await;
    let typed = page
        .browser
        .execute("return window.typed", vec![])
        .await
        .unwrap();
    let value = typed["value"].as_str().unwrap().to_owned();
    assert!(
        typed["keys"].as_u64().unwrap() > 0,
        "keys were typed on the first screen after the app's chunk arrived"
    );
    assert_eq!(
        form.value("Subject").await,
        value,
        "every key typed is kept"
    );
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], value.as_str());
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

/// On the `arguments[1]`-th task after the app's chunk has arrived (while
/// the app starts behind the first screen), does `arguments[2]` to the
/// form `#arguments[0]`: `remove` it, or give it `arguments[3]` as its
/// configuration and German as its language. `window.acted` says when,
/// and `window.firstShown` whether the first screen was still there.
const WHILE_THE_APP_STARTS: &str = "const [id, tasks, action, config] = arguments;
    window.acted = false;
    let after = 0;
    const next = new MessageChannel();
    next.port1.onmessage = () => {
        const arrived = performance.getEntriesByType('resource')
            .some((entry) => entry.name.endsWith('/split_app.wasm'));
        if (arrived && ++after >= tasks) {
            const element = document.getElementById(id);
            window.firstShown = !!element.shadowRoot.querySelector('.srf-first');
            if (action === 'remove') {
                window.removed = element;
                element.remove();
            } else {
                element.config = config;
                element.setAttribute('locale', 'de');
            }
            window.acted = true;
            return;
        }
        next.port2.postMessage(0);
    };
    next.port2.postMessage(0);";

/// Moments the app is being started in, as tasks after its chunk arrived
/// (it is instantiated, then built a slice at a time, yielding between).
const WHILE_BUILT: [u64; 3] = [0, 1, 2];

/// Does `action` to the form `#id` `tasks` tasks after the app's chunk
/// has arrived (see [`WHILE_THE_APP_STARTS`]), once it has, before the
/// app has taken over.
async fn while_the_app_starts(page: &Portal, id: &str, tasks: u64, action: &str, config: Value) {
    page.browser
        .execute(
            WHILE_THE_APP_STARTS,
            vec![json!(id), json!(tasks), json!(action), config],
        )
        .await
        .unwrap();
    page.wait_until("return window.acted", action).await;
    let shown = page
        .browser
        .execute("return window.firstShown", vec![])
        .await
        .unwrap();
    assert_eq!(shown, json!(true), "{action} before the app took over");
}

#[tokio::test]
async fn removing_the_form_while_its_app_is_built_raises_no_error_and_leaves_nothing() {
    for tasks in WHILE_BUILT {
        let page = app_late(2000).await;
        // Built at the same time: once it has taken over, so would have
        // the one removed.
        page.add_with_token("kept").await;
        let gone = page.add_with_token("gone").await;
        gone.fill("Subject", "Removed while built").await;
        while_the_app_starts(&page, "gone", tasks, "remove", Value::Null).await;
        page.app_took_over("kept").await;
        let left = page
            .browser
            .execute("return window.removed.shadowRoot.childElementCount", vec![])
            .await
            .unwrap();
        assert_eq!(
            left,
            json!(0),
            "{tasks} tasks after: nothing left in the removed form"
        );
        assert_eq!(
            page.page_errors().await,
            Vec::<String>::new(),
            "{tasks} tasks after"
        );
        page.close().await;
    }
}

#[tokio::test]
async fn a_config_and_language_set_while_the_app_is_built_are_the_ones_it_shows_with_what_was_typed(
) {
    let config = crate::boot::shipped_config();
    for tasks in WHILE_BUILT {
        let page = app_late(2000).await;
        let form = page.add_with_token("building").await;
        let subject = format!("Typed {tasks} tasks before");
        form.fill("Subject", &subject).await;
        form.fill("Requester email", "demo@example.com").await;
        while_the_app_starts(&page, "building", tasks, "configure", config.clone()).await;
        page.app_took_over("building").await;
        form.wait_for_text("button", |text| text == "Anfrage senden")
            .await;
        assert_eq!(form.value("Betreff").await, subject, "{tasks} tasks after");
        form.fill("Asset tag", "AT-10432").await;
        form.click("Anfrage senden").await;
        form.ticket_number().await;
        let sent = page.sandbox.received().last().cloned().unwrap();
        assert_eq!(sent["subject"], subject.as_str());
        assert_eq!(sent["customField"]["Asset tag"], "AT-10432");
        assert_eq!(
            page.page_errors().await,
            Vec::<String>::new(),
            "{tasks} tasks after"
        );
        page.close().await;
    }
}

#[tokio::test]
async fn a_submit_pressed_before_the_app_arrives_is_sent_once_it_does() {
    let (page, form) = slow_element(2500).await;
    form.fill("Subject", "Sent from the first screen").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    assert!(page.sandbox.received().is_empty(), "nothing sent yet");
    form.ticket_number().await;
    assert_eq!(page.sandbox.received().len(), 1);
    assert_eq!(
        page.sandbox.received()[0]["subject"],
        "Sent from the first screen"
    );
    page.close().await;
}

/// A host page with the module and nothing else: the only form on it is
/// the one a test adds (a form that fails to load the app tells no one
/// else; the next one to ask loads it again).
const EMPTY_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Empty</title>
<script type="module" src="../support-request-form.js"></script></head><body><main></main></body></html>"#;

#[tokio::test]
async fn a_failed_load_says_so_keeps_what_was_typed_and_can_be_tried_again() {
    let page = Portal::open_at(
        sandbox::Options {
            pages: vec![("/pages/empty.html".into(), EMPTY_PAGE.into())],
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await;
    page.sandbox
        .script("file:support-request-form-wasm_bg.wasm", [Fault::late(400)]);
    page.sandbox.script(
        APP,
        [Fault {
            status: Some(404),
            ..Fault::default()
        }],
    );
    page.browser
        .goto(&format!("{}/pages/empty.html", page.base))
        .await
        .unwrap();
    let form = page.add_with_token("slow").await;
    form.fill("Subject", "Kept through a failed load").await;
    form.wait_for_text(".srf-load-error", |t| {
        t.contains("Part of the form could not be loaded")
    })
    .await;
    assert_eq!(form.value("Subject").await, "Kept through a failed load");
    form.click("Try again").await;
    page.app_took_over("slow").await;
    assert_eq!(form.value("Subject").await, "Kept through a failed load");
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    page.close().await;
}

#[tokio::test]
async fn the_portal_sign_in_works_before_the_app_arrives() {
    let portal = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    portal.slow_app(2500);
    portal
        .browser
        .goto(&format!("{}/", portal.base))
        .await
        .unwrap();
    portal.sign_in("demo@example.com", "demo").await;
    assert!(
        portal.portal_first_screen_shows().await,
        "signed in on the first screen"
    );
    portal.fill("Subject", "After a slow start").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    portal.close().await;
}

#[tokio::test]
async fn every_widget_kind_filled_on_the_first_screen_reaches_the_request_unchanged() {
    // All 14 kinds: text, long text, email, dropdown, number, radio,
    // checkbox group, multiselect, checkbox, date-time, email list, tag
    // list, assets and files.
    let portal = Portal::open_at(
        sandbox::Options {
            form_config: Some(config_file("examples/config-technician.json")),
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await;
    // Signed in earlier in this tab: the portal's first screen is the form.
    let token = token_as(&portal.base, "tech@example.com", "tech").await;
    portal.signed_in_earlier(&token, "tech@example.com").await;
    portal.slow_app(15_000);
    portal
        .browser
        .goto(&format!("{}/", portal.base))
        .await
        .unwrap();
    let select = |label: &'static str, option: &'static str| {
        let portal = &portal;
        async move {
            portal
                .field(label)
                .await
                .select_by_label(option)
                .await
                .unwrap();
        }
    };
    portal.fill("Subject", "Laptop dock broken").await;
    portal.fill("Description", "Both monitors stay dark.").await;
    portal.fill("Requester email", "a@b.com").await;
    portal
        .fill("CC emails", "pat@example.com, demo@example.com")
        .await;
    select("Category", "Hardware").await;
    select("Priority", "High").await;
    portal.fill("Tags", "dock, monitor; usb-c").await;
    portal.field("Spam").await.click().await.unwrap();
    portal.fill("Assignee email", "tech@example.com").await;
    select("Technician group", "Network Team").await;
    portal.fill("Asset model", "asset_hardware").await;
    portal.fill("Asset id", "42").await;
    portal.fill("Asset tag", "AT-10432").await;
    portal
        .fill("Steps to reproduce", "Plug in the dock\nNothing happens")
        .await;
    portal.fill("Floor", "3,5").await;
    select("Operating system", "macOS").await;
    let apps = portal.field("Affected apps").await;
    for app in ["VPN", "Intranet"] {
        apps.find(fantoccini::Locator::XPath(&format!("option[.='{app}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    portal.choose("Contact by", "Email").await;
    portal.choose("Contact by", "Chat").await;
    portal.choose("Business impact", "High").await;
    let needed_by = portal.field("Needed by").await;
    let expected_time = portal
        .browser
        .execute(
            "const [input] = arguments; input.value = '2026-12-01T10:30';
             input.dispatchEvent(new Event('change', {bubbles: true}));
             return new Date('2026-12-01T10:30').getTime();",
            vec![serde_json::to_value(&needed_by).unwrap()],
        )
        .await
        .unwrap();
    let picked = png_file("every-widget.png", 1500);
    portal.pick("Attachments", &[&picked]).await;
    assert!(
        portal.portal_first_screen_shows().await,
        "all of it typed on the first screen"
    );
    portal.click("Submit request").await;
    // Sent once the app has arrived (it is held back 15 s).
    portal.wait_for_a_request().await;
    portal.ticket_number().await;
    let sent = portal.sandbox.received();
    let [sent] = &sent[..] else {
        panic!("one request: {sent:?}");
    };
    let reference = sent["fileAttachments"][0]["refFileName"].clone();
    assert_eq!(
        sent,
        &json!({
            "subject": "Laptop dock broken", "description": "Both monitors stay dark.",
            "requesterEmail": "a@b.com", "ccEmailSet": ["pat@example.com", "demo@example.com"],
            "categoryName": "Hardware", "priorityName": "High",
            "tags": ["dock", "monitor", "usb-c"], "spam": true,
            "assigneeEmail": "tech@example.com", "groupName": "Network Team",
            "source": "Technician Portal", "statusName": "Open",
            "linkAssetIds": [{"assetModel": "asset_hardware", "assetId": 42}],
            "fileAttachments": [{"refFileName": reference, "realName": "every-widget.png"}],
            "customField": {
                "Asset tag": "AT-10432", "Steps to reproduce": "Plug in the dock\nNothing happens",
                "Floor": 3.5, "Operating system": "macOS", "Affected apps": ["VPN", "Intranet"],
                "Contact by": ["Email", "Chat"], "Business impact": "High", "Needed by": expected_time
            }
        })
    );
    portal.close().await;
}

#[tokio::test]
async fn the_file_pickers_button_speaks_the_forms_language_before_and_after_the_app_arrives() {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    page.slow_app(3000);
    open_intranet(&page).await;
    let token = token_for(&page.base).await;
    page.add_element(
        "arabic",
        json!({"server-url": page.base, "token": token, "locale": "ar"}),
        None,
    )
    .await;
    // The picker: our label in the form's words over the input, which
    // stays the focusable control (the label is not read out twice).
    let picker = "const root = document.getElementById('arabic')?.shadowRoot;
        const input = root?.querySelector('input[type=file]');
        const label = input && input.nextElementSibling;
        return input && label && [label.tagName, label.htmlFor === input.id, label.getAttribute('aria-hidden'),
            label.textContent, input.tabIndex, getComputedStyle(label).display !== 'none'];";
    let expected = json!(["LABEL", true, "true", "اختيار ملفات", 0, true]);
    let first = page.wait_until(picker, "the first screen's picker").await;
    assert!(page.first_screen_shows("arabic").await);
    assert_eq!(first, expected, "on the first screen");
    page.app_took_over("arabic").await;
    let app = page.wait_until(picker, "the app's picker").await;
    assert_eq!(app, expected, "in the app");
    page.close().await;
}

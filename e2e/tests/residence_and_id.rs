//! The walking skeleton's journey in Chromium: the demo page, the widget in its iframe, a province
//! chosen, its terms and the government IDs its residents can present.

use e2e::{browser::Browser, checkout::Checkout, eventually};

/// Waits until the terms region shows a document of `region` and returns its text.
async fn terms_of(browser: &Browser, region: &str) -> String {
    let css = format!("#terms .terms__document[data-region='{region}']");
    eventually(&format!("the {region} terms"), || async {
        browser
            .text(&css)
            .await
            .ok_or(browser.text("#terms").await.unwrap_or_default())
    })
    .await
}

fn labels(options: &[(String, String)]) -> Vec<&str> {
    options.iter().map(|(_, label)| label.as_str()).collect()
}

fn codes(options: &[(String, String)]) -> Vec<&str> {
    options.iter().map(|(code, _)| code.as_str()).collect()
}

#[tokio::test]
async fn ontario_then_quebec_changes_the_terms_and_the_id_types() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;

    let provinces = eventually("the province select", || async {
        let options = browser.options("province").await;
        if options.len() == 13 {
            Ok(options)
        } else {
            Err(format!("{options:?}"))
        }
    })
    .await;
    assert!(labels(&provinces).contains(&"Quebec"), "{provinces:?}");
    assert_eq!(
        browser.text("#terms").await.as_deref(),
        Some("Choose your province or territory to read the terms that apply to you.")
    );

    browser.choose("province", "ON").await;
    let ontario_terms = terms_of(&browser, "RestOfCanada").await;
    assert!(ontario_terms.contains("Rest of Canada"), "{ontario_terms}");
    let ontario_ids = browser.options("govid-type").await;
    assert!(
        labels(&ontario_ids).contains(&"Provincial ID Card"),
        "{ontario_ids:?}"
    );
    assert!(
        labels(&ontario_ids).contains(&"Passport"),
        "{ontario_ids:?}"
    );
    // Issued only by British Columbia: not something an Ontario resident is offered.
    assert!(!codes(&ontario_ids).contains(&"CAICBC"), "{ontario_ids:?}");

    browser.choose("govid-type", "CAPID").await;
    assert_eq!(
        browser.options("govid-issuer").await,
        vec![("ON".to_owned(), "Ontario".to_owned())]
    );
    assert_eq!(
        browser.value("govid-issuer").await,
        "ON",
        "the shopper's province is preselected"
    );

    browser.choose("province", "QC").await;
    let quebec_terms = terms_of(&browser, "Quebec").await;
    assert!(
        quebec_terms.contains("for Quebec Residents"),
        "{quebec_terms}"
    );
    assert!(
        quebec_terms.contains("Right of cancellation"),
        "{quebec_terms}"
    );
    let quebec_ids = browser.options("govid-type").await;
    assert!(
        !labels(&quebec_ids).contains(&"Provincial ID Card"),
        "{quebec_ids:?}"
    );
    assert!(
        labels(&quebec_ids).contains(&"Driver's Licence"),
        "{quebec_ids:?}"
    );
    assert_eq!(
        browser.value("govid-type").await,
        "",
        "a new province clears the ID type"
    );

    browser.choose("govid-type", "CADL").await;
    let issuers = browser.options("govid-issuer").await;
    assert!(issuers.len() > 1, "{issuers:?}");
    assert_eq!(
        browser.value("govid-issuer").await,
        "QC",
        "the shopper's province is preselected"
    );
    browser.choose("govid-type", "CAP").await;
    assert_eq!(
        browser.options("govid-issuer").await,
        vec![("CANADA".to_owned(), "Canada".to_owned())]
    );
    assert_eq!(
        browser.value("govid-issuer").await,
        "CANADA",
        "the only issuer is preselected"
    );

    browser.screenshot("residence-and-id-en").await;
    browser.close().await;
}

#[tokio::test]
async fn a_french_speaking_shopper_reads_the_quebec_terms_in_french() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url("/demo/?locale=fr-CA"))
        .await;

    let title = browser
        .client()
        .find(fantoccini::Locator::Css("h1"))
        .await
        .expect("a heading");
    assert_eq!(
        title.text().await.expect("its text"),
        "Demande de financement Flexiti"
    );
    let lang = browser
        .js("return document.documentElement.lang;", vec![])
        .await;
    assert_eq!(lang, "fr-CA");
    let provinces = eventually("the province select", || async {
        let options = browser.options("province").await;
        if options.is_empty() {
            Err("no options".to_owned())
        } else {
            Ok(options)
        }
    })
    .await;
    assert!(labels(&provinces).contains(&"Québec"), "{provinces:?}");

    browser.choose("province", "QC").await;
    let terms = terms_of(&browser, "Quebec").await;
    assert!(terms.contains("résidents du Québec"), "{terms}");
    assert!(terms.contains("Droit de résolution"), "{terms}");
    let ids = browser.options("govid-type").await;
    assert!(labels(&ids).contains(&"Permis de conduire"), "{ids:?}");

    browser.screenshot("residence-and-id-fr").await;
    browser.close().await;
}

//! The session kept current while a flow is shown: the merchant's server may change the amount
//! while the shopper is here (a coupon).

use std::{cell::RefCell, rc::Rc};

use shared::CheckoutView;
use wasm_bindgen_futures::spawn_local;

use crate::{api, dom::Interval};

/// How often the widget reads its session again for a changed amount.
const SESSION_REFRESH_SECONDS: u64 = 15;

/// Reads the session again into `session`: whether it changed, or `None` when it could not be
/// read (`session` is then as it was).
pub async fn read(session: &RefCell<CheckoutView>) -> Option<bool> {
    let fresh = api::session_now().await.ok()?;
    let changed = *session.borrow() != fresh;
    if changed {
        *session.borrow_mut() = fresh;
    }
    Some(changed)
}

/// Reads the session every [`SESSION_REFRESH_SECONDS`], and runs `changed` after each change,
/// until the returned interval drops.
pub fn keep(session: Rc<RefCell<CheckoutView>>, changed: impl Fn() + 'static) -> Interval {
    let changed = Rc::new(changed);
    let every = i32::try_from(SESSION_REFRESH_SECONDS * 1000).unwrap_or(i32::MAX);
    Interval::every(every, move || {
        let (session, changed) = (Rc::clone(&session), Rc::clone(&changed));
        spawn_local(async move {
            if read(&session).await == Some(true) {
                changed();
            }
        });
    })
}

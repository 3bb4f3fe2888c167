//! What a flow's screen loads from the proxy when it appears (the form's options, the terms,
//! the disclosures): the browser's parsed answer in a signal, read as its type.
//!
//! Not a `LocalResource`: Leptos's async machinery (an `AsyncDerived` with its futures, wakers
//! and transitions) cost the shopper's download 7.5 KiB brotli, for what an effect, a signal and
//! `spawn_local` do here. Every [`Loaded`] holds the same signal type, so this is compiled
//! once for all of them rather than once per answer type.

use std::{future::Future, pin::Pin};

use leptos::{prelude::*, task::spawn_local};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::{api::ApiFailure, json};

/// An answer being loaded: `None` while it loads, then the answer to the `GET` read as a `T`.
pub struct Loaded<T> {
    answer: RwSignal<Progress>,
    /// Bumped to load again.
    again: RwSignal<u32>,
    /// Reads the browser's parsed answer as a `T`.
    read: fn(JsValue) -> Option<T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: DeserializeOwned> Loaded<T> {
    /// Loads the answer that `load` starts (an `api` read), and again each time a signal that
    /// `load` reads changes. `load` starts none when there is nothing to load. The answer is read
    /// by the serde bridge.
    pub fn new<F>(load: impl Fn() -> Option<F> + 'static) -> Loaded<T>
    where
        F: Future<Output = Result<JsValue, ApiFailure>> + 'static,
    {
        Loaded::read_by(json::from_value, load)
    }
}

impl<T> Loaded<T> {
    /// [`Loaded::new`], with the answer read by `read`.
    fn read_by<F>(
        read: fn(JsValue) -> Option<T>,
        load: impl Fn() -> Option<F> + 'static,
    ) -> Loaded<T>
    where
        F: Future<Output = Result<JsValue, ApiFailure>> + 'static,
    {
        let (answer, again) = loader(Box::new(move || {
            load().map(|answer| Box::pin(answer) as Answer)
        }));
        Loaded {
            answer,
            again,
            read,
        }
    }

    /// `None` while loading; then `None` inside when there was nothing to load, or the answer.
    pub fn get(&self) -> Option<Option<Result<T, ApiFailure>>> {
        let read = self.read;
        self.answer.get().map(|loaded| {
            loaded.map(|answer| answer.and_then(|body| read(body).ok_or(ApiFailure::Network)))
        })
    }

    /// `None` while loading, or when there was nothing to load; then the answer.
    pub fn answer(&self) -> Option<Result<T, ApiFailure>> {
        self.get().flatten()
    }

    /// Loads it again.
    pub fn refetch(&self) {
        self.again.update(|count| *count = count.wrapping_add(1));
    }
}

/// `None` while the first load runs; then `None` inside when there was nothing to load, or the
/// answer.
type Progress = Option<Option<Result<JsValue, ApiFailure>>>;

/// An answer on its way, whichever `api` read it comes from.
type Answer = Pin<Box<dyn Future<Output = Result<JsValue, ApiFailure>>>>;

/// The answer's signal and the signal that loads again, built by one (non-generic) function:
/// `load` runs in an effect, so it runs again when a signal it reads changes. While a new answer
/// loads, the last one stays (as a `LocalResource` keeps it); an answer to a load that a newer one
/// replaced is dropped, so a slow answer never overwrites a later one.
fn loader(load: Box<dyn Fn() -> Option<Answer>>) -> (RwSignal<Progress>, RwSignal<u32>) {
    let answer = RwSignal::new(None);
    let again = RwSignal::new(0_u32);
    let latest = StoredValue::new(0_u32);
    Effect::new(move || {
        again.track();
        // Numbered before anything else: a load still on its way is outdated by this one, even
        // when this one finds nothing to load.
        let load_number = latest.get_value().wrapping_add(1);
        latest.set_value(load_number);
        let Some(started) = load() else {
            answer.set(Some(None));
            return;
        };
        spawn_local(async move {
            let got = started.await;
            if latest.try_get_value() == Some(load_number) {
                answer.try_set(Some(Some(got)));
            }
        });
    });
    (answer, again)
}

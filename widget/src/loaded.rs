//! What a screen loads from the proxy when it appears (the session, the form's options, the
//! terms, the disclosures): a `LocalResource` of the browser's parsed answer, read as its type.
//!
//! Every [`Loaded`] holds the same resource type, so Leptos's async machinery (an `AsyncDerived`
//! with its futures and wakers) is compiled once for all of them rather than once per answer
//! type: about 3 KB brotli of the shopper's download.

use std::{future::Future, marker::PhantomData, pin::Pin};

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiFailure};

/// An answer being loaded: `None` while it loads, then the answer to the `GET` read as a `T`.
pub struct Loaded<T> {
    answer: LocalResource<Option<Result<JsValue, ApiFailure>>>,
    reads_as: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: DeserializeOwned> Loaded<T> {
    /// Loads the answer that `load` starts (an `api` read), and again each time a signal that
    /// `load` reads changes. `load` starts none when there is nothing to load.
    pub fn new<F>(load: impl Fn() -> Option<F> + 'static) -> Loaded<T>
    where
        F: Future<Output = Result<JsValue, ApiFailure>> + 'static,
    {
        Loaded {
            answer: resource(Box::new(move || {
                load().map(|answer| Box::pin(answer) as Answer)
            })),
            reads_as: PhantomData,
        }
    }

    /// `None` while loading; then `None` inside when there was nothing to load, or the answer.
    pub fn get(&self) -> Option<Option<Result<T, ApiFailure>>> {
        self.answer
            .get()
            .map(|loaded| loaded.map(|answer| answer.and_then(api::decode)))
    }

    /// `None` while loading, or when there was nothing to load; then the answer.
    pub fn answer(&self) -> Option<Result<T, ApiFailure>> {
        self.get().flatten()
    }

    /// Loads it again.
    pub fn refetch(&self) {
        self.answer.refetch();
    }
}

/// An answer on its way, whichever `api` read it comes from.
type Answer = Pin<Box<dyn Future<Output = Result<JsValue, ApiFailure>>>>;

/// The one resource type, built by one (non-generic) function.
fn resource(
    load: Box<dyn Fn() -> Option<Answer>>,
) -> LocalResource<Option<Result<JsValue, ApiFailure>>> {
    LocalResource::new(move || {
        let answer = load();
        async move {
            match answer {
                Some(answer) => Some(answer.await),
                None => None,
            }
        }
    })
}

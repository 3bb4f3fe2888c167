//! Entry point of the widget's wasm binary; everything else is in `lib.rs`.

fn main() {
    widget::start();
}

//! The `collectssl` command.

fn main() {}

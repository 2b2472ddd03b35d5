//! The `glue-lint` binary: all of it is in `glue_lint::cli`.

fn main() {
    std::process::exit(glue_lint::cli::main());
}

// Compiles the long-double shim used by INCRBYFLOAT (see src/longdouble.c).
fn main() {
    println!("cargo:rerun-if-changed=src/longdouble.c");
    cc::Build::new()
        .file("src/longdouble.c")
        .warnings(true)
        .compile("strata_longdouble");
}

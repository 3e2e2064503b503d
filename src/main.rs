//! The `jabat` binary: everything lives in the library; this only hands over.

// sled and bulk imports allocate heavily from several threads; glibc's allocator
// spent a third of an import in malloc/free and its arena locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jabat::cli::main()
}
